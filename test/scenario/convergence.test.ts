/**
 * Convergence with the quickstart config: alerts of the same service and alertname (`convergence.groupBy`)
 * join one incident and say why; a different alertname opens another; an unknown service falls back; all
 * alerts resolved mitigates, a re-fire reopens; grading only upgrades, pages again on an upgrade, and is
 * explained by rule and evidence.
 *
 * Expected levels, from examples/quickstart.yaml: rule `warning-alert` (severity="warning") is P3 and
 * `critical-alert` (severity="critical") is P2 on a core module; checkout-api is in the core module
 * `checkout`; promotions-api is in a sub-core module (one level lower); `checkout-critical` is a business
 * rule, P1 for a critical alert whose alertname matches Checkout.* on the checkout module.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentList, IncidentSummary } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const INTAKE = '/api/v1/intake/alertmanager/quickstart';
const CHECKOUT_ONCALL = 'oncall@example.com'; // the payments team's on-call in the quickstart

interface AmAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  fingerprint: string;
}

/** An Alertmanager alert with a fixed fingerprint per (alertname, instance), as Alertmanager sends. */
function amAlert(
  alertname: string,
  instance: string,
  severity: string,
  service = 'checkout-api',
  status: AmAlert['status'] = 'firing',
): AmAlert {
  return {
    status,
    labels: { alertname, service, instance, severity },
    annotations: { summary: `${alertname} on ${instance}` },
    startsAt: '2026-11-21T13:55:00Z',
    fingerprint: `${alertname}-${instance}`.toLowerCase(),
  };
}
const resolvedAlert = (a: AmAlert): AmAlert => ({ ...a, status: 'resolved' });

// Named fixtures: one group (checkout-api + HighLatency) and its neighbours.
const latencyApi1 = amAlert('HighLatency', 'api-1', 'warning');
const latencyApi2 = amAlert('HighLatency', 'api-2', 'warning');
const latencyApi3Critical = amAlert('HighLatency', 'api-3', 'critical');
const latencyApi4Warning = amAlert('HighLatency', 'api-4', 'warning');
const errorRateApi1 = amAlert('ErrorRate', 'api-1', 'warning');
const stockSyncUnknownService = amAlert('StockSync', 'inv-1', 'warning', 'inventory');
const checkoutFailures = amAlert('CheckoutFailures', 'api-1', 'critical');
const bannerCritical = amAlert('BannerDown', 'promo-1', 'critical', 'promotions-api');

