/**
 * Steps for a level (DESIGN §7: "an upgrade of the incident's level re-pages and can add steps, e.g. P1 adds
 * the leadership step at once"): a step with `minLevel: P1` is passed over for a P3 incident — the next step
 * keeps its own delay — and when the incident is upgraded to P1 the policy restarts and that step pages at
 * once. The simulator plans the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { IncidentDetail, IncidentList, SimulationView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { coreCatalog } from '../support/catalog-fixture.ts';

const MIN = 60_000;
const INTAKE = '/api/v1/intake/alertmanager/level-steps';
const ANN = 'ann@example.com'; // on call (step 1)
const LEAD = 'lead@example.com'; // the P1-only step
const BOSS = 'boss@example.com'; // step 3, 10 minutes later

function config(): string {
  const member = (email: string) => ({ name: email.split('@')[0], email });
  return stringify({
    version: 1,
    catalog: coreCatalog({ 'pay-api': 'payments' }),
    teams: [{ id: 'payments', members: [ANN, LEAD, BOSS].map(member), escalationPolicy: 'payments' }],
    escalationPolicies: [
      {
        id: 'payments',
        steps: [
          { targets: [{ user: ANN }] },
          { minLevel: 'P1', targets: [{ user: LEAD }] },
          { delayMinutes: 10, targets: [{ user: BOSS }] },
        ],
      },
    ],
    levels: {
      templates: false,
      rules: [
        { id: 'critical', sequence: 'P', level: 1, alert: { matchers: ['severity="critical"'] } },
        { id: 'warning', sequence: 'P', level: 3, alert: { matchers: ['severity="warning"'] } },
      ],
    },
    integrations: [{ key: 'level-steps', source: 'alertmanager', routeByLabel: 'service' }],
  });
}

const alert = (severity: string, instance: string) => ({
  version: '4',
  status: 'firing',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'PayErrors', service: 'pay-api', severity, instance },
      annotations: { summary: 'Payment errors' },
      startsAt: '2026-11-21T12:00:00Z',
    },
  ],
});

describe('escalation steps for a level', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  const drain = () => s.engine!.drain();
  const advance = async (minutes: number) => {
    clock.advance(minutes * MIN);
    await drain();
  };
  const emails = (id: number) =>
    email.sent.filter((m) => m.message.incidentId === id).map((m) => `${m.recipient} ${m.message.step}`);
  const notes = async (id: number) =>
    ((await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail).timeline
      .filter((t) => t.kind === 'note')
      .map((t) => t.message);

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: config() });
  });
  afterAll(() => s.dispose());

  let id: number;
  it('a P3 incident passes the P1 step over; the step after it keeps its 10-minute delay', async () => {
    expect((await s.post(INTAKE, alert('warning', 'a'))).status).toBe(202);
    await drain();
    const list = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
    id = list.incidents[0]!.id;
    expect(list.incidents[0]!.levels).toEqual({ P: 'P3' });
    expect(emails(id)).toEqual([`${ANN} initial`]);
    await advance(9);
    expect(emails(id)).toEqual([`${ANN} initial`]);
    expect(await notes(id)).toContain('step 2 of policy payments is for P1 and more severe: passed over');
    await advance(1);
    expect(emails(id)).toEqual([`${ANN} initial`, `${BOSS} initial`]);
  });

  it('an upgrade to P1 restarts the policy and the P1 step pages at once', async () => {
    expect((await s.post(INTAKE, alert('critical', 'b'))).status).toBe(202);
    await drain();
    expect(emails(id).slice(2)).toEqual([`${ANN} upgrade-P1`, `${LEAD} upgrade-P1`]);
    await advance(10);
    expect(emails(id).slice(4)).toEqual([`${BOSS} upgrade-P1`]);
  });

  it('the simulator passes the step over for P3 and runs it for P1', async () => {
    const plan = async (level: string) => {
      const res = await s.api('/api/v1/escalation/simulate', {
        method: 'POST',
        body: JSON.stringify({ service: 'pay-api', level, at: '2026-11-21T12:00:00Z' }),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as SimulationView).steps.map(
        (x) => `${x.step} +${x.offsetMinutes}${x.passedOver ? ' passed over' : ''}`,
      );
    };
    expect(await plan('P3')).toEqual(['1 +0', '2 +0 passed over', '3 +10']);
    expect(await plan('P1')).toEqual(['1 +0', '2 +0', '3 +10']);
  });

  it('config check refuses a minLevel of an unknown sequence or level', async () => {
    const { lintEscalation } = await import('../../apps/server/src/escalation/lint.ts');
    const { parse } = await import('yaml');
    const { FaultlineConfig } = await import('../../apps/server/src/config/schema.ts');
    const cfg = FaultlineConfig.parse(parse(config()));
    cfg.escalationPolicies[0]!.steps[1]!.minLevel = 'P7';
    cfg.escalationPolicies[0]!.steps[2]!.minLevel = 'X1';
    const problems = lintEscalation(cfg, new Date('2026-11-21T12:00:00Z')).filter((p) => p.severity === 'error');
    expect(problems.map((p) => p.path)).toEqual([
      'escalationPolicies.0.steps.1.minLevel',
      'escalationPolicies.0.steps.2.minLevel',
    ]);
  });
});
