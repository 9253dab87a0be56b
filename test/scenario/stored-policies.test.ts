/**
 * Escalation policies and schedules edited through the API (issue 4 point 4): a team of the config pages
 * through a policy stored at runtime, the engine follows its steps and a replaced body at once, config
 * objects are read-only (409 naming the config file), bodies are validated with field paths, references
 * are checked, objects in use cannot be deleted, every change is audited, and the stored objects are loaded
 * again after a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import pg from 'pg';
import { stringify } from 'yaml';
import { eq } from 'drizzle-orm';
import type { IncidentList, PolicyView, ScheduleList, ScheduleView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { auditLog } from '../../apps/server/src/audit/tables.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { coreCatalog } from '../support/catalog-fixture.ts';

const INTAKE = '/api/v1/intake/alertmanager/stored-test';
const ANN = 'ann@example.com';
const BOB = 'bob@example.com';
const CAT = 'cat@example.com';
const MIN = 60_000;

function config(): string {
  return stringify({
    version: 1,
    catalog: coreCatalog({ 'ops-api': 'ops', 'web-api': 'web' }),
    teams: [
      // ops-runtime is not in the file: it is created through the API below.
      { id: 'ops', members: [ANN, BOB, CAT].map((email) => ({ name: email, email })), escalationPolicy: 'ops-runtime' },
      { id: 'web', members: [{ name: 'Ann', email: ANN }], escalationPolicy: 'web' },
    ],
    schedules: [
      {
        id: 'primary',
        timeZone: 'UTC',
        layers: [{ id: 'w', participants: [ANN], shift: { every: 1, unit: 'weeks' }, start: '2026-11-16T09:00' }],
      },
    ],
    escalationPolicies: [{ id: 'web', steps: [{ targets: [{ schedule: 'primary' }] }] }],
    levels: {
      templates: false,
      rules: [{ id: 'critical', sequence: 'P', level: 2, alert: { matchers: ['severity="critical"'] } }],
    },
    integrations: [{ key: 'stored-test', source: 'alertmanager', routeByLabel: 'service' }],
  });
}

const alert = (name: string) => ({
  version: '4',
  status: 'firing',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: name, service: 'ops-api', severity: 'critical' },
      annotations: { summary: name },
      startsAt: '2026-11-21T12:00:00Z',
    },
  ],
});

const backup = {
  id: 'backup',
  name: 'Backup',
  team: 'ops',
  timeZone: 'Europe/Berlin',
  layers: [{ id: 'daily', participants: [BOB], shift: { every: 1, unit: 'days' }, start: '2026-11-01T08:00' }],
};
const policy = {
  id: 'ops-runtime',
  name: 'Ops (runtime)',
  team: 'ops',
  steps: [{ targets: [{ schedule: 'backup' }] }, { delayMinutes: 5, targets: [{ user: CAT }] }],
};

describe('escalation policies and schedules stored through the API', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  const send = (path: string, method: string, body?: unknown) =>
    s.api(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const errorOf = async (res: Response) =>
    ((await res.json()) as { error: { code: string; message: string; fields?: Array<{ path: string }> } }).error;
  const paged = async (name: string): Promise<string[]> => {
    expect((await s.post(INTAKE, alert(name))).status).toBe(202);
    await s.engine!.drain();
    const list = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
    const id = list.incidents.find((i) => i.title === name)!.id;
    return email.sent.filter((m) => m.message.incidentId === id).map((m) => m.recipient);
  };

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: config() });
  });
  afterAll(async () => {
    if (s) await s.dispose().catch(() => {});
  });

  it('config objects are read-only: an id of the config file is refused with 409', async () => {
    const dup = await send('/api/v1/schedules', 'POST', { ...backup, id: 'primary' });
    expect(dup.status).toBe(409);
    expect((await errorOf(dup)).message).toContain('defined in the config file');
    expect((await send('/api/v1/escalation-policies', 'POST', { ...policy, id: 'web' })).status).toBe(409);
    expect((await send('/api/v1/escalation-policies/web', 'PUT', { ...policy, id: 'web' })).status).toBe(409);
    expect((await send('/api/v1/schedules/primary', 'DELETE')).status).toBe(409);
    const web = (await (await s.api('/api/v1/escalation-policies/web')).json()) as PolicyView;
    expect(web).toMatchObject({ id: 'web', source: 'config', team: 'web', updatedBy: null });
  });

  it('bodies are validated with field paths, and references are checked', async () => {
    const bad = await send('/api/v1/schedules', 'POST', { ...backup, timeZone: 'Mars/Olympus', layers: [{ id: 'x' }] });
    expect(bad.status).toBe(400);
    const paths = (await errorOf(bad)).fields!.map((f) => f.path);
    expect(paths).toContain('timeZone');
    expect(paths).toContain('layers.0.participants');
    const ghost = await send('/api/v1/escalation-policies', 'POST', {
      ...policy,
      steps: [{ targets: [{ schedule: 'nope' }] }],
    });
    expect(ghost.status).toBe(400);
    expect((await errorOf(ghost)).fields).toEqual([
      { path: 'steps.0.targets.0.schedule', message: 'unknown schedule "nope"' },
    ]);
  });

  it('a stored schedule and policy are created, listed with their source, and the engine pages through them', async () => {
    // Before the policy exists the team falls back to its (empty) oncall list: nobody is paged.
    expect(await paged('NoPolicyYet')).toEqual([]);
    const created = await send('/api/v1/schedules', 'POST', backup);
    expect(created.status).toBe(201);
    expect((await created.json()) as ScheduleView).toMatchObject({
      id: 'backup',
      source: 'api',
      team: 'ops',
      updatedBy: 'admin',
    });
    expect((await send('/api/v1/escalation-policies', 'POST', policy)).status).toBe(201);
    const list = (await (await s.api('/api/v1/schedules')).json()) as ScheduleList;
    // By id (a list's fixed order, for paging), config and stored ones alike.
    expect(list.schedules.map((x) => `${x.id}:${x.source}`)).toEqual(['backup:api', 'primary:config']);

    const first = await paged('StoredPolicy');
    expect(first).toEqual([BOB]);
    clock.advance(5 * MIN);
    await s.engine!.drain();
    const list2 = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
    const id = list2.incidents.find((i) => i.title === 'StoredPolicy')!.id;
    expect(email.sent.filter((m) => m.message.incidentId === id).map((m) => m.recipient)).toEqual([BOB, CAT]);
  });

  it('objects in use cannot be deleted; a replaced policy is used at once', async () => {
    const inUse = await send('/api/v1/schedules/backup', 'DELETE');
    expect(inUse.status).toBe(409);
    expect((await errorOf(inUse)).message).toContain('ops-runtime');
    expect((await send('/api/v1/escalation-policies/ops-runtime', 'DELETE')).status).toBe(409);

    const replaced = await send('/api/v1/escalation-policies/ops-runtime', 'PUT', {
      ...policy,
      steps: [{ targets: [{ user: CAT }] }],
    });
    expect(replaced.status).toBe(200);
    expect(await paged('Replaced')).toEqual([CAT]);
    expect((await send('/api/v1/schedules/backup', 'DELETE')).status).toBe(204);
    expect((await s.api('/api/v1/schedules/backup')).status).toBe(404);
  });

  it('every change is audited with before and after', async () => {
    const rows = await s.rt.db.select().from(auditLog).where(eq(auditLog.actor, 'admin'));
    const mine = rows.filter((r) => r.targetType === 'schedule' || r.targetType === 'escalation-policy');
    expect(mine.map((r) => `${r.action} ${r.targetId}`)).toEqual([
      'schedule.create backup',
      'escalation-policy.create ops-runtime',
      'escalation-policy.update ops-runtime',
      'schedule.delete backup',
    ]);
    const update = mine[2]!;
    expect((update.before as { steps: unknown[] }).steps).toHaveLength(2);
    expect((update.after as { steps: unknown[] }).steps).toHaveLength(1);
  });

  it('stored objects are loaded again after a restart', async () => {
    const dataDir = s.dataDir;
    const databaseUrl = s.env.DATABASE_URL;
    await s.stop();
    const again = await startTestServer({
      clock,
      providers: { email },
      engineLoop: false,
      configYaml: config(),
      dataDir,
      databaseUrl,
    });
    try {
      const p = (await (await again.api('/api/v1/escalation-policies/ops-runtime')).json()) as PolicyView;
      expect(p).toMatchObject({ source: 'api', team: 'ops', name: 'Ops (runtime)' });
    } finally {
      await again.stop();
      rmSync(dataDir, { recursive: true, force: true });
      if (databaseUrl && process.env.TEST_DATABASE_URL) {
        const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
        await client.connect();
        await client.query(`drop database if exists ${new URL(databaseUrl).pathname.slice(1)} with (force)`);
        await client.end();
      }
      s = undefined as unknown as TestServer;
    }
  });
});
