/**
 * The escalation simulator (issue 4 point 8): "who gets paged, how and when, for service S at level L at
 * time T" through the API and the CLI. The step sequence crosses the end of daylight saving time in New
 * York (1 Nov 2026, 02:00 EDT → 01:00 EST): the schedule hands off at 03:00 local, which is 08:00Z that
 * morning instead of 07:00Z the day before, so a step 90 minutes after 06:30Z pages the next person only
 * because the calculator is DST-correct. An empty step is skipped and the next runs at once; P1 adds the
 * business line's leadership; each person's contact methods follow their rules for the urgency (the
 * engine's rules, people/person-page.ts), and people who would not be reached are listed with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { eq } from 'drizzle-orm';
import type { SimulationView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { contactMethods, notificationRules } from '../../apps/server/src/notify/tables.ts';
import { users } from '../../apps/server/src/people/tables.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';
import { coreCatalog } from '../support/catalog-fixture.ts';

const ANN = 'ann@example.com'; // on call 31 Oct 03:00 → 1 Nov 03:00 New York time; email now, SMS after 2 min
const BOB = 'bob@example.com'; // from 1 Nov 03:00 EST; his only method is unverified
const DAN = 'dan@example.com'; // step 2; only a low-urgency rule: at high urgency his first method, at once
const BOSS = 'boss@example.com'; // leadership; no account: one email to the bare address

function config(): string {
  return stringify({
    version: 1,
    catalog: coreCatalog({ 'pay-api': 'payments' }, { module: 'payments', leadership: [BOSS] }),
    teams: [
      {
        id: 'payments',
        members: [ANN, BOB, DAN].map((email) => ({ name: email.split('@')[0], email })),
        escalationPolicy: 'payments',
      },
    ],
    schedules: [
      {
        id: 'ny',
        timeZone: 'America/New_York',
        layers: [
          { id: 'daily', participants: [ANN, BOB], shift: { every: 1, unit: 'days' }, start: '2026-10-01T03:00' },
        ],
      },
      {
        id: 'daytime',
        timeZone: 'America/New_York',
        layers: [
          {
            id: 'day',
            participants: [DAN],
            shift: { every: 1, unit: 'days' },
            start: '2026-10-01T09:00',
            restrictions: [{ kind: 'daily', from: '09:00', to: '17:00' }],
          },
        ],
      },
    ],
    escalationPolicies: [
      {
        id: 'payments',
        name: 'Payments',
        steps: [
          { targets: [{ schedule: 'ny' }] },
          { delayMinutes: 60, targets: [{ user: DAN }, { schedule: 'ny' }] },
          { delayMinutes: 30, targets: [{ schedule: 'daytime' }] },
          { delayMinutes: 45, targets: [{ schedule: 'ny' }] },
        ],
      },
    ],
  });
}

describe('escalation simulator', () => {
  const clock = new FakeClock('2026-10-30T12:00:00Z');
  let s: TestServer;
  const simulate = async (body: unknown) => {
    const res = await s.api('/api/v1/escalation/simulate', { method: 'POST', body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as SimulationView };
  };

  beforeAll(async () => {
    s = await startTestServer({ clock, engineLoop: false, configYaml: config() });
    const db = s.rt.db;
    const now = clock.now();
    const user = async (email: string) => {
      const [u] = await db.select().from(users).where(eq(users.email, email));
      if (u) {
        // Start from a clean slate: config sync may have given members a default email method and rules.
        await db.delete(contactMethods).where(eq(contactMethods.userId, u.id));
        return u.id;
      }
      const [c] = await db
        .insert(users)
        .values({ email, name: email.split('@')[0]!, source: 'api', createdAt: now, updatedAt: now })
        .returning();
      return c!.id;
    };
    const method = async (userId: number, kind: string, address: string, verified: boolean) => {
      const [m] = await db
        .insert(contactMethods)
        .values({ userId, kind, address, verifiedAt: verified ? now : null, createdAt: now })
        .returning();
      return m!.id;
    };
    const rule = (userId: number, contactMethodId: number, urgency: string, delayMinutes: number) =>
      db.insert(notificationRules).values({ userId, contactMethodId, urgency, delayMinutes, createdAt: now });
    const ann = await user(ANN);
    await db.update(users).set({ timeZone: 'America/New_York' }).where(eq(users.id, ann));
    const annMail = await method(ann, 'email', ANN, true);
    const annSms = await method(ann, 'sms', '+12125550100', true);
    await rule(ann, annMail, 'high', 0);
    await rule(ann, annSms, 'high', 2);
    await rule(ann, annMail, 'low', 0);
    const bob = await user(BOB);
    await rule(bob, await method(bob, 'email', BOB, false), 'high', 0);
    const dan = await user(DAN);
    await rule(dan, await method(dan, 'email', DAN, true), 'low', 0);
  });
  afterAll(() => s.dispose());

  let p1: SimulationView;
  it('P1 across the DST change: offsets, who is on call at each step, skipped empty step, leadership', async () => {
    const res = await simulate({ service: 'pay-api', level: 'P1', at: '2026-11-01T06:30:00Z' });
    expect(res.status).toBe(200);
    p1 = res.body;
    expect(p1).toMatchObject({
      team: 'payments',
      module: 'payments',
      urgency: 'high',
      policy: { id: 'payments', name: 'Payments' },
      end: 'finished',
    });
    expect(p1.steps.map((st) => [st.step, st.offsetMinutes, st.at, st.skipped, st.people.map((x) => x.email)])).toEqual(
      [
        [1, 0, '2026-11-01T06:30:00.000Z', false, [ANN]],
        [2, 60, '2026-11-01T07:30:00.000Z', false, [DAN, ANN]], // 02:30 EST: still Ann's shift
        [3, 90, '2026-11-01T08:00:00.000Z', true, []],
        [4, 90, '2026-11-01T08:00:00.000Z', false, [BOB]], // after the skip at once; 03:00 EST is Bob's hand-off
      ],
    );
    expect(p1.steps[2]!.nobody).toEqual(['schedule daytime has nobody on call']);
    expect(p1.leadership).toEqual([
      {
        email: BOSS,
        name: null,
        timeZone: null,
        reachable: true,
        why: null,
        contacts: [{ kind: 'email', address: BOSS, delayMinutes: 0, at: '2026-11-01T06:30:00.000Z' }],
      },
    ]);
  });

  it("each person's contacts follow their rules for the level's urgency; the unreachable are listed with why", async () => {
    const ann = p1.steps[0]!.people[0]!;
    expect(ann).toMatchObject({ reachable: true, why: null, timeZone: 'America/New_York' });
    expect(ann.contacts).toEqual([
      { kind: 'email', address: ANN, delayMinutes: 0, at: '2026-11-01T06:30:00.000Z' },
      { kind: 'sms', address: '+12125550100', delayMinutes: 2, at: '2026-11-01T06:32:00.000Z' },
    ]);
    // No rule for high urgency: the first verified method, at once.
    expect(p1.steps[1]!.people[0]!.contacts).toEqual([
      { kind: 'email', address: DAN, delayMinutes: 0, at: '2026-11-01T07:30:00.000Z' },
    ]);
    expect(p1.steps[3]!.people[0]).toMatchObject({ email: BOB, reachable: false, contacts: [] });
    expect(p1.unreachable).toEqual([{ email: BOB, why: 'no verified contact method: not paged' }]);
    // At P3 (low urgency) Dan's rule applies and leadership is not told.
    const p3 = (await simulate({ service: 'pay-api', level: 'P3', at: '2026-11-01T06:30:00Z' })).body;
    expect(p3.urgency).toBe('low');
    expect(p3.leadership).toEqual([]);
    expect(p3.steps[1]!.people[0]).toMatchObject({ email: DAN, reachable: true });
    expect(p3.steps[0]!.people[0]!.contacts.map((c) => c.kind)).toEqual(['email']);
  });

  it('refuses an unknown service (404) and a malformed level (400 naming the field)', async () => {
    expect((await simulate({ service: 'nope', level: 'P1' })).status).toBe(404);
    const bad = await s.api('/api/v1/escalation/simulate', {
      method: 'POST',
      body: JSON.stringify({ service: 'pay-api', level: 'urgent' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { fields: Array<{ path: string }> } }).error.fields[0]!.path).toBe('level');
  });

  it('the CLI prints a readable plan, and who is on call', async () => {
    const run = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['apps/server/src/cli/main.ts', 'oncall', ...args, '--url', s.url], {
        env: { ...process.env, FAULTLINE_TOKEN: ADMIN_TOKEN },
      });
    const { stdout } = await run('simulate', '--service', 'pay-api', '--level', 'P1', '--at', '2026-11-01T06:30:00Z');
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(
      'pay-api (module payments, team payments) at P1 (high urgency), from 2026-11-01T06:30:00.000Z',
    );
    expect(lines).toContain('Leadership, at once:');
    expect(lines).toContain(`      email ${BOSS} at once (2026-11-01T06:30:00.000Z)`);
    expect(lines).toContain(`    bob <${BOB}>: NOT REACHED (no verified contact method: not paged)`);
    expect(lines).toContain('  at once        step 1 of payments at 2026-11-01T06:30:00.000Z');
    expect(lines).toContain('      sms +12125550100 +2 min (2026-11-01T06:32:00.000Z)');
    expect(lines).toContain(
      '  +1 h 30 min    step 3 of payments at 2026-11-01T08:00:00.000Z: skipped, nobody to page (schedule daytime has nobody on call)',
    );
    expect(lines).toContain('Would NOT be reached:');
    const who = await run('who', '--schedule', 'ny', '--at', '2026-11-01T07:59:00Z');
    expect(who.stdout).toBe(`ny at 2026-11-01T07:59:00.000Z: ${ANN}\n`);
  });

  it('takes silences into account: a muted alert pages nobody until the silence ends (issue 16 point 10)', async () => {
    const created = await s.api('/api/v1/silences', {
      method: 'POST',
      body: JSON.stringify({
        matchers: ['alertname="DiskFull"'],
        startsAt: '2026-10-30T12:00:00Z',
        endsAt: '2026-11-01T07:00:00Z',
        comment: 'disk migration',
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const at = '2026-11-01T06:30:00Z';
    const muted = await simulate({ service: 'pay-api', level: 'P1', at, labels: { alertname: 'DiskFull' } });
    expect(muted.status).toBe(200);
    expect(muted.body.mutedBy).toEqual([
      expect.objectContaining({ kind: 'silence', id, until: '2026-11-01T07:00:00.000Z' }),
    ]);
    expect(muted.body.heldUntil).toBe('2026-11-01T07:00:00.000Z');
    expect(muted.body.steps[0]!.at).toBe('2026-11-01T07:00:00.000Z');
    // Another alert, or no labels: paged at `at` as before.
    const other = await simulate({ service: 'pay-api', level: 'P1', at, labels: { alertname: 'Latency' } });
    expect(other.body).toMatchObject({ mutedBy: [], heldUntil: null });
    expect(other.body.steps[0]!.at).toBe('2026-11-01T06:30:00.000Z');
    const bad = await simulate({ service: 'pay-api', level: 'P1', at, labels: { alertname: 7 } });
    expect(bad.status).toBe(400);

    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        'apps/server/src/cli/main.ts',
        'oncall',
        'simulate',
        '--service',
        'pay-api',
        '--level',
        'P1',
        '--at',
        at,
        '--label',
        'alertname=DiskFull',
        '--url',
        s.url,
      ],
      { env: { ...process.env, FAULTLINE_TOKEN: ADMIN_TOKEN } },
    );
    expect(stdout).toContain(
      'Muted: nothing is paged until 2026-11-01T07:00:00.000Z, then (if the alert still fires):',
    );
    expect(stdout).toContain(`muted by silence ${id} until 2026-11-01T07:00:00.000Z`);
  });
});
