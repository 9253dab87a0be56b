/**
 * Evaluating the suspect ranking on history (docs/changes.md "Evaluating the ranking"): three incidents with a
 * change labelled caused; the evaluation reports at which rank the ranking put it and at which rank the bare
 * time window (most recent first) would have, with top 1, top 3 and MRR, filtered by impact start.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeView, IncidentList, RankingEvaluation } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

const INTAKE = '/api/v1/intake/alertmanager/eval-test';

describe('evaluating the suspect ranking', () => {
  const clock = new FakeClock('2026-12-01T15:00:00Z');
  let s: TestServer;
  const incident: Record<string, number> = {};

  beforeAll(async () => {
    const configYaml = stringify({
      version: 1,
      catalog: {
        businessLines: [
          {
            id: 'commerce',
            modules: [
              {
                id: 'checkout',
                tier: 'core',
                volume: 'high',
                services: [
                  { id: 'checkout-api', team: 'payments', dependsOn: ['payments-db'] },
                  { id: 'payments-db', team: 'payments' },
                  { id: 'search-api', team: 'payments' },
                ],
              },
            ],
          },
        ],
      },
      teams: [{ id: 'payments', members: [{ name: 'Ana', email: 'ana@example.com' }] }],
      levels: { templates: false, rules: [] },
      integrations: [{ key: 'eval-test', source: 'alertmanager', routeByLabel: 'service' }],
    });
    s = await startTestServer({ clock, configYaml, providers: { email: recordingProvider() }, engineLoop: false });

    const change = async (kind: string, service: string, startedAt: string) => {
      const res = await s.api('/api/v1/changes', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          kind,
          summary: `${kind} ${service}`,
          services: [service],
          startedAt,
          endedAt: startedAt,
        }),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as ChangeView).id;
    };
    const open = async (name: string, service: string, startsAt: string) => {
      const res = await s.post(INTAKE, {
        version: '4',
        status: 'firing',
        receiver: 'faultline',
        groupKey: `{}:{alertname="${name}"}`,
        alerts: [
          { status: 'firing', labels: { alertname: name, service, severity: 'critical' }, annotations: {}, startsAt },
        ],
      });
      expect(res.status).toBe(202);
      await s.engine!.drain();
      const list = ((await (await s.api('/api/v1/incidents')).json()) as IncidentList).incidents;
      return list.find((i) => i.title.includes(name))!.id;
    };
    const caused = async (id: number, changeId: number) => {
      const res = await s.api(`/api/v1/incidents/${id}/suspect-changes/${changeId}/verdict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ verdict: 'caused', why: 'seen in the logs' }),
      });
      expect(res.status).toBe(200);
    };

    // A: the upstream config 3 min before beats an unrelated deploy 1 min before (recency gets it wrong).
    const aConfig = await change('config', 'payments-db', '2026-12-01T09:57:00Z');
    await change('deploy', 'search-api', '2026-12-01T09:59:00Z');
    incident.a = await open('CheckoutErrors', 'checkout-api', '2026-12-01T10:00:00Z');
    await caused(incident.a, aConfig);
    // B: a deploy on the service itself an hour before beats a flag flip elsewhere 2 min before.
    const bDeploy = await change('deploy', 'checkout-api', '2026-12-01T11:00:00Z');
    await change('flag', 'search-api', '2026-12-01T11:58:00Z');
    incident.b = await open('CheckoutLatency', 'checkout-api', '2026-12-01T12:00:00Z');
    await caused(incident.b, bDeploy);
    // C: the ranking misses: the unrelated config 1 min before caused it; the ranking put it third, after two
    // deploys on search-api itself (13:00, and 09:59 from A's window).
    await change('deploy', 'search-api', '2026-12-01T13:00:00Z');
    const cConfig = await change('config', 'payments-db', '2026-12-01T13:59:00Z');
    incident.c = await open('SearchDown', 'search-api', '2026-12-01T14:00:00Z');
    await caused(incident.c, cConfig);
    // An incident without a caused change is not evaluated.
    await open('SearchSlow', 'search-api', '2026-12-01T14:30:00Z');
  });
  afterAll(() => s?.dispose());

  const evaluation = async (q = '') => {
    const res = await s.api(`/api/v1/changes/ranking-evaluation${q}`);
    expect(res.status).toBe(200);
    return (await res.json()) as RankingEvaluation;
  };

  it('reports the rank of each caused change under the ranking and under recency alone, with top 1, top 3 and MRR', async () => {
    const e = await evaluation();
    expect(e.incidents).toBe(3);
    expect(e.rows.map((r) => [r.incidentId, r.rank, r.recencyRank, r.candidates])).toEqual([
      [incident.a, 1, 2, 2],
      [incident.b, 1, 2, 4], // A's changes are in B's 24-hour window too
      [incident.c, 3, 1, 6],
    ]);
    expect(e.ranking).toEqual({ top1: 2, top3: 3, notRanked: 0, mrr: 0.778 });
    expect(e.recency).toEqual({ top1: 1, top3: 3, notRanked: 0, mrr: 0.667 });
  });

  it('filters by impact start; refuses a malformed period naming the field', async () => {
    const e = await evaluation('?from=2026-12-01T13:00:00Z&to=2026-12-02T00:00:00Z');
    expect(e.rows.map((r) => r.incidentId)).toEqual([incident.c]);
    expect(e).toMatchObject({ from: '2026-12-01T13:00:00.000Z', incidents: 1, ranking: { top1: 0, mrr: 0.333 } });
    const bad = await s.api('/api/v1/changes/ranking-evaluation?from=yesterday');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('from');
  });

  it('the CLI prints the evaluation', async () => {
    const { stdout } = await promisify(execFile)(
      'node_modules/.bin/node',
      ['apps/server/src/cli/main.ts', 'change', 'evaluate', '--url', s.url],
      { env: { ...process.env, FAULTLINE_TOKEN: ADMIN_TOKEN } },
    );
    expect(stdout).toContain('3 incidents with a change labelled caused');
    expect(stdout).toContain('ranking: first 2, top 3 3, not ranked 0, MRR 0.778');
    expect(stdout).toContain('recency: first 1, top 3 3, not ranked 0, MRR 0.667');
  });
});
