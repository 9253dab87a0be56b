/**
 * Storm control (DESIGN §7, issue 4 §7): a per-person budget (`notify.budget`, here 3 per 10 minutes) beyond
 * which pages are held and bundled into ONE digest per person and method, sent when the window ends and
 * listing the held incidents; and one incident pages once per step however many alerts join it. Budgets hold
 * low-urgency pages only: a high-urgency page (here P1) is sent at once even over the budget (issue 12 §5).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { eq } from 'drizzle-orm';
import type { ContactMethodView, IncidentDetail, IncidentList, UserList } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { notifications } from '../../apps/server/src/notify/tables.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { coreCatalog } from '../support/catalog-fixture.ts';

const MIN = 60_000;
const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const INTAKE = '/api/v1/intake/alertmanager/storm-test';
const ANN = 'ann@example.com'; // payments: paged by every payments incident, budget 3 per 10 min
const BOB = 'bob@example.com'; // storefront: the 200-alert storm
const BOB_PHONE = '+14155550188';

function config(): string {
  return stringify({
    version: 1,
    catalog: coreCatalog({ 'pay-api': 'payments', 'shop-api': 'storefront' }),
    teams: [
      { id: 'payments', members: [{ name: 'Ann', email: ANN }], escalationPolicy: 'payments' },
      { id: 'storefront', members: [{ name: 'Bob', email: BOB }], escalationPolicy: 'storefront' },
    ],
    channels: [
      {
        id: 'sms-main',
        type: 'twilio-sms',
        config: { accountSid: ACCOUNT, authToken: 'secret', from: '+14155550100' },
      },
    ],
    notify: { budget: { max: 3, perMinutes: 10 } },
    escalationPolicies: [
      { id: 'payments', steps: [{ targets: [{ user: ANN }] }] },
      { id: 'storefront', steps: [{ targets: [{ user: BOB }] }] },
    ],
    levels: {
      templates: false,
      rules: [
        { id: 'page', sequence: 'P', level: 1, alert: { matchers: ['severity="page"'] } },
        { id: 'critical', sequence: 'P', level: 2, alert: { matchers: ['severity="critical"'] } },
        { id: 'warning', sequence: 'P', level: 3, alert: { matchers: ['severity="warning"'] } },
      ],
    },
    integrations: [{ key: 'storm-test', source: 'alertmanager', routeByLabel: 'service' }],
  });
}

const alerts = (service: string, alertname: string, instances: string[], severity = 'critical') => ({
  version: '4',
  status: 'firing',
  alerts: instances.map((instance) => ({
    status: 'firing',
    labels: { alertname, service, severity, instance },
    annotations: { summary: `${alertname} on ${service}` },
    startsAt: '2026-11-21T12:00:00Z',
  })),
});

describe('storm control', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  const sms = recordingProvider();
  let s: TestServer;
  const json = async <T>(res: Response) => (await res.json()) as T;
  const drain = () => s.engine!.drain();
  const advance = async (ms: number) => {
    clock.advance(ms);
    await drain();
  };
  const incidentId = async (title: string) =>
    (await json<IncidentList>(await s.api('/api/v1/incidents?status=all'))).incidents.find((i) => i.title === title)!
      .id;
  // P3 (low urgency) by default: the budget holds low-urgency pages only.
  const open = async (alertname: string, severity = 'warning'): Promise<number> => {
    expect((await s.post(INTAKE, alerts('pay-api', alertname, ['a'], severity))).status).toBe(202);
    await drain();
    return incidentId(`${alertname} on pay-api`);
  };
  const detail = async (id: number) => json<IncidentDetail>(await s.api(`/api/v1/incidents/${id}`));

  beforeAll(async () => {
    s = await startTestServer({
      clock,
      engineLoop: false,
      configYaml: config(),
      providers: { email, 'sms-main': sms },
    });
  });
  afterAll(() => s.dispose());

  const held: number[] = [];
  const sentAtOnce: number[] = [];
  it('beyond 3 low-urgency pages in 10 minutes, further ones to the person are held for a digest', async () => {
    for (let i = 1; i <= 5; i++) {
      const id = await open(`PayStorm${i}`);
      (i <= 3 ? sentAtOnce : held).push(id);
      await advance(30_000);
    }
    expect(email.sent.map((m) => m.message.incidentId)).toEqual(sentAtOnce);
    for (const id of held) {
      const d = await detail(id);
      expect(d.notifications).toHaveLength(1);
      const n = d.notifications[0]!;
      expect(n).toMatchObject({ status: 'held', person: { name: 'Ann' } });
      expect(n.digestId).not.toBeNull();
      // Due when the first of the three sends leaves the 10-minute window.
      expect(n.nextAttemptAt).toBe('2026-11-21T12:10:00.000Z');
      expect(d.timeline.map((t) => t.message).join('\n')).toMatch(
        /email to Ann \(ann@example\.com\) held: Ann is over the budget of 3 notifications per 10 min/,
      );
    }
    // One open digest per person and method: both held pages are in the same one.
    const digestIds = await Promise.all(held.map(async (id) => (await detail(id)).notifications[0]!.digestId));
    expect(new Set(digestIds).size).toBe(1);
  });

  it('the digest is ONE message listing the held incidents, sent when the window ends', async () => {
    await advance(Date.parse('2026-11-21T12:09:59Z') - clock.now().getTime());
    expect(email.digests).toHaveLength(0);
    await advance(1_000);
    expect(email.digests).toHaveLength(1);
    const { recipient, message } = email.digests[0]!;
    expect(recipient).toBe(ANN);
    expect(message.incidents.map((i) => i.incidentId)).toEqual(held);
    expect(message.subject).toBe('Faultline: 2 pages held back (over 3 in 10 min)');
    expect(message.text.split('\n')).toEqual(held.map((id, k) => `P3 #${id} PayStorm${k + 4} on pay-api (triggered)`));
    for (const id of held) {
      const d = await detail(id);
      expect(d.notifications[0]).toMatchObject({ status: 'sent', provider: 'smtp' });
      expect(
        d.timeline.some((t) => t.message === 'digest of 2 incident(s) sent to Ann (ann@example.com) via smtp'),
      ).toBe(true);
    }
    await advance(60 * MIN);
    expect(email.digests).toHaveLength(1);
    expect(email.sent).toHaveLength(3);
  });

  it('a P1 page during the budget overflow is sent at once, never held for the digest', async () => {
    // Fill Ann's budget again with three low-urgency pages, and overflow it with a fourth.
    const lows: number[] = [];
    for (let i = 1; i <= 4; i++) {
      lows.push(await open(`PayAgain${i}`));
      await advance(10_000);
    }
    expect((await detail(lows[3]!)).notifications[0]).toMatchObject({ status: 'held' });
    const sentBefore = email.sent.length;
    const p1 = await open('PayDown', 'page');
    const d = await detail(p1);
    expect(d.levels).toEqual({ P: 'P1' });
    expect(d.notifications).toHaveLength(1);
    expect(d.notifications[0]).toMatchObject({ status: 'sent', digestId: null });
    expect(email.sent.slice(sentBefore).map((m) => m.message.incidentId)).toEqual([p1]);
    expect(d.timeline.some((t) => /held/.test(t.message))).toBe(false);
    // The held low-urgency page still waits for its digest.
    expect((await detail(lows[3]!)).notifications[0]).toMatchObject({ status: 'held' });
    await advance(20 * MIN);
    expect(email.digests).toHaveLength(2);
    expect(email.digests[1]!.message.incidents.map((i) => i.incidentId)).toEqual([lows[3]]);
  });

  it('once the window has passed, pages go out singly again', async () => {
    const id = await open('PayCalm');
    expect(email.sent.at(-1)!.message.incidentId).toBe(id);
  });

  it('a storm of 200 alerts into one incident pages the person once per rule', async () => {
    const users = await json<UserList>(await s.api('/api/v1/users'));
    const bob = users.users.find((u) => u.email === BOB)!.id;
    const base = `/api/v1/users/${bob}/contact-methods`;
    const phone = await json<ContactMethodView>(
      await s.api(base, { method: 'POST', body: JSON.stringify({ kind: 'sms', address: BOB_PHONE }) }),
    );
    await s.api(`${base}/${phone.id}/send-code`, { method: 'POST' });
    const code = /\d{6}/.exec(sms.notices.at(-1)!.message.text)![0];
    expect((await s.api(`${base}/${phone.id}/verify`, { method: 'POST', body: JSON.stringify({ code }) })).status).toBe(
      200,
    );
    const mail = (await json<{ contactMethods: ContactMethodView[] }>(await s.api(base))).contactMethods.find(
      (c) => c.kind === 'email',
    )!;
    const rules = [
      { contactMethodId: mail.id, urgency: 'high', delayMinutes: 0 },
      { contactMethodId: phone.id, urgency: 'high', delayMinutes: 2 },
    ];
    const put = await s.api(`/api/v1/users/${bob}/notification-rules`, {
      method: 'PUT',
      body: JSON.stringify({ rules }),
    });
    expect(put.status).toBe(200);

    // 200 alerts in 20 webhook posts over 4 minutes, all grouping into one incident.
    for (let batch = 0; batch < 20; batch++) {
      const instances = Array.from({ length: 10 }, (_, k) => `host-${batch * 10 + k}`);
      expect((await s.post(INTAKE, alerts('shop-api', 'ShopStorm', instances))).status).toBe(202);
      await advance(12_000);
    }
    await advance(10 * MIN);
    const id = await incidentId('ShopStorm on shop-api');
    const d = await detail(id);
    expect(d.alertCount).toBe(200);
    const rows = await s.rt.db.select().from(notifications).where(eq(notifications.incidentId, id));
    expect(rows.map((r) => [r.channel, r.recipient, r.status]).sort()).toEqual([
      ['email', BOB, 'sent'],
      ['sms', BOB_PHONE, 'sent'],
    ]);
    expect(email.sent.filter((m) => m.message.incidentId === id)).toHaveLength(1);
    expect(sms.sent.filter((m) => m.message.incidentId === id)).toHaveLength(1);
  });
});
