/**
 * Escalation policies (DESIGN §7): a team with a policy is paged step by step — step 1 at once, each later
 * step after its delay unless someone acknowledges — with repeats, round-robin, hand-off to another policy,
 * empty steps skipped at once, a level upgrade re-paging from step 1, the "escalate" button, and a chat
 * channel as a target. Timers live in the job table and a fake clock drives them. A duplicate step job
 * pages nobody twice. A team without a policy is paged exactly as before (its `oncall` list, by email).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { and, eq, sql } from 'drizzle-orm';
import type { EscalationPolicyList, IncidentDetail, IncidentList, OncallView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { enqueueJob } from '../../apps/server/src/engine/jobs.ts';
import { escalationJobs } from '../../apps/server/src/escalation/jobs.ts';
import { rows } from '../../apps/server/src/db/client.ts';
import { escalations } from '../../apps/server/src/escalation/tables.ts';
import { notifications } from '../../apps/server/src/notify/tables.ts';
import { users } from '../../apps/server/src/people/tables.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';
import { coreCatalog } from '../support/catalog-fixture.ts';

const MIN = 60_000;
const INTAKE = '/api/v1/intake/alertmanager/escalation-test';

// People, by role in the fixtures.
const ANN = 'ann@example.com'; // primary schedule, on call this week
const BOB = 'bob@example.com'; // primary schedule, next week
const DAN = 'dan@example.com'; // payments step 2
const BOSS = 'boss@example.com'; // managers policy (hand-off)
const EVE = 'eve@example.com'; // night policy step 2
const NIGHT = 'night@example.com'; // on the night-only schedule
const ROTATION = ['rr1@example.com', 'rr2@example.com', 'rr3@example.com'];
const SAM = 'sam@example.com'; // storefront's oncall list (no policy)
const CHAT = 'ops-chat';

const member = (email: string) => ({ name: email.split('@')[0], email });

function testConfig(): string {
  return stringify({
    version: 1,
    catalog: coreCatalog({
      'pay-api': 'payments',
      'night-api': 'night',
      'rr-api': 'rotation',
      'shop-api': 'storefront',
      'ghost-api': 'ghosts',
    }),
    teams: [
      { id: 'payments', members: [ANN, BOB, DAN].map(member), escalationPolicy: 'payments' },
      { id: 'managers', members: [member(BOSS)] },
      { id: 'night', members: [NIGHT, EVE].map(member), escalationPolicy: 'night' },
      { id: 'rotation', members: ROTATION.map(member), escalationPolicy: 'rotation' },
      { id: 'storefront', members: [member(SAM)], oncall: [SAM] },
      { id: 'ghosts', members: [member(NIGHT)], escalationPolicy: 'nights-only' },
    ],
    schedules: [
      {
        id: 'primary',
        timeZone: 'UTC',
        layers: [
          { id: 'weekly', participants: [ANN, BOB], shift: { every: 1, unit: 'weeks' }, start: '2026-11-16T09:00' },
        ],
      },
      {
        id: 'nights',
        timeZone: 'UTC',
        layers: [
          {
            id: 'night',
            participants: [NIGHT],
            shift: { every: 1, unit: 'days' },
            start: '2026-11-01T00:00',
            restrictions: [{ kind: 'daily', from: '00:00', to: '06:00' }],
          },
        ],
      },
    ],
    channels: [{ id: CHAT, type: 'slack-webhook', config: { url: 'https://hooks.slack.com/services/T0/B0/test' } }],
    escalationPolicies: [
      {
        id: 'payments',
        name: 'Payments',
        repeat: 1,
        handoffTo: 'managers',
        steps: [
          { delayMinutes: 5, targets: [{ schedule: 'primary' }] },
          { delayMinutes: 10, targets: [{ user: DAN }, { channel: CHAT }] },
        ],
      },
      { id: 'managers', steps: [{ targets: [{ team: 'managers' }] }] },
      {
        id: 'night',
        steps: [{ targets: [{ schedule: 'nights' }] }, { delayMinutes: 15, targets: [{ user: EVE }] }],
      },
      { id: 'nights-only', steps: [{ targets: [{ schedule: 'nights' }] }] },
      {
        id: 'rotation',
        repeat: 2,
        steps: [{ delayMinutes: 5, targets: [{ team: 'rotation' }], teamMode: 'round-robin' }],
      },
    ],
    levels: {
      templates: false,
      rules: [
        { id: 'critical', sequence: 'P', level: 2, alert: { matchers: ['severity="critical"'] } },
        { id: 'many-users', sequence: 'P', level: 1, facts: { affectedUsers: 10000 } },
      ],
    },
    integrations: [{ key: 'escalation-test', source: 'alertmanager', routeByLabel: 'service' }],
  });
}

function alert(service: string, alertname: string) {
  return {
    version: '4',
    status: 'firing',
    alerts: [
      {
        status: 'firing',
        labels: { alertname, service, severity: 'critical' },
        annotations: { summary: `${alertname} on ${service}` },
        startsAt: '2026-11-21T12:00:00Z',
      },
    ],
  };
}

describe('escalation policies', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  const chat = recordingProvider();
  let s: TestServer;

  const drain = () => s.engine!.drain();
  const advance = async (minutes: number) => {
    clock.advance(minutes * MIN);
    await drain();
  };
  const detail = async (id: number) => (await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail;
  const open = async (svc: string, alertname: string): Promise<number> => {
    expect((await s.post(INTAKE, alert(svc, alertname))).status).toBe(202);
    await drain();
    const list = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
    return list.incidents.find((i) => i.title === `${alertname} on ${svc}`)!.id;
  };
  /** Emails of incident `id` as `recipient step`, in send order. */
  const emails = (id: number) =>
    email.sent.filter((m) => m.message.incidentId === id).map((m) => `${m.recipient} ${m.message.step}`);
  const chats = (id: number) => chat.sent.filter((m) => m.message.incidentId === id);
  const notes = async (id: number) =>
    (await detail(id)).timeline.filter((t) => t.kind === 'note').map((t) => t.message);
  /**
   * A person's key `<incident>:<step>:u<userId>:<kind>-<method>:<slot>` (docs/notifications.md) written as the
   * pre-people `<incident>:<step>:<email>:<kind>`, so the keys read as who was paged on which channel.
   */
  const asOldKeys = async (keys: string[]) => {
    const emailOf = new Map((await s.rt.db.select().from(users)).map((u) => [String(u.id), u.email]));
    return keys.map((k) =>
      k.replace(/:u(\d+):(\w+)-\d+:\w+$/, (_, uid: string, kind: string) => `:${emailOf.get(uid)}:${kind}`),
    );
  };
  const post = (path: string, body?: unknown) =>
    s.api(path, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  beforeAll(async () => {
    s = await startTestServer({
      clock,
      providers: { email, [CHAT]: chat },
      engineLoop: false,
      configYaml: testConfig(),
    });
  });
  afterAll(() => s.dispose());

  let main: number;
  it("step 1 pages the schedule's on-call at once; step 2 waits its 10 minutes", async () => {
    main = await open('pay-api', 'PayDown');
    expect(emails(main)).toEqual([`${ANN} initial`]);
    await advance(9);
    expect(emails(main)).toEqual([`${ANN} initial`]);
    expect(chats(main)).toHaveLength(0);
    await advance(1);
    expect(emails(main)).toEqual([`${ANN} initial`, `${DAN} initial`]);
    expect(await notes(main)).toEqual([
      `step 1 of policy "Payments": paging ${ANN}`,
      `step 2 of policy "Payments": paging ${DAN}, channel ${CHAT}`,
    ]);
  });

  it('a channel target receives the page through its provider', async () => {
    expect(chats(main)).toHaveLength(1);
    expect(chats(main)[0]).toMatchObject({ recipient: '', message: { kind: 'page', step: 'initial' } });
    const d = await detail(main);
    expect(d.notifications.find((n) => n.channel === CHAT)).toMatchObject({ recipient: CHAT, status: 'sent' });
    expect(d.timeline.map((t) => t.message)).toContain(`page posted to channel ${CHAT}`);
  });

  it('repeats the steps (step 1 after its own delay), then hands off to the next policy, then ends', async () => {
    await advance(4);
    expect(emails(main)).toHaveLength(2);
    await advance(1); // 5 minutes after step 2: the repeat's step 1
    expect(emails(main).slice(2)).toEqual([`${ANN} initial`]);
    await advance(10); // repeat's step 2, then at once the hand-off policy's step 1 (delay 0)
    expect(emails(main).slice(3)).toEqual([`${DAN} initial`, `${BOSS} initial`]);
    expect(chats(main)).toHaveLength(2);
    await advance(60);
    expect(emails(main)).toHaveLength(5);
    const n = await notes(main);
    expect(n.slice(2)).toEqual([
      `step 1 of policy "Payments" (repeat 1): paging ${ANN}`,
      `step 2 of policy "Payments" (repeat 1): paging ${DAN}, channel ${CHAT}`,
      `step 1 of policy managers: paging ${BOSS}`,
    ]);
    const [row] = await s.rt.db.select().from(escalations).where(eq(escalations.incidentId, main));
    expect(row).toMatchObject({ endReason: 'finished', pages: 7 });
  });

  it('acknowledging stops the escalation: no further pages, one timeline note', async () => {
    const id = await open('pay-api', 'PayAckd');
    expect(emails(id)).toEqual([`${ANN} initial`]);
    expect((await post(`/api/v1/incidents/${id}/acknowledge`)).status).toBe(200);
    await advance(10);
    await advance(30);
    expect(emails(id)).toEqual([`${ANN} initial`]);
    expect(chats(id)).toHaveLength(0);
    expect((await notes(id)).filter((m) => m.startsWith('escalation stopped'))).toEqual([
      'escalation stopped: acknowledged by admin',
    ]);
  });

  it("a level upgrade re-pages from step 1 with new keys; the old escalation's timers page nobody", async () => {
    const id = await open('pay-api', 'PayUpgrade');
    await advance(10);
    expect(emails(id)).toEqual([`${ANN} initial`, `${DAN} initial`]);
    const res = await post(`/api/v1/incidents/${id}/facts`, { facts: { affectedUsers: 20000 } });
    expect(((await res.json()) as IncidentDetail).levels.P).toBe('P1');
    await drain();
    expect(emails(id).slice(2)).toEqual([`${ANN} upgrade-P1`]);
    await advance(5); // the initial escalation's repeat was due now: replaced by the upgrade's escalation
    expect(emails(id)).toHaveLength(3);
    await advance(5);
    expect(emails(id).slice(3)).toEqual([`${DAN} upgrade-P1`]);
  });

  it('an upgrade of an acknowledged incident pages step 1 again, and the escalation stops there', async () => {
    const id = await open('pay-api', 'PayAckUpgrade');
    expect((await post(`/api/v1/incidents/${id}/acknowledge`)).status).toBe(200);
    await post(`/api/v1/incidents/${id}/facts`, { facts: { affectedUsers: 20000 } });
    await drain();
    expect(emails(id)).toEqual([`${ANN} initial`, `${ANN} upgrade-P1`]);
    await advance(30);
    expect(emails(id)).toHaveLength(2);
  });

  it('"escalate" runs the next step now and records who pressed it; the overtaken timer pages nobody', async () => {
    const id = await open('pay-api', 'PayEscalate');
    const res = await post(`/api/v1/incidents/${id}/escalate`);
    expect(res.status).toBe(200);
    const d = (await res.json()) as IncidentDetail;
    expect(d.timeline.at(-1)).toMatchObject({
      kind: 'note',
      actor: 'admin',
      message: 'admin escalated: step 2 of policy payments runs now',
    });
    await drain();
    expect(emails(id)).toEqual([`${ANN} initial`, `${DAN} initial`]);
    expect((await notes(id)).at(-1)).toBe(
      `step 2 of policy "Payments" (escalated by admin): paging ${DAN}, channel ${CHAT}`,
    );
    await advance(4);
    expect(emails(id)).toHaveLength(2); // step 2's own timer (due at 10 min) will find the escalation moved on
    await advance(1); // 5 minutes after the escalated step 2: the repeat's step 1
    expect(emails(id).slice(2)).toEqual([`${ANN} initial`]);
    await advance(5); // step 2's original timer is due now: stale, nobody paged
    expect(emails(id)).toHaveLength(3);
  });

  it('"escalate" also works on an acknowledged incident, and through the CLI', async () => {
    const id = await open('pay-api', 'PayCli');
    expect((await post(`/api/v1/incidents/${id}/acknowledge`)).status).toBe(200);
    const { stdout } = await promisify(execFile)(
      'node_modules/.bin/node',
      ['apps/server/src/cli/main.ts', 'incident', 'escalate', String(id), '--url', s.url],
      { env: { ...process.env, FAULTLINE_TOKEN: ADMIN_TOKEN } },
    );
    expect(stdout).toContain('admin escalated: step 2 of policy payments runs now');
    await drain();
    expect(emails(id)).toEqual([`${ANN} initial`, `${DAN} initial`]);
    await advance(30); // the repeat finds the incident acknowledged
    expect(emails(id)).toHaveLength(2);
  });

  it('"escalate" answers 412 for a team without a policy and for a policy that has run out, 404 for none', async () => {
    const plain = await open('shop-api', 'ShopEscalate');
    expect((await post(`/api/v1/incidents/${plain}/escalate`)).status).toBe(412);
    expect((await post(`/api/v1/incidents/${main}/escalate`)).status).toBe(412);
    expect((await post('/api/v1/incidents/999999/escalate')).status).toBe(404);
  });

  it('a viewer may not escalate (it would wake people up)', async () => {
    const id = await open('pay-api', 'PayViewer');
    const created = await post('/api/v1/tokens', { name: 'watcher@example.com', role: 'viewer' });
    const { token } = (await created.json()) as { token: string };
    const res = await fetch(`${s.url}/api/v1/incidents/${id}/escalate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(403);
    await drain();
    expect(emails(id)).toEqual([`${ANN} initial`]);
  });

  it('a step with nobody on call is skipped at once: the next step pages now, not after its delay', async () => {
    const id = await open('night-api', 'NightDown'); // 'nights' has nobody on call by day
    expect(emails(id)).toEqual([`${EVE} initial`]);
    expect(await notes(id)).toEqual([
      'step 1 of policy night has nobody to page (schedule nights has nobody on call): skipped',
      `step 2 of policy night: paging ${EVE}`,
    ]);
  });

  it('when every step has nobody, the timeline says nobody was paged', async () => {
    const id = await open('ghost-api', 'GhostDown');
    expect(emails(id)).toEqual([]);
    const d = await detail(id);
    expect(
      d.timeline.filter((t) => t.kind === 'note' || t.kind === 'notification_failed').map((t) => t.message),
    ).toEqual([
      'step 1 of policy nights-only has nobody to page (schedule nights has nobody on call): skipped',
      'nobody was paged: no step of the escalation had anyone to page (that was the last step)',
    ]);
  });

  it('round-robin pages one member per round, moving on each repeat, until every member was paged', async () => {
    const id = await open('rr-api', 'RotationDown');
    await advance(5);
    await advance(5);
    await advance(30);
    const expected = [0, 1, 2].map((round) => `${ROTATION[(id + round) % 3]} initial`);
    expect(emails(id)).toEqual(expected);
    expect(new Set(emails(id))).toEqual(new Set(ROTATION.map((m) => `${m} initial`)));
  });

  it('a duplicate step job, and two runs of the same step at once, page each recipient once', async () => {
    const id = await open('pay-api', 'PayTwice');
    const payload = { incidentId: id, policyId: 'payments', step: 1, round: 0, reason: 'initial' };
    // A second copy of the pending step-2 timer, and a second copy of step 1 (already run).
    await enqueueJob(s.rt.db, 'escalation.step', payload, new Date(clock.now().getTime() + 10 * MIN), clock.now());
    await enqueueJob(s.rt.db, 'escalation.step', { ...payload, step: 0 }, clock.now(), clock.now());
    await drain();
    expect(emails(id)).toEqual([`${ANN} initial`]);
    clock.advance(10 * MIN);
    // Two nodes running the step at the same moment: the escalation row serialises them.
    const job = { id: 0, kind: 'escalation.step' as const, payload, attempts: 1 };
    await Promise.all([
      escalationJobs['escalation.step'].run(s.rt, payload, job),
      escalationJobs['escalation.step'].run(s.rt, payload, job),
    ]);
    await drain();
    expect(emails(id)).toEqual([`${ANN} initial`, `${DAN} initial`]);
    expect(chats(id)).toHaveLength(1);
    const keys = await rows<{ n: number }>(
      s.rt.db,
      sql`select count(*)::int as n from notifications where incident_id = ${id} group by idempotency_key having count(*) > 1`,
    );
    expect(keys).toEqual([]);
    const n = await s.rt.db.select().from(notifications).where(eq(notifications.incidentId, id));
    expect((await asOldKeys(n.map((x) => x.idempotencyKey))).sort()).toEqual(
      [
        `${id}:initial:ppayments:s0:r0:${ANN}:email`,
        `${id}:initial:ppayments:s1:r0:${DAN}:email`,
        `${id}:initial:ppayments:s1:r0:${CHAT}:${CHAT}`,
      ].sort(),
    );
  });

  it('a delivery whose earlier attempt stopped mid-send (sending marker set) sends again and says it may be a second copy', async () => {
    const id = await open('pay-api', 'PayResumed');
    expect(emails(id)).toEqual([`${ANN} initial`]);
    clock.advance(10 * MIN);
    // Step 2 runs, then its deliveries are left as a node that died after handing them over would leave them.
    const payload = { incidentId: id, policyId: 'payments', step: 1, round: 0, reason: 'initial' };
    await escalationJobs['escalation.step'].run(s.rt, payload, {
      id: 0,
      kind: 'escalation.step',
      payload,
      attempts: 1,
    });
    const died = new Date(clock.now().getTime() - 1000);
    await s.rt.db
      .update(notifications)
      .set({ sendingAt: died })
      .where(and(eq(notifications.incidentId, id), eq(notifications.status, 'pending')));
    await drain();
    expect(emails(id)).toEqual([`${ANN} initial`, `${DAN} initial`]);
    expect(chats(id)).toHaveLength(1);
    const d = await detail(id);
    const sent = d.timeline.filter((t) => t.kind === 'notification_sent').map((t) => t.message);
    const earlier = `an earlier attempt started sending at ${died.toISOString()} and stopped before recording its outcome, so this may be a second copy`;
    expect(sent).toContain(
      `email to dan (${DAN}) sent; ${earlier} (same Message-ID: receivers that de-duplicate show it once)`,
    );
    expect(sent).toContain(`page posted to channel ${CHAT}; ${earlier}`);
    expect(sent.filter((m) => m.includes('second copy'))).toHaveLength(2);
    const rowsAfter = await s.rt.db.select().from(notifications).where(eq(notifications.incidentId, id));
    expect(rowsAfter.map((n) => [n.status, n.sendingAt])).toEqual(rowsAfter.map(() => ['sent', null]));
  });

  it('a team without a policy pages its oncall list by email, once, exactly as before', async () => {
    const id = await open('shop-api', 'ShopDown');
    expect(emails(id)).toEqual([`${SAM} initial`]);
    await advance(60);
    expect(emails(id)).toEqual([`${SAM} initial`]);
    const d = await detail(id);
    expect(d.notifications.map((n) => [n.channel, n.recipient, n.status])).toEqual([['email', SAM, 'sent']]);
    const [row] = await s.rt.db.select().from(notifications).where(eq(notifications.incidentId, id));
    expect(await asOldKeys([row!.idempotencyKey])).toEqual([`${id}:initial:${SAM}:email`]);
    expect(await s.rt.db.select().from(escalations).where(eq(escalations.incidentId, id))).toEqual([]);
    expect(await notes(id)).toEqual([]);
  });

  it('lists the policies with their steps and teams, and who is on call at an instant', async () => {
    const list = (await (await s.api('/api/v1/escalation-policies')).json()) as EscalationPolicyList;
    // By id (a list's fixed order, for paging).
    expect(list.policies.map((p) => [p.id, p.teams])).toEqual([
      ['managers', []],
      ['night', ['night']],
      ['nights-only', ['ghosts']],
      ['payments', ['payments']],
      ['rotation', ['rotation']],
    ]);
    const payments = list.policies.find((p) => p.id === 'payments')!;
    expect(payments).toMatchObject({ name: 'Payments', repeat: 1, handoffTo: 'managers' });
    expect(payments.steps[1]).toEqual({
      delayMinutes: 10,
      teamMode: 'all',
      targets: [{ user: DAN }, { channel: CHAT }],
    });

    const at = '2026-11-24T03:00:00Z'; // next week, at night
    const view = (await (await s.api(`/api/v1/oncall?at=${at}`)).json()) as OncallView;
    expect(view.at).toBe('2026-11-24T03:00:00.000Z');
    expect(view.schedules.map((x) => [x.id, x.onCall])).toEqual([
      ['primary', [BOB]],
      ['nights', [NIGHT]],
    ]);
    const team = (id: string) => view.teams.find((t) => t.id === id)!;
    expect(team('payments')).toMatchObject({
      escalationPolicy: 'payments',
      responders: [{ kind: 'email', address: BOB }],
    });
    expect(team('storefront')).toMatchObject({ escalationPolicy: null, responders: [{ kind: 'email', address: SAM }] });
    expect(team('rotation').steps[0]).toMatchObject({ roundRobin: true });
    expect(team('rotation').responders).toHaveLength(3);
    expect((await s.api('/api/v1/oncall?at=yesterday')).status).toBe(400);
  });
});

describe('channel providers are built from the config and follow reloads', () => {
  const injected = recordingProvider();
  const channels = (ids: string[]) =>
    ids.map((id) => ({ id, type: 'slack-webhook', config: { url: `https://hooks.slack.com/services/T0/B0/${id}` } }));
  const yaml = (ids: string[]) => stringify({ version: 1, channels: channels(ids) });
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ providers: { [CHAT]: injected }, engineLoop: false, configYaml: yaml([CHAT, 'old']) });
  });
  afterAll(() => s.dispose());

  it('builds one provider per channel; a reload replaces them but keeps injected ones', async () => {
    expect(s.rt.providers[CHAT]).toBe(injected);
    expect(s.rt.providers.old?.id).toBe('slack-webhook');
    writeFileSync(join(s.dataDir, 'config.yaml'), yaml([CHAT, 'new']));
    expect((await s.api('/api/v1/config/reload', { method: 'POST' })).status).toBe(200);
    expect(Object.keys(s.rt.providers).sort()).toEqual(['email', 'new', CHAT].sort());
    expect(s.rt.providers[CHAT]).toBe(injected);
    expect(s.rt.providers.new?.id).toBe('slack-webhook');
  });
});