describe('convergence: grouping, routing, mitigation, reopening and upgrade-only grading', () => {
  const clock = new FakeClock('2026-11-21T14:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  let latency: number;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false });
  });
  afterAll(() => s.dispose());

  async function fire(...alerts: AmAlert[]): Promise<void> {
    clock.advance(30_000);
    const res = await s.post(INTAKE, {
      version: '4',
      status: alerts.every((a) => a.status === 'resolved') ? 'resolved' : 'firing',
      receiver: 'faultline',
      alerts,
    });
    expect(res.status).toBe(202);
    await s.engine!.drain();
  }
  const list = async (): Promise<IncidentSummary[]> =>
    ((await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList).incidents;
  const incident = async (id: number) => (await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail;
  const byGroup = async (groupKey: string) => (await list()).filter((i) => i.groupKey === groupKey);
  const emailsFor = (id: number) => email.sent.filter((m) => m.message.incidentId === id);

  it('the first alert opens an incident graded P3 by the warning rule, explained by rule and evidence', async () => {
    await fire(latencyApi1);
    const [inc, ...others] = await byGroup('service=checkout-api,alertname=HighLatency');
    expect(others).toHaveLength(0);
    latency = inc!.id;
    expect(inc).toMatchObject({
      status: 'triggered',
      service: 'checkout-api',
      team: 'payments',
      levels: { P: 'P3' },
      alertCount: 1,
    });
    const d = await incident(latency);
    expect(d.levelExplanation).toHaveLength(1);
    expect(d.levelExplanation[0]).toMatchObject({ sequence: 'P', level: 'P3', ruleId: 'warning-alert', actor: 'rule' });
    expect(d.levelExplanation[0]!.evidence).toEqual(
      expect.arrayContaining(['alertname="HighLatency"', 'severity="warning"']),
    );
    expect(d.alerts[0]!.joinReason).toContain(`opened incident #${latency}`);
    expect(emailsFor(latency)).toHaveLength(1);
    expect(emailsFor(latency)[0]).toMatchObject({
      recipient: CHECKOUT_ONCALL,
      message: { step: 'initial', levelText: 'P3' },
    });
  });

  it('an alert with the same service and alertname joins that incident, and its joinReason says so', async () => {
    await fire(latencyApi2);
    expect(await byGroup('service=checkout-api,alertname=HighLatency')).toHaveLength(1);
    const d = await incident(latency);
    expect(d).toMatchObject({ alertCount: 2, firingCount: 2 });
    const joined = d.alerts.find((a) => a.labels.instance === 'api-2')!;
    expect(joined.joinReason).toContain(`joined incident #${latency}`);
    expect(joined.joinReason).toContain('same group key service=checkout-api,alertname=HighLatency');
    expect(joined.joinReason).toContain('label service="checkout-api" routes to service checkout-api');
    expect(d.timeline.filter((t) => t.kind === 'alert_joined')).toHaveLength(2);
    expect(emailsFor(latency)).toHaveLength(1); // joining does not page again
  });

  it('a different alertname on the same service opens another incident', async () => {
    await fire(errorRateApi1);
    const [errorRate] = await byGroup('service=checkout-api,alertname=ErrorRate');
    expect(errorRate).toBeDefined();
    expect(errorRate!.id).not.toBe(latency);
    expect(errorRate).toMatchObject({ alertCount: 1, service: 'checkout-api' });
    expect((await incident(latency)).alertCount).toBe(2);
  });

  it('an alert whose service label matches no service goes to the fallback service, and the reason says so', async () => {
    await fire(stockSyncUnknownService);
    const [stock] = await byGroup('service=checkout-api,alertname=StockSync');
    expect(stock).toMatchObject({ service: 'checkout-api', team: 'payments' });
    const d = await incident(stock!.id);
    expect(d.alerts[0]!.joinReason).toContain(
      'label service="inventory" matches no service; fallback service checkout-api',
    );
  });

  it('a critical alert upgrades the P3 incident to P2, with a level_set entry and a second page (step upgrade-P2)', async () => {
    await fire(latencyApi3Critical);
    const d = await incident(latency);
    expect(d.levels).toEqual({ P: 'P2' });
    expect(d.alertCount).toBe(3);
    const p = d.levelExplanation.find((e) => e.sequence === 'P')!;
    expect(p).toMatchObject({ level: 'P2', ruleId: 'critical-alert', actor: 'rule' });
    expect(p.evidence).toContain('severity="critical"');
    const levelSets = d.timeline.filter((t) => t.kind === 'level_set');
    expect(levelSets).toHaveLength(2);
    expect(levelSets[1]!.message).toContain('upgraded');
    expect(levelSets[1]!.message).toContain('P3 → P2');
    expect(levelSets[1]!.data).toMatchObject({ level: 'P2', ruleId: 'critical-alert' });
    const pages = emailsFor(latency);
    expect(pages).toHaveLength(2);
    expect(pages[1]).toMatchObject({ recipient: CHECKOUT_ONCALL, message: { step: 'upgrade-P2', levelText: 'P2' } });
    expect(d.notifications.map((n) => n.status)).toEqual(['sent', 'sent']);
  });

  it('a later warning alert never downgrades, and does not page', async () => {
    await fire(latencyApi4Warning);
    const d = await incident(latency);
    expect(d.levels).toEqual({ P: 'P2' });
    expect(d.levelExplanation.find((e) => e.sequence === 'P')!.ruleId).toBe('critical-alert');
    expect(d.timeline.filter((t) => t.kind === 'level_set')).toHaveLength(2);
    expect(emailsFor(latency)).toHaveLength(2);
    expect(d.alertCount).toBe(4);
  });

  it('when every alert of the incident is resolved, it is mitigated (still open)', async () => {
    await fire(resolvedAlert(latencyApi1), resolvedAlert(latencyApi2), resolvedAlert(latencyApi3Critical));
    expect((await incident(latency)).status).toBe('triggered'); // api-4 still fires
    await fire(resolvedAlert(latencyApi4Warning));
    const d = await incident(latency);
    expect(d).toMatchObject({ status: 'mitigated', firingCount: 0, alertCount: 4 });
    expect(d.mitigatedAt).not.toBeNull();
    expect(d.alerts.every((a) => a.status === 'resolved')).toBe(true);
    expect(d.timeline.filter((t) => t.kind === 'mitigated')).toHaveLength(1);
    const open = ((await (await s.api('/api/v1/incidents')).json()) as IncidentList).incidents;
    expect(open.map((i) => i.id)).toContain(latency);
  });

  it('a resolved alert that fires again reopens the mitigated incident: triggered, with a reopened entry', async () => {
    await fire(latencyApi1);
    const d = await incident(latency);
    expect(d).toMatchObject({ status: 'triggered', firingCount: 1, alertCount: 4, mitigatedAt: null });
    expect(d.alerts.find((a) => a.labels.instance === 'api-1')).toMatchObject({
      status: 'firing',
      count: 2,
      endsAt: null,
    });
    const reopened = d.timeline.filter((t) => t.kind === 'reopened');
    expect(reopened).toHaveLength(1);
    expect(reopened[0]!.message).toContain('HighLatency on api-1');
    expect(d.levels).toEqual({ P: 'P2' }); // levels survive mitigation
    expect(await byGroup('service=checkout-api,alertname=HighLatency')).toHaveLength(1);
  });

  it("grading follows the quickstart's rules: a business rule beats the generic one, a sub-core module grades one lower", async () => {
    await fire(checkoutFailures);
    const [checkout] = await byGroup('service=checkout-api,alertname=CheckoutFailures');
    const c = await incident(checkout!.id);
    expect(c.levels).toEqual({ P: 'P1' });
    expect(c.levelExplanation[0]).toMatchObject({ ruleId: 'checkout-critical', level: 'P1' });

    await fire(bannerCritical);
    const [banner] = await byGroup('service=promotions-api,alertname=BannerDown');
    const b = await incident(banner!.id);
    expect(b).toMatchObject({ levels: { P: 'P3' }, team: 'storefront' });
    expect(b.levelExplanation[0]).toMatchObject({ ruleId: 'critical-alert', level: 'P3' });
    expect(b.levelExplanation[0]!.evidence.join('\n')).toMatch(/sub-core.*P2.*shifted 1 level lower/);
  });
});
