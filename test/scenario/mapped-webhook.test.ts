/**
 * A generic webhook with a JSONata field mapping (issue 16 point 7; docs/intake.md): an integration of source
 * `generic` with a `mapping` takes Azure Monitor's common alert schema as Azure posts it, opens a graded
 * incident from a fired alert, mitigates it on the resolved one (same `alertId`), and answers a payload its
 * mapping cannot use with a 400 naming the mapped field. A mapping that does not compile fails the config.
 */
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentList } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { checkConfigText } from '../../apps/server/src/config/load.ts';
import { fixturePath } from '../support/fixtures.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const KEY = 'azure-monitor-webhook';
const MAPPING = {
  dedupKey: 'data.essentials.alertId',
  summary: 'data.essentials.alertRule & ": " & data.alertContext.condition.allOf[0].metricName',
  status: 'data.essentials.monitorCondition',
  severity:
    '$lookup({"Sev0": "critical", "Sev1": "error", "Sev2": "warning", "Sev3": "info", "Sev4": "info"}, data.essentials.severity)',
  labels: '{"alertname": data.essentials.alertRule, "signal_type": data.essentials.signalType}',
  startsAt: 'data.essentials.firedDateTime',
};
const quickstart = parse(readFileSync(QUICKSTART_CONFIG, 'utf8')) as { integrations: object[] };
const withIntegration = (mapping: object) =>
  stringify({
    ...quickstart,
    integrations: [
      ...quickstart.integrations,
      { key: KEY, name: 'Azure Monitor', source: 'generic', service: 'checkout-api', mapping },
    ],
  });

// Azure Monitor's documented sample (test/fixtures/azure-monitor-common-alert/SOURCE.md): a resolved Sev3.
const RESOLVED = JSON.parse(
  readFileSync(fixturePath('azure-monitor-common-alert', 'sample-alert-payload.json'), 'utf8'),
) as { data: { essentials: Record<string, unknown> } };
const FIRED = {
  ...RESOLVED,
  data: {
    ...RESOLVED.data,
    essentials: {
      ...RESOLVED.data.essentials,
      monitorCondition: 'Fired',
      severity: 'Sev0',
      resolvedDateTime: undefined,
    },
  },
};

describe('generic webhook with a JSONata mapping', () => {
  const clock = new FakeClock('2026-11-21T15:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ clock, configYaml: withIntegration(MAPPING), providers: { email }, engineLoop: false });
  });
  afterAll(() => s.dispose());

  const all = async () => ((await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList).incidents;

  it("opens a graded incident from Azure's fired alert and mitigates it on the resolved one", async () => {
    const res = await s.post(`/api/v1/intake/generic/${KEY}`, FIRED);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: 'accepted', alerts: 1 });
    await s.engine!.drain();
    const [incident, ...rest] = await all();
    expect(rest).toHaveLength(0);
    // Sev0 → critical → the quickstart's generic rule: P2 on the core checkout module; paged once.
    expect(incident).toMatchObject({ service: 'checkout-api', levels: { P: 'P2' }, status: 'triggered' });
    const d = (await (await s.api(`/api/v1/incidents/${incident!.id}`)).json()) as IncidentDetail;
    expect(d.alerts[0]).toMatchObject({
      source: 'generic',
      summary: 'WCUS-R2-Gen2: Percentage CPU',
      severity: 'critical',
      labels: { alertname: 'WCUS-R2-Gen2', signal_type: 'Metric', severity: 'critical' },
      startsAt: '2019-03-22T13:58:24.371Z',
    });
    expect(email.sent.filter((m) => m.message.incidentId === incident!.id)).toHaveLength(1);

    clock.advance(60_000);
    expect((await s.post(`/api/v1/intake/generic/${KEY}`, RESOLVED)).status).toBe(202);
    await s.engine!.drain();
    const after = (await (await s.api(`/api/v1/incidents/${incident!.id}`)).json()) as IncidentDetail;
    expect(after).toMatchObject({ status: 'mitigated', firingCount: 0 });
  });

  it('answers a payload the mapping cannot use with a 400 naming the mapped field', async () => {
    const res = await s.post(`/api/v1/intake/generic/${KEY}`, {
      data: { essentials: { alertRule: 'r', monitorCondition: 'Fired', firedDateTime: 'yesterday' } },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; fields: Array<{ path: string }> } };
    expect(body.error.code).toBe('VALIDATION');
    expect(body.error.fields.map((f) => f.path)).toEqual(['mapping.startsAt']);
    const odd = await s.post(`/api/v1/intake/generic/${KEY}`, {
      data: { essentials: { alertRule: 'r', monitorCondition: 'Sleeping' } },
    });
    expect(((await odd.json()) as { error: { fields: Array<{ path: string }> } }).error.fields[0]!.path).toBe(
      'mapping.status',
    );
  });

  it('refuses a config whose mapping does not compile, naming the field', () => {
    const { problems } = checkConfigText(withIntegration({ ...MAPPING, labels: '{"alertname": ' }), clock.now());
    const problem = problems.find((p) => p.path.endsWith('mapping.labels'));
    expect(problem?.message).toMatch(/^not a JSONata expression/);
  });
});
