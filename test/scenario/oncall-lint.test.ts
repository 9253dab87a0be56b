/**
 * The on-call lint on the server (issue 4 point 8): `GET /api/v1/oncall/lint` and `faultline oncall lint`
 * check config and stored schedules, policies and overrides against the people in the database — empty
 * steps, people without a verified contact method, addresses that are no user's, overrides for unknown
 * users, schedule gaps and layer overlaps in the next 28 days, policies no team or service uses, and a
 * team naming a policy that exists nowhere. A clean directory has no findings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { eq } from 'drizzle-orm';
import type { OncallLintReport } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { contactMethods } from '../../apps/server/src/notify/tables.ts';
import { users } from '../../apps/server/src/people/tables.ts';
import { scheduleOverrides } from '../../apps/server/src/oncall/tables.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';
import { coreCatalog } from '../support/catalog-fixture.ts';

const ANN = 'ann@example.com';
const BOB = 'bob@example.com';
const CY = 'cy@example.com';

function config(): string {
  return stringify({
    version: 1,
    catalog: coreCatalog({ 'ops-api': 'ops', 'web-api': 'web' }),
    teams: [
      { id: 'ops', members: [ANN, BOB].map((email) => ({ name: email, email })), escalationPolicy: 'ops' },
      { id: 'idle', members: [{ name: 'Cy', email: CY }], escalationPolicy: 'idle' },
      // Names a policy that is neither in the file nor stored.
      { id: 'web', members: [{ name: 'Ann', email: ANN }], escalationPolicy: 'web-runtime', oncall: [ANN] },
    ],
    schedules: [
      {
        id: 'primary',
        timeZone: 'UTC',
        layers: [
          { id: 'base', participants: [ANN, BOB], shift: { every: 1, unit: 'weeks' }, start: '2026-11-16T09:00' },
          {
            id: 'days',
            participants: [BOB],
            shift: { every: 1, unit: 'days' },
            start: '2026-11-16T09:00',
            restrictions: [{ kind: 'daily', from: '09:00', to: '17:00' }],
          },
        ],
      },
      {
        id: 'office',
        timeZone: 'UTC',
        layers: [
          {
            id: 'o',
            participants: [ANN],
            shift: { every: 1, unit: 'days' },
            start: '2026-11-16T09:00',
            restrictions: [{ kind: 'daily', from: '09:00', to: '17:00' }],
          },
        ],
      },
    ],
    escalationPolicies: [
      {
        id: 'ops',
        steps: [{ targets: [{ schedule: 'primary' }] }, { delayMinutes: 5, targets: [{ schedule: 'office' }] }],
      },
      { id: 'idle', steps: [{ targets: [{ user: CY }] }] },
    ],
  });
}

describe('on-call lint with the database', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  let s: TestServer;
  const lint = async () => (await (await s.api('/api/v1/oncall/lint')).json()) as OncallLintReport;
  const show = (r: OncallLintReport) => r.findings.map((f) => `${f.severity} ${f.code} ${f.path}`);

  beforeAll(async () => {
    s = await startTestServer({ clock, engineLoop: false, configYaml: config() });
    const now = clock.now();
    // Every member is a user with a verified email, except Bob, whose only method is unverified.
    for (const email of [ANN, BOB, CY]) {
      let [u] = await s.rt.db.select().from(users).where(eq(users.email, email));
      if (!u)
        [u] = await s.rt.db
          .insert(users)
          .values({ email, name: email, source: 'api', createdAt: now, updatedAt: now })
          .returning();
      await s.rt.db.delete(contactMethods).where(eq(contactMethods.userId, u!.id));
      await s.rt.db.insert(contactMethods).values({
        userId: u!.id,
        kind: 'email',
        address: email,
        verifiedAt: email === BOB ? null : now,
        createdAt: now,
      });
    }
  });
  afterAll(() => s.dispose());

  it('reports config problems and people without a verified method', async () => {
    const r = await lint();
    expect(r.horizonDays).toBe(28);
    expect(show(r)).toEqual([
      'error unknown-policy team:web.escalationPolicy',
      `error no-contact-method schedule:primary.layers.base.participants.1`,
      'warning schedule-overlap schedule:primary.layers',
      'warning schedule-gap schedule:office',
      'warning empty-step policy:ops.steps.1',
      'warning unused-policy policy:idle',
    ]);
    const noMethod = r.findings.find((f) => f.code === 'no-contact-method')!;
    expect(noMethod.message).toBe(
      `"${BOB}" has no verified contact method: a page to them reaches nobody (and 2 more place(s))`,
    );
  });

  it('stored objects and runtime overrides are linted too: a non-user target, an override for an unknown user, an unused policy', async () => {
    const stored = await s.api('/api/v1/escalation-policies', {
      method: 'POST',
      body: JSON.stringify({ id: 'orphan', steps: [{ targets: [{ user: 'stranger@example.com' }] }] }),
    });
    expect(stored.status).toBe(201);
    // A person removed after their override was made (the API refuses unknown users up front).
    await s.rt.db.insert(scheduleOverrides).values({
      scheduleId: 'office',
      userEmail: 'gone@example.com',
      startAt: new Date('2026-11-22T00:00:00Z'),
      endAt: new Date('2026-11-23T00:00:00Z'),
      createdBy: 'admin',
      createdAt: clock.now(),
    });
    await s.rt.refreshOncall();
    const r = await lint();
    expect(show(r)).toContain('error unknown-user schedule:office.overrides.0.user');
    expect(show(r)).toContain('warning unknown-user policy:orphan.steps.0.targets.0.user');
    expect(show(r)).toContain('warning unused-policy policy:orphan');
    expect(r.findings.find((f) => f.path === 'schedule:office.overrides.0.user')!.message).toBe(
      '"gone@example.com" is not a Faultline user: the override puts someone unknown on call',
    );
  });

  it('faultline oncall lint prints the findings and exits 1 on errors', async () => {
    const run = promisify(execFile)(
      process.execPath,
      ['apps/server/src/cli/main.ts', 'oncall', 'lint', '--url', s.url],
      {
        env: { ...process.env, FAULTLINE_TOKEN: ADMIN_TOKEN },
      },
    );
    const failure = (await run.then(
      () => null,
      (e: unknown) => e,
    )) as { code: number; stdout: string } | null;
    expect(failure?.code).toBe(1);
    const lines = failure!.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^error unknown-policy team:web\.escalationPolicy: team "web" names escalation policy/);
    expect(lines[lines.length - 1]).toMatch(/^3 error\(s\), \d+ warning\(s\)$/);
  });
});
