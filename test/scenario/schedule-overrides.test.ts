/**
 * Overrides and shift swaps made at runtime (issue 4 point 3): an override created through the API changes
 * who the escalation engine pages at once (no restart, no config change), a swap exchanges two people's
 * time, the rendered final schedule and "who is on call at T" show them, removing one restores the rotation.
 * A responder may put themselves on call; others need oncall:write. Every change is in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { eq } from 'drizzle-orm';
import type { FinalScheduleView, IncidentList, OverrideView, ScheduleOncallView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { auditLog } from '../../apps/server/src/audit/tables.ts';
import { users } from '../../apps/server/src/people/tables.ts';
import { createToken } from '../../apps/server/src/auth/tokens.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { coreCatalog } from '../support/catalog-fixture.ts';

const INTAKE = '/api/v1/intake/alertmanager/overrides-test';
const ANN = 'ann@example.com'; // this week's on-call
const BOB = 'bob@example.com'; // next week's
const CAT = 'cat@example.com'; // covers, not in the rotation

function config(): string {
  return stringify({
    version: 1,
    catalog: coreCatalog({ 'pay-api': 'payments' }),
    teams: [
      {
        id: 'payments',
        members: [ANN, BOB, CAT].map((email) => ({ name: email.split('@')[0], email })),
        escalationPolicy: 'payments',
      },
    ],
    schedules: [
      {
        id: 'primary',
        timeZone: 'Europe/Berlin',
        layers: [
          { id: 'weekly', participants: [ANN, BOB], shift: { every: 1, unit: 'weeks' }, start: '2026-11-16T09:00' },
        ],
      },
    ],
    escalationPolicies: [{ id: 'payments', steps: [{ targets: [{ schedule: 'primary' }] }] }],
    levels: {
      templates: false,
      rules: [{ id: 'critical', sequence: 'P', level: 2, alert: { matchers: ['severity="critical"'] } }],
    },
    integrations: [{ key: 'overrides-test', source: 'alertmanager', routeByLabel: 'service' }],
  });
}

const alert = (name: string) => ({
  version: '4',
  status: 'firing',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: name, service: 'pay-api', severity: 'critical' },
      annotations: { summary: name },
      startsAt: '2026-11-21T12:00:00Z',
    },
  ],
});

describe('schedule overrides and swaps at runtime', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  const json = <T>(res: Response) => res.json() as Promise<T>;
  const send = (path: string, method: string, body?: unknown, token?: string) =>
    s.api(path, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    });
  /** Opens an incident and returns who its first page went to. */
  const pagedFor = async (name: string): Promise<string[]> => {
    expect((await s.post(INTAKE, alert(name))).status).toBe(202);
    await s.engine!.drain();
    const list = await json<IncidentList>(await s.api('/api/v1/incidents?status=all'));
    const id = list.incidents.find((i) => i.title === name)!.id;
    return email.sent.filter((m) => m.message.incidentId === id).map((m) => m.recipient);
  };
  const oncallAt = async (at: string) =>
    (await json<ScheduleOncallView>(await s.api(`/api/v1/schedules/primary/oncall?at=${at}`))).onCall;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: config() });
  });
  afterAll(() => s.dispose());

  let cover: OverrideView;
  it('an override puts someone else on call: the engine pages them, who-is-on-call and the final schedule show it', async () => {
    expect(await pagedFor('Before')).toEqual([ANN]);
    const res = await send('/api/v1/schedules/primary/overrides', 'POST', {
      user: CAT,
      start: '2026-11-21T11:00:00Z',
      end: '2026-11-21T15:00:00Z',
    });
    expect(res.status).toBe(201);
    cover = await json<OverrideView>(res);
    expect(cover).toMatchObject({ schedule: 'primary', user: CAT, replaces: null, createdBy: 'admin' });
    expect(await pagedFor('During')).toEqual([CAT]);
    expect(await oncallAt('2026-11-21T14:59:00Z')).toEqual([CAT]);
    expect(await oncallAt('2026-11-21T15:00:00Z')).toEqual([ANN]);

    const final = await json<FinalScheduleView>(
      await s.api('/api/v1/schedules/primary/final?from=2026-11-21T00:00:00Z&to=2026-11-22T00:00:00Z'),
    );
    expect(final.shifts).toEqual([
      {
        user: ANN,
        start: '2026-11-21T00:00:00.000Z',
        end: '2026-11-21T11:00:00.000Z',
        layer: 'weekly',
        override: false,
      },
      { user: CAT, start: '2026-11-21T11:00:00.000Z', end: '2026-11-21T15:00:00.000Z', layer: null, override: true },
      {
        user: ANN,
        start: '2026-11-21T15:00:00.000Z',
        end: '2026-11-22T00:00:00.000Z',
        layer: 'weekly',
        override: false,
      },
    ]);
    expect(final.gaps).toEqual([]);
  });

  it('removing the override restores the rotation', async () => {
    expect((await send(`/api/v1/schedules/primary/overrides/${cover.id}`, 'DELETE')).status).toBe(204);
    expect(await pagedFor('After')).toEqual([ANN]);
    const list = await json<{ overrides: OverrideView[] }>(await s.api('/api/v1/schedules/primary/overrides'));
    expect(list.overrides).toEqual([]);
  });

  it("a swap (two overrides with replaces) exchanges two people's weeks", async () => {
    // Ann's week ends Mon 23 Nov 09:00 Berlin (08:00Z); Bob's runs to Mon 30 Nov 08:00Z.
    const weekA = { start: '2026-11-16T08:00:00Z', end: '2026-11-23T08:00:00Z' };
    const weekB = { start: '2026-11-23T08:00:00Z', end: '2026-11-30T08:00:00Z' };
    for (const o of [
      { user: BOB, replaces: ANN, ...weekA },
      { user: ANN, replaces: BOB, ...weekB },
    ])
      expect((await send('/api/v1/schedules/primary/overrides', 'POST', o)).status).toBe(201);
    expect(await pagedFor('Swapped')).toEqual([BOB]);
    expect(await oncallAt('2026-11-25T12:00:00Z')).toEqual([ANN]);
    expect(await oncallAt('2026-12-01T12:00:00Z')).toEqual([ANN]); // the week after: the rotation again
  });

  it('rejects a bad override with field paths', async () => {
    const bad = await send('/api/v1/schedules/primary/overrides', 'POST', {
      user: CAT,
      start: '2026-11-22T10:00:00Z',
      end: '2026-11-22T09:00:00Z',
    });
    expect(bad.status).toBe(400);
    expect((await json<{ error: { fields: Array<{ path: string }> } }>(bad)).error.fields.map((f) => f.path)).toEqual([
      'end',
    ]);
    const stranger = await send('/api/v1/schedules/primary/overrides', 'POST', {
      user: 'nobody@example.com',
      start: '2026-11-22T09:00:00Z',
      end: '2026-11-22T10:00:00Z',
    });
    expect(stranger.status).toBe(400);
    expect(((await stranger.json()) as { error: { fields: Array<{ path: string }> } }).error.fields[0]!.path).toBe(
      'user',
    );
    expect(
      (
        await send('/api/v1/schedules/ghost/overrides', 'POST', {
          user: CAT,
          start: '2026-11-22T09:00:00Z',
          end: '2026-11-22T10:00:00Z',
        })
      ).status,
    ).toBe(404);
  });

  it('a responder may put themselves on call but not someone else; every change is audited', async () => {
    let [cat] = await s.rt.db.select().from(users).where(eq(users.email, CAT));
    if (!cat) {
      [cat] = await s.rt.db
        .insert(users)
        .values({ email: CAT, name: 'cat', source: 'api', createdAt: clock.now(), updatedAt: clock.now() })
        .returning();
    }
    await s.rt.db.update(users).set({ role: 'responder' }).where(eq(users.id, cat!.id));
    const token = await createToken(s.rt.db, {
      name: CAT,
      kind: 'api',
      role: 'responder',
      userId: cat!.id,
      now: clock.now(),
    });
    const window = { start: '2026-11-22T09:00:00Z', end: '2026-11-22T10:00:00Z' };
    const mine = await send('/api/v1/schedules/primary/overrides', 'POST', { user: CAT, ...window }, token);
    expect(mine.status).toBe(201);
    expect((await send('/api/v1/schedules/primary/overrides', 'POST', { user: BOB, ...window }, token)).status).toBe(
      403,
    );
    const own = await json<OverrideView>(mine);
    expect((await send(`/api/v1/schedules/primary/overrides/${own.id}`, 'DELETE', undefined, token)).status).toBe(204);

    const audit = await s.rt.db.select().from(auditLog).where(eq(auditLog.targetType, 'schedule'));
    expect(audit.map((a) => a.action)).toEqual([
      'schedule-override.create',
      'schedule-override.delete',
      'schedule-override.create',
      'schedule-override.create',
      'schedule-override.create',
      'schedule-override.delete',
    ]);
    expect(audit[0]).toMatchObject({ actor: 'admin', targetId: 'primary', before: null });
  });
});
