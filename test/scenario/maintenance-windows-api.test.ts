/**
 * Maintenance windows through the API and CLI (docs/convergence.md#maintenance-windows): created, listed,
 * read, ended early and deleted, each audited; bad windows refused with 400 naming the field; config windows
 * listed but read-only. A stored window mutes like a config one: an alert in scope is recorded and says
 * which window muted it, pages nobody while the window is open, and pages once when it ends (on time, or
 * ended early by hand); nothing stays suppressed after it. A recurring window ended early skips only its
 * opening in progress.
 *
 * The quickstart grades `severity="warning"` P3 and pages the payments team's on-call by email for checkout-api.
 * 2026-11-21 is a Saturday; Europe/Paris is UTC+1 in November.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApiError,
  IncidentDetail,
  IncidentList,
  MaintenanceWindowList,
  MaintenanceWindowView,
} from '@faultline/contracts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

const cli = promisify(execFile);
const INTAKE = '/api/v1/intake/alertmanager/quickstart';
const CONFIG = `${readFileSync(QUICKSTART_CONFIG, 'utf8')}
maintenanceWindows:
  - id: nightly-backup
    name: Nightly backup
    timeIntervals: [{ times: [{ start_time: '02:00', end_time: '03:00' }] }]
    scope: { matchers: ['alertname="BackupLag"'] }
`;

const amAlert = (alertname: string, instance: string, status: 'firing' | 'resolved' = 'firing') => ({
  status,
  labels: { alertname, service: 'checkout-api', severity: 'warning', instance },
  annotations: { summary: `${alertname} on ${instance}` },
  startsAt: '2026-11-21T12:00:00Z',
  fingerprint: `${alertname}-${instance}`.toLowerCase(),
});

describe('maintenance windows through the API and CLI', () => {
  const clock = new FakeClock('2026-11-21T13:10:00Z');
  const email = recordingProvider();
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: CONFIG });
  });
  afterAll(() => s.dispose());

  const json = (method: string, body?: unknown): RequestInit => ({
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  async function create(body: Record<string, unknown>): Promise<MaintenanceWindowView> {
    const res = await s.api('/api/v1/maintenance-windows', json('POST', body));
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as MaintenanceWindowView;
  }
  async function fire(alertname: string, instance: string): Promise<IncidentDetail> {
    const res = await s.post(INTAKE, { version: '4', status: 'firing', alerts: [amAlert(alertname, instance)] });
    expect(res.status).toBe(202);
    await s.engine!.drain();
    const list = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
    const found = list.incidents.find((i) => i.groupKey === `service=checkout-api,alertname=${alertname}`)!;
    return (await (await s.api(`/api/v1/incidents/${found.id}`)).json()) as IncidentDetail;
  }
  const pages = (id: number) => email.sent.filter((m) => m.message.incidentId === id).length;
  const at = async (iso: string) => {
    clock.advance(Date.parse(iso) - clock.now().getTime());
    await s.engine!.drain();
  };
  const inMinutes = (m: number) => new Date(clock.now().getTime() + m * 60_000).toISOString();

  it('refuses bad windows with 400 naming the field', async () => {
    const scope = { services: ['checkout-api'] };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'x', startsAt: inMinutes(60), endsAt: inMinutes(30), scope }, 'endsAt'],
      [{ name: 'x', endsAt: inMinutes(-5), scope }, 'endsAt'],
      [{ name: 'x', scope }, 'endsAt'],
      [{ name: ' ', endsAt: inMinutes(30), scope }, 'name'],
      [{ name: 'x', endsAt: inMinutes(30), scope: {} }, 'scope'],
      [{ name: 'x', endsAt: inMinutes(30), scope: { services: ['nope'] } }, 'scope.services.0'],
      [{ name: 'x', endsAt: inMinutes(30), scope: { modules: ['checkout', 'nope'] } }, 'scope.modules.1'],
      [{ name: 'x', endsAt: inMinutes(30), scope: { matchers: ['a=~"(unclosed"'] } }, 'scope.matchers.0'],
      [{ name: 'x', endsAt: inMinutes(30), scope: { matchers: ['a=~".*"'] } }, 'scope.matchers'],
      [{ name: 'x', timeIntervals: [{ days_of_month: ['32'] }], scope }, 'timeIntervals.0.days_of_month.0'],
      [{ name: 'x', timeIntervals: [{ location: 'Mars/Olympus' }], scope }, 'timeIntervals.0.location'],
      [{ name: 'x', timeIntervals: [{ weekdays: ['funday'] }], scope }, 'timeIntervals.0.weekdays.0'],
      [{ name: 'x', timeIntervals: [{}], endsAt: inMinutes(30), scope }, 'timeIntervals'],
      [{ name: 'x', endsAt: inMinutes(30), scope, effect: 'suppress-everything' }, 'effect'],
      [{ name: 'x', endsAt: 'tomorrow', scope }, 'endsAt'],
      [{ name: 'a\u0000b', endsAt: inMinutes(30), scope }, 'name'],
    ];
    for (const [body, path] of cases) {
      const res = await s.api('/api/v1/maintenance-windows', json('POST', body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = (await res.json()) as ApiError;
      expect(
        err.error.fields?.map((f) => f.path),
        JSON.stringify(body),
      ).toContain(path);
    }
  });

  it('mutes alerts in scope while open, pages once at its end, and nothing stays suppressed', async () => {
    const w = await create({
      name: 'Checkout database upgrade',
      endsAt: '2026-11-21T13:40:00Z',
      scope: { services: ['checkout-api'], matchers: ['alertname="DbConnections"'] },
      comment: 'planned upgrade',
    });
    expect(w).toMatchObject({
      status: 'in-progress',
      startsAt: '2026-11-21T13:10:00.000Z',
      openUntil: '2026-11-21T13:40:00.000Z',
      effect: 'suppress-notifications',
      source: 'api',
      createdBy: 'admin',
      scope: { services: ['checkout-api'], matchers: ['alertname="DbConnections"'] },
    });
    const db = await fire('DbConnections', 'api-1');
    const other = await fire('HighLatency', 'api-1');
    expect(db.alerts[0]!.mutedBy).toEqual([
      expect.objectContaining({ kind: 'maintenance', id: w.id, until: '2026-11-21T13:40:00.000Z' }),
    ]);
    expect([pages(db.id), pages(other.id)]).toEqual([0, 1]);

    await at('2026-11-21T13:39:59Z');
    expect(pages(db.id)).toBe(0);
    await at('2026-11-21T13:40:00Z');
    expect(pages(db.id)).toBe(1);
    expect(((await (await s.api(`/api/v1/maintenance-windows/${w.id}`)).json()) as MaintenanceWindowView).status).toBe(
      'completed',
    );

    const after = await fire('DbConnections', 'api-2');
    expect(after.alerts.find((a) => a.labels.instance === 'api-2')!.mutedBy).toEqual([]);
    await at('2026-11-21T15:00:00Z');
    expect(pages(db.id)).toBe(1);
  });

  it('ends a window early: what it held pages at once, once; it is audited and listed with the config ones', async () => {
    await at('2026-11-21T16:00:00Z');
    const w = await create({
      name: 'Queue migration',
      endsAt: '2026-11-21T18:00:00Z',
      scope: { modules: ['checkout'], matchers: ['alertname="QueueDepth"'] },
    });
    const q = await fire('QueueDepth', 'api-1');
    expect(pages(q.id)).toBe(0);
    await at('2026-11-21T16:10:00Z');
    const ended = await s.api(`/api/v1/maintenance-windows/${w.id}/end`, json('POST'));
    expect(ended.status).toBe(200);
    expect(((await ended.json()) as MaintenanceWindowView).status).toBe('completed');
    await s.engine!.drain();
    expect(pages(q.id)).toBe(1);
    await at('2026-11-21T18:30:00Z');
    expect(pages(q.id)).toBe(1);
    expect((await s.api(`/api/v1/maintenance-windows/${w.id}/end`, json('POST'))).status).toBe(409);

    const list = (await (await s.api('/api/v1/maintenance-windows')).json()) as MaintenanceWindowList;
    const cfg = list.windows.find((x) => x.id === 'maintenance:nightly-backup')!;
    expect(cfg).toMatchObject({ source: 'config', status: 'scheduled', nextStartsAt: '2026-11-22T02:00:00.000Z' });
    expect((await s.api(`/api/v1/maintenance-windows/${cfg.id}/end`, json('POST'))).status).toBe(409);
    expect((await s.api(`/api/v1/maintenance-windows/${cfg.id}`, json('DELETE'))).status).toBe(409);
    const rank = { 'in-progress': 0, scheduled: 1, completed: 2 };
    const ranks = list.windows.map((x) => rank[x.status]);
    expect(ranks).toEqual([...ranks].sort());

    const audit = (await (await s.api(`/api/v1/audit?targetType=maintenance_window&targetId=${w.id}`)).json()) as {
      entries: Array<{ action: string }>;
    };
    expect(audit.entries.map((e) => e.action)).toEqual(['maintenance.end', 'maintenance.create']);
  });

  it('ending a recurring window skips only its opening in progress', async () => {
    // Saturdays 20:00–21:00 Europe/Paris = 19:00–20:00 UTC.
    const w = await create({
      name: 'Weekly reindex',
      timeIntervals: [
        { weekdays: ['saturday'], times: [{ start_time: '20:00', end_time: '21:00' }], location: 'Europe/Paris' },
      ],
      scope: { services: ['checkout-api'], matchers: ['alertname="ReindexLag"'] },
    });
    expect(w).toMatchObject({ status: 'scheduled', nextStartsAt: '2026-11-21T19:00:00.000Z' });
    expect((await s.api(`/api/v1/maintenance-windows/${w.id}/end`, json('POST'))).status).toBe(409);
    await at('2026-11-21T19:05:00Z');
    const r = await fire('ReindexLag', 'api-1');
    expect(pages(r.id)).toBe(0);
    const ended = (await (
      await s.api(`/api/v1/maintenance-windows/${w.id}/end`, json('POST'))
    ).json()) as MaintenanceWindowView;
    expect(ended).toMatchObject({
      status: 'scheduled',
      closedUntil: '2026-11-21T20:00:00.000Z',
      nextStartsAt: '2026-11-28T19:00:00.000Z',
    });
    await s.engine!.drain();
    expect(pages(r.id)).toBe(1);
    const again = await fire('ReindexLag', 'api-2');
    expect(again.alerts.find((a) => a.labels.instance === 'api-2')!.mutedBy).toEqual([]);

    // The next Saturday it mutes again.
    await at('2026-11-28T19:05:00Z');
    const next = await fire('ReindexLag', 'api-3');
    expect(next.alerts.find((a) => a.labels.instance === 'api-3')!.mutedBy).toEqual([
      expect.objectContaining({ id: w.id, until: '2026-11-28T20:00:00.000Z' }),
    ]);
    expect((await s.api(`/api/v1/maintenance-windows/${w.id}`, json('DELETE'))).status).toBe(204);
    expect((await s.api(`/api/v1/maintenance-windows/${w.id}`)).status).toBe(404);
  });

  it('the CLI adds, lists and ends windows', async () => {
    const env = { ...process.env, FAULTLINE_TOKEN: ADMIN_TOKEN };
    const run = (...args: string[]) =>
      cli('node_modules/.bin/node', ['apps/server/src/cli/main.ts', ...args, '--url', s.url], { env });
    const end = new Date(clock.now().getTime() + 3_600_000).toISOString();
    const added = await run(
      'maintenance',
      'add',
      'alertname="CacheMiss"',
      '--name',
      'Cache flush',
      '--service',
      'checkout-api',
      '--end',
      end,
    );
    const id = added.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const listed = await run('maintenance', 'list', '--status', 'in-progress');
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).toContain(
      'Cache flush (suppress-notifications) — service checkout-api, alertname="CacheMiss"',
    );
    expect((await run('maintenance', 'end', id)).stdout.trim()).toBe(`${id} ended`);
    const shown = JSON.parse((await run('maintenance', 'show', id)).stdout) as MaintenanceWindowView;
    expect(shown.status).toBe('completed');
    const bad = await run('maintenance', 'add', '--name', 'x', '--service', 'nope', '--duration', '1h').catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(bad).toMatchObject({ code: 1 });
    expect((bad as { stderr: string }).stderr).toContain('scope.services.0');
  });
});
