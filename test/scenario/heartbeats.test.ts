/**
 * Heartbeats (issue 16 item 8, docs/intake.md#heartbeats) with the quickstart config: a heartbeat pinged by
 * HTTP (its token) and one pinged by Prometheus's always-firing `Watchdog` through the Alertmanager webhook
 * door. While pings come, nothing opens (the Watchdog opens no incident of its own); when they stop, each
 * raises an alert that opens an incident graded like any other (severity critical → P2 in the quickstart)
 * and pages once — not again while it stays down; a ping resolves the alert. Pausing stops the expiry.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApiError,
  HeartbeatCreated,
  HeartbeatList,
  IncidentDetail,
  IncidentList,
  TokenCreated,
} from '@faultline/contracts';
import { sql } from 'drizzle-orm';
import { rows } from '../../apps/server/src/db/index.ts';
import { checkHeartbeats } from '../../apps/server/src/intake/heartbeats.ts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

const cli = promisify(execFile);
const T0 = '2026-11-21T14:00:00.000Z';
const WATCHDOG = {
  status: 'firing',
  labels: { alertname: 'Watchdog', severity: 'none', prometheus: 'k8s' },
  annotations: { summary: 'An alert that should always be firing' },
  startsAt: '2026-11-21T08:00:00Z',
  fingerprint: 'watchdog-k8s',
};

describe('heartbeats: a missed ping pages once through convergence, a ping resolves it', () => {
  const clock = new FakeClock(T0);
  const email = recordingProvider();
  let s: TestServer;
  let backup: HeartbeatCreated;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false });
  });
  afterAll(() => s.dispose());

  const advance = async (minutes: number) => {
    clock.advance(minutes * 60_000);
    await s.engine!.drain();
  };
  const list = async () => ((await (await s.api('/api/v1/heartbeats')).json()) as HeartbeatList).heartbeats;
  const heartbeatIncidents = async () => {
    const l = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
    return l.incidents.filter((i) => i.title.includes('Heartbeat') || i.groupKey.includes('HeartbeatMissing'));
  };
  const detail = async (id: number) => (await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail;
  const watchdog = async () => {
    const res = await s.post('/api/v1/intake/alertmanager/quickstart', {
      version: '4',
      status: 'firing',
      receiver: 'faultline',
      alerts: [WATCHDOG],
    });
    expect(res.status).toBe(202);
    await s.engine!.drain();
  };

  it('refuses bad heartbeats naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'x', intervalSeconds: 30 }, 'intervalSeconds'],
      [{ name: 'x', intervalSeconds: 300, service: 'nope' }, 'service'],
      [{ name: 'x', intervalSeconds: 300, integration: 'not-a-key-at-all' }, 'integration'],
      [{ name: 'x', intervalSeconds: 300, integration: 'quickstart', matchers: ['alertname=~"("'] }, 'matchers.0'],
      [{ name: 'x', intervalSeconds: 300, matchers: ['alertname="Watchdog"'] }, 'integration'],
      [{ name: 'x\u0000', intervalSeconds: 300, id: 'Bad Id' }, 'id'],
    ];
    for (const [body, path] of cases) {
      const res = await s.api('/api/v1/heartbeats', { method: 'POST', body: JSON.stringify(body) });
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = (await res.json()) as ApiError;
      expect(
        err.error.fields?.map((f) => f.path),
        JSON.stringify(err),
      ).toContain(path);
    }
    expect(await list()).toHaveLength(0);
  });

  it('creates an HTTP heartbeat (token shown once) and a Watchdog heartbeat', async () => {
    const res = await s.api('/api/v1/heartbeats', {
      method: 'POST',
      body: JSON.stringify({ name: 'Nightly backup', service: 'payments-db', intervalSeconds: 300, graceSeconds: 60 }),
    });
    expect(res.status).toBe(201);
    backup = (await res.json()) as HeartbeatCreated;
    expect(backup).toMatchObject({ id: 'nightly-backup', status: 'up', lastPingAt: null, hasToken: true });
    expect(backup.token).toMatch(/^hb_/);
    const wd = await s.api('/api/v1/heartbeats', {
      method: 'POST',
      body: JSON.stringify({
        id: 'prometheus-watchdog',
        name: 'Prometheus watchdog',
        integration: 'quickstart',
        service: 'promotions-api',
        matchers: ['alertname="Watchdog"'],
        intervalSeconds: 300,
        graceSeconds: 60,
        labels: { team: 'storefront' },
      }),
    });
    expect(wd.status).toBe(201);
    const again = await s.api('/api/v1/heartbeats', {
      method: 'POST',
      body: JSON.stringify({ name: 'Nightly backup', intervalSeconds: 300 }),
    });
    expect(again.status).toBe(409);
  });

  it('lets a viewer read heartbeats but not change them (oncall:write)', async () => {
    const res = await s.api('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'wallboard', role: 'viewer' }),
    });
    const token = ((await res.json()) as TokenCreated).token;
    const as = (path: string, init: RequestInit = {}) =>
      fetch(`${s.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      });
    expect((await as('/api/v1/heartbeats')).status).toBe(200);
    const create = await as('/api/v1/heartbeats', {
      method: 'POST',
      body: JSON.stringify({ name: 'sneaky', intervalSeconds: 300 }),
    });
    expect(create.status).toBe(403);
    expect((await as('/api/v1/heartbeats/nightly-backup', { method: 'DELETE' })).status).toBe(403);
    expect((await list()).map((h) => h.id)).toEqual(['nightly-backup', 'prometheus-watchdog']);
  });

  it('takes pings: the token or the integration key, never a wrong one; the Watchdog opens no incident', async () => {
    const wrong = await fetch(`${s.url}/api/v1/heartbeats/nightly-backup/ping`, {
      method: 'POST',
      headers: { authorization: 'Bearer hb_wrong' },
    });
    expect(wrong.status).toBe(404);
    const none = await fetch(`${s.url}/api/v1/heartbeats/nightly-backup/ping`, { method: 'POST' });
    expect(none.status).toBe(401);
    const ok = await fetch(`${s.url}/api/v1/heartbeats/nightly-backup/ping`, {
      method: 'POST',
      headers: { authorization: `Bearer ${backup.token}` },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ok', heartbeat: 'nightly-backup', lastPingAt: T0 });
    // The integration key pings its heartbeat too (GET, key in the path, as a plain monitor can).
    expect((await fetch(`${s.url}/api/v1/heartbeats/prometheus-watchdog/ping/quickstart`)).status).toBe(200);
    await watchdog();
    expect(await heartbeatIncidents()).toHaveLength(0);
    const all = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
    expect(all.incidents).toHaveLength(0);
    const hbs = await list();
    expect(hbs.map((h) => [h.id, h.status, h.lastPingAt])).toEqual([
      ['nightly-backup', 'up', T0],
      ['prometheus-watchdog', 'up', T0],
    ]);
  });

  it('is late past the interval, and up again with a ping', async () => {
    await advance(5.5);
    expect((await list()).map((h) => h.status)).toEqual(['late', 'late']);
    await fetch(`${s.url}/api/v1/heartbeats/nightly-backup/ping/${backup.token}`, { method: 'POST' });
    await watchdog();
    expect((await list()).map((h) => h.status)).toEqual(['up', 'up']);
    expect(await heartbeatIncidents()).toHaveLength(0);
    expect(email.sent).toHaveLength(0);
  });

  let backupIncident: number;

  it('when pings stop, each opens an incident graded like any alert and pages once', async () => {
    await advance(7); // 14:05:30 + 5 min interval + 1 min grace = 14:11:30
    const hbs = await list();
    expect(hbs.map((h) => h.status)).toEqual(['down', 'down']);
    const incs = await heartbeatIncidents();
    expect(incs).toHaveLength(2);
    const byService = new Map(incs.map((i) => [i.service, i]));
    const b = byService.get('payments-db')!;
    backupIncident = b.id;
    expect(b.levels).toMatchObject({ P: 'P2' });
    const d = await detail(b.id);
    expect(d.alerts[0]).toMatchObject({ status: 'firing' });
    expect(d.alerts[0]!.summary).toContain('Heartbeat Nightly backup missed');
    expect(d.alerts[0]!.labels).toMatchObject({ alertname: 'HeartbeatMissing', heartbeat: 'nightly-backup' });
    const w = await detail(byService.get('promotions-api')!.id);
    expect(w.alerts[0]!.labels).toMatchObject({ heartbeat: 'prometheus-watchdog', team: 'storefront' });
    const pagesOf = (id: number) => email.sent.filter((m) => m.message.incidentId === id);
    expect(pagesOf(b.id)).toHaveLength(1);
    expect(pagesOf(w.id)).toHaveLength(1);

    // Still down ten minutes later: no second alert, no second page.
    await advance(10);
    expect(pagesOf(b.id)).toHaveLength(1);
    expect((await detail(b.id)).alerts).toHaveLength(1);
    expect(await heartbeatIncidents()).toHaveLength(2);
  });

  it('a ping resolves the alert (by HTTP, and by the Watchdog through Alertmanager)', async () => {
    const ok = await fetch(`${s.url}/api/v1/heartbeats/nightly-backup/ping`, {
      headers: { authorization: `Bearer ${backup.token}` },
    });
    expect(ok.status).toBe(200);
    await watchdog();
    await s.engine!.drain();
    for (const inc of await heartbeatIncidents()) {
      const d = await detail(inc.id);
      expect(d.alerts[0]!.status, `incident ${inc.id}`).toBe('resolved');
      expect(d.status).toBe('mitigated');
    }
    expect((await list()).map((h) => h.status)).toEqual(['up', 'up']);
    expect(email.sent.filter((m) => m.message.incidentId === backupIncident)).toHaveLength(1);
  });

  it('a paused heartbeat raises nothing; resumed, it gets a fresh interval', async () => {
    const put = await s.api('/api/v1/heartbeats/nightly-backup', {
      method: 'PUT',
      body: JSON.stringify({ name: 'Nightly backup', service: 'payments-db', intervalSeconds: 300, paused: true }),
    });
    expect(put.status).toBe(200);
    expect(((await put.json()) as { status: string }).status).toBe('paused');
    const before = (await heartbeatIncidents()).length;
    await advance(60);
    expect((await list()).find((h) => h.id === 'nightly-backup')!.status).toBe('paused');
    const resumed = await s.api('/api/v1/heartbeats/nightly-backup', {
      method: 'PUT',
      body: JSON.stringify({ name: 'Nightly backup', service: 'payments-db', intervalSeconds: 300, paused: false }),
    });
    expect(((await resumed.json()) as { status: string }).status).toBe('up');
    // The Watchdog stopped too (no ping for an hour): only it is down.
    const incs = await heartbeatIncidents();
    expect(incs.filter((i) => i.service === 'payments-db')).toHaveLength(1);
    expect(incs.length).toBe(before);
    expect((await s.api('/api/v1/heartbeats/nightly-backup', { method: 'DELETE' })).status).toBe(204);
    expect((await list()).map((h) => h.id)).toEqual(['prometheus-watchdog']);
  });

  // Five CLI processes, each loading the TypeScript sources: slow on a busy machine.
  it(
    'the CLI adds, lists, pauses (keeping the integration), resumes and deletes heartbeats',
    { timeout: 240_000 },
    async () => {
      const env = { ...process.env, FAULTLINE_TOKEN: ADMIN_TOKEN };
      const run = (...args: string[]) =>
        cli('node_modules/.bin/node', ['apps/server/src/cli/main.ts', ...args, '--url', s.url], { env });
      const added = await run(
        'heartbeat',
        'add',
        'Grafana watchdog',
        '--every',
        '5m',
        '--integration',
        'quickstart',
        '--match',
        'alertname="GrafanaWatchdog"',
        '--label',
        'severity=warning',
      );
      expect(added.stdout).toMatch(/^grafana-watchdog\nping: POST \/api\/v1\/heartbeats\/grafana-watchdog\/ping/);
      expect((await run('heartbeat', 'pause', 'grafana-watchdog')).stdout.trim()).toBe('grafana-watchdog paused');
      const listed = await run('heartbeat', 'list');
      expect(listed.stdout).toMatch(/grafana-watchdog\s+paused\s+last ping never/);
      const view = (await list()).find((h) => h.id === 'grafana-watchdog')!;
      expect(view).toMatchObject({ integration: 'Alertmanager', matchers: ['alertname="GrafanaWatchdog"'] });
      expect((await run('heartbeat', 'resume', 'grafana-watchdog')).stdout.trim()).toBe('grafana-watchdog up');
      expect((await run('heartbeat', 'delete', 'grafana-watchdog')).stdout.trim()).toBe('grafana-watchdog deleted');
      expect((await list()).map((h) => h.id)).toEqual(['prometheus-watchdog']);
    },
  );

  it('raises a down heartbeat once when two nodes check at the same instant', async () => {
    const res = await s.api('/api/v1/heartbeats', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Twice checked',
        service: 'order-history-api',
        intervalSeconds: 60,
        graceSeconds: 0,
      }),
    });
    expect(res.status).toBe(201);
    clock.advance(2 * 60_000);
    const raised = await Promise.all([checkHeartbeats(s.rt), checkHeartbeats(s.rt), checkHeartbeats(s.rt)]);
    expect(raised.reduce((a, b) => a + b, 0)).toBe(1);
    const [n] = await rows<{ n: number }>(
      s.rt.db,
      sql`select count(*)::int as n from events where integration = 'heartbeat:twice-checked'`,
    );
    expect(n!.n).toBe(1);
  });
});
