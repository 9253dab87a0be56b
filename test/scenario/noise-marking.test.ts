/**
 * Noise marking (issue 16 point 9): a responder marks an incident, or one of its alerts, as noise with a
 * reason and can take the mark back; who, when and why are on the incident, its alerts, its timeline and the
 * audit log; the lifecycle does not change; viewers may not; bad input is refused naming the field with
 * nothing written; and the review's `noise_share` counts the incidents marked noise per source and rule.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsReview, ApiError, AuditList, IncidentDetail, IncidentList } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';
import { INTAKE, actingConfig, detail, openIncident } from '../support/acting-fixtures.ts';
import { changedTables, snapshot } from '../support/db-snapshot.ts';

describe('noise marking', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  let s: TestServer;
  let viewer: string;
  const send = (method: string, path: string, body?: unknown, token?: string) =>
    token
      ? fetch(`${s.url}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        })
      : s.api(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const audit = async (type: string, id: number) =>
    ((await (await s.api(`/api/v1/audit?targetType=${type}&targetId=${id}`)).json()) as AuditList).entries;

  beforeAll(async () => {
    s = await startTestServer({ clock, engineLoop: false, configYaml: actingConfig() });
    const created = await s.api('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'watcher@example.com', role: 'viewer' }),
    });
    viewer = ((await created.json()) as { token: string }).token;
  });
  afterAll(() => s.dispose());

  it('marks an incident as noise with who, when and why, audited and on the timeline; the status stays', async () => {
    const id = await openIncident(s, 'NoiseMark');
    clock.advance(60_000);
    const res = await send('POST', `/api/v1/incidents/${id}/noise`, { reason: '  flapping disk probe  ' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as IncidentDetail;
    expect(body.noise).toEqual({ by: 'admin', at: '2026-11-21T12:01:00.000Z', reason: 'flapping disk probe' });
    expect(body.status).toBe('triggered');
    expect(body.timeline.at(-1)).toMatchObject({
      kind: 'noise_marked',
      actor: 'admin',
      message: 'admin marked the incident as noise: flapping disk probe',
    });
    const list = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
    expect(list.incidents.find((i) => i.id === id)?.noise?.reason).toBe('flapping disk probe');
    const rows = await audit('incident', id);
    expect(rows[0]).toMatchObject({
      action: 'incident-noise.mark',
      actor: 'admin',
      before: { noise: null },
      after: { noise: { by: 'admin', reason: 'flapping disk probe' } },
    });

    const undo = await send('DELETE', `/api/v1/incidents/${id}/noise`);
    expect(undo.status).toBe(200);
    const after = (await undo.json()) as IncidentDetail;
    expect(after.noise).toBeNull();
    expect(after.timeline.at(-1)).toMatchObject({ kind: 'noise_unmarked', actor: 'admin' });
    expect((await audit('incident', id))[0]).toMatchObject({ action: 'incident-noise.unmark', after: { noise: null } });
    // Taking back a mark that is not there changes nothing.
    const before = await snapshot(s.rt.db);
    expect((await send('DELETE', `/api/v1/incidents/${id}/noise`)).status).toBe(200);
    expect(changedTables(before, await snapshot(s.rt.db))).toEqual([]);
  });

  it('marks one alert as noise; the incident itself stays unmarked', async () => {
    const id = await openIncident(s, 'NoiseAlert');
    const alertId = (await detail(s, id)).alerts[0]!.id;
    const res = await send('POST', `/api/v1/incidents/${id}/alerts/${alertId}/noise`, { reason: 'test traffic' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as IncidentDetail;
    expect(body.noise).toBeNull();
    expect(body.alerts[0]!.noise).toMatchObject({ by: 'admin', reason: 'test traffic' });
    expect(body.timeline.at(-1)).toMatchObject({ kind: 'noise_marked', data: { alertId, reason: 'test traffic' } });
    expect((await audit('alert', alertId))[0]).toMatchObject({ action: 'alert-noise.mark' });
    const alerts = (await (await s.api(`/api/v1/alerts?incident=${id}`)).json()) as {
      alerts: Array<{ id: number; noise: unknown }>;
    };
    expect(alerts.alerts.find((a) => a.id === alertId)?.noise).toMatchObject({ reason: 'test traffic' });
    const undo = (await (
      await send('DELETE', `/api/v1/incidents/${id}/alerts/${alertId}/noise`)
    ).json()) as IncidentDetail;
    expect(undo.alerts[0]!.noise).toBeNull();
    // An alert of another incident, and unknown ones, are 404.
    const other = await openIncident(s, 'NoiseOther');
    expect((await send('POST', `/api/v1/incidents/${other}/alerts/${alertId}/noise`, { reason: 'x' })).status).toBe(
      404,
    );
    expect((await send('POST', `/api/v1/incidents/999999/noise`, { reason: 'x' })).status).toBe(404);
  });

  it('a viewer may not mark (403) and nothing is written', async () => {
    const id = await openIncident(s, 'NoiseViewer');
    const before = await snapshot(s.rt.db);
    expect((await send('POST', `/api/v1/incidents/${id}/noise`, { reason: 'not mine' }, viewer)).status).toBe(403);
    expect((await send('DELETE', `/api/v1/incidents/${id}/noise`, undefined, viewer)).status).toBe(403);
    // Only the viewer's token records its use.
    expect(changedTables(before, await snapshot(s.rt.db)).filter((t) => t !== 'api_tokens')).toEqual([]);
    expect((await detail(s, id)).noise).toBeNull();
  });

  it.each([
    ['no reason', {}],
    ['a blank reason', { reason: '   ' }],
    ['a reason over 1000 characters', { reason: 'x'.repeat(1001) }],
    ['a NUL in the reason', { reason: 'bad\u0000text' }],
    ['a lone surrogate in the reason', { reason: 'bad\ud800text' }],
    ['a number', { reason: 42 }],
  ])('%s → 400 naming reason, nothing written', async (_name, body) => {
    const id = await openIncident(s, 'NoiseBadInput');
    const before = await snapshot(s.rt.db);
    const res = await send('POST', `/api/v1/incidents/${id}/noise`, body);
    expect(res.status).toBe(400);
    const err = (await res.json()) as ApiError;
    expect(err.error.fields?.map((f) => f.path).join(' ')).toMatch(/reason/);
    expect(changedTables(before, await snapshot(s.rt.db))).toEqual([]);
  });

  it('the CLI marks and takes back', async () => {
    const id = await openIncident(s, 'NoiseCli');
    const cli = (...args: string[]) =>
      promisify(execFile)(
        'node_modules/.bin/node',
        ['apps/server/src/cli/main.ts', 'incident', 'noise', String(id), ...args, '--url', s.url],
        { env: { ...process.env, FAULTLINE_TOKEN: ADMIN_TOKEN } },
      );
    expect((await cli('--reason', 'synthetic check')).stdout).toContain('noise: marked by admin');
    expect((await detail(s, id)).noise?.reason).toBe('synthetic check');
    expect((await cli('--undo')).stdout).toContain('not marked as noise');
    expect((await detail(s, id)).noise).toBeNull();
  });

  it("the review's noise share is the incidents marked noise of those counted, per source and per rule", async () => {
    const marked = await openIncident(s, 'NoiseShare');
    expect((await send('POST', `/api/v1/incidents/${marked}/noise`, { reason: 'known flapper' })).status).toBe(200);
    // An alert no level rule matches opens an ungraded incident: its rule key is its alertname.
    expect(
      (
        await s.post(INTAKE, {
          version: '4',
          status: 'firing',
          alerts: [
            {
              status: 'firing',
              labels: { alertname: 'NoiseUngraded', service: 'pay-api', severity: 'info' },
              annotations: { summary: 'NoiseUngraded on pay-api' },
              startsAt: '2026-11-21T12:00:00Z',
            },
          ],
        })
      ).status,
    ).toBe(202);
    await s.engine!.drain();
    const all = (await (await s.api('/api/v1/incidents?status=all&limit=500')).json()) as IncidentList;
    const ungraded = all.incidents.find((i) => i.title === 'NoiseUngraded on pay-api')!;
    expect(ungraded.levels).toEqual({});
    expect((await send('POST', `/api/v1/incidents/${ungraded.id}/noise`, { reason: 'info only' })).status).toBe(200);

    // Counted here from the incident list: every incident of this file is detected in November on integration
    // acting-test; graded P2 by rule `critical`, or ungraded.
    const list = (await (await s.api('/api/v1/incidents?status=all&risk=include&limit=500')).json()) as IncidentList;
    const counted = list.incidents.filter((i) => !i.risk && i.status !== 'cancelled');
    const n = counted.length;
    const noise = counted.filter((i) => i.noise !== null);
    expect(noise.map((i) => i.id).sort((a, b) => a - b)).toEqual([marked, ungraded.id]);
    const graded = counted.filter((i) => i.levels.P !== undefined).length;
    expect(graded).toBe(n - 1);
    expect(n).toBeGreaterThan(5);

    const res = await s.api('/api/v1/analytics/review?from=2026-11-01&to=2026-12-01&timeZone=UTC');
    expect(res.status).toBe(200);
    const review = (await res.json()) as AnalyticsReview;
    expect(review.noise.share).toEqual({ metric: 'noise_share', count: 2, n, rate: 2 / n });
    expect(review.noise.bySource).toEqual([{ key: 'acting-test', count: 2, n, rate: 2 / n }]);
    expect(review.noise.byRule).toEqual([
      { key: 'critical', count: 1, n: graded, rate: 1 / graded },
      { key: 'alertname:NoiseUngraded', count: 1, n: 1, rate: 1 },
    ]);
    expect(review.noise.excluded).toEqual([]);
    // A mark taken back no longer counts.
    await send('DELETE', `/api/v1/incidents/${ungraded.id}/noise`);
    const again = (await (
      await s.api('/api/v1/analytics/review?from=2026-11-01&to=2026-12-01&timeZone=UTC')
    ).json()) as AnalyticsReview;
    expect(again.noise.share.count).toBe(1);
  });
});
