/**
 * Issue 16 points 4–6 through HTTP on the quickstart catalog (docs/convergence.md):
 * - topology: checkout-api depends on payments-db (examples/quickstart.yaml). While payments-db has an open
 *   incident, an alert on checkout-api joins it, says why, and pages nobody a second time — the quickstart's
 *   promise, tried as a new user would;
 * - every sender graded: a critical PagerDuty event and a critical generic alert are graded by the
 *   quickstart's `severity="critical"` rule (they were "ungraded"), and two unrelated PagerDuty events on one
 *   service are two incidents (they merged through the empty `alertname` group label);
 * - flapping: with `reopenWithinMinutes`, an alert firing again shortly after a person resolved its incident
 *   reopens that incident (one page for the reopen), and past the window opens a new one.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentList } from '@faultline/contracts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer } from '../support/server.ts';

const QUICKSTART = readFileSync(QUICKSTART_CONFIG, 'utf8');
const AM = '/api/v1/intake/alertmanager/quickstart';
const MIN = 60_000;

const amAlert = (alertname: string, service: string, status: 'firing' | 'resolved', at: string) => ({
  status,
  labels: { alertname, service, severity: 'critical', instance: `${service}-1` },
  annotations: { summary: `${alertname} on ${service}` },
  startsAt: at,
  ...(status === 'resolved' ? { endsAt: at } : {}),
  fingerprint: `${alertname}-${service}`.toLowerCase(),
});
const pdTrigger = (dedupKey: string, summary: string, severity: string) => ({
  routing_key: 'quickstart-pagerduty',
  event_action: 'trigger',
  dedup_key: dedupKey,
  payload: { summary, source: 'payments-db-1.prod', severity, component: 'postgres' },
});

async function setUp(configYaml: string) {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  const s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml });
  const drain = () => s.engine!.drain();
  const am = async (alert: ReturnType<typeof amAlert>) => {
    expect((await s.post(AM, { version: '4', status: alert.status, alerts: [alert] })).status).toBe(202);
    await drain();
  };
  const incidents = async () =>
    ((await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList).incidents;
  const detail = async (id: number) => (await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail;
  const pages = (id: number) => email.sent.filter((m) => m.message.incidentId === id).length;
  return { clock, email, s, drain, am, incidents, detail, pages };
}

describe('topology joins and every sender graded (quickstart catalog)', () => {
  let t: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    t = await setUp(QUICKSTART);
  });
  afterAll(() => t.s.dispose());

  it('grades a critical PagerDuty event, and an alert on a dependent service joins its incident without paging', async () => {
    expect((await t.s.post('/v2/enqueue', pdTrigger('db-down', 'Primary unreachable', 'critical'))).status).toBe(202);
    await t.drain();
    const [db] = await t.incidents();
    expect(db).toMatchObject({ service: 'payments-db', levels: { P: 'P2' } });
    expect(t.pages(db!.id)).toBe(1);

    await t.am(amAlert('HighLatency', 'checkout-api', 'firing', t.clock.now().toISOString()));
    expect(await t.incidents()).toHaveLength(1);
    const joined = await t.detail(db!.id);
    const alert = joined.alerts.find((a) => a.labels.alertname === 'HighLatency')!;
    expect(alert.joinReason).toBe(
      `joined incident #${db!.id}: topology: checkout-api depends on payments-db, which has open incident #${db!.id}`,
    );
    expect(joined.alertCount).toBe(2);
    expect(t.pages(db!.id)).toBe(1);

    // A service that does not depend on payments-db opens its own incident.
    await t.am(amAlert('HighLatency', 'promotions-api', 'firing', t.clock.now().toISOString()));
    const own = (await t.incidents()).find((i) => i.service === 'promotions-api')!;
    expect(own.id).not.toBe(db!.id);
    expect(t.pages(own.id)).toBe(1);
  });

  it('keeps unrelated PagerDuty events of one service apart, each graded by its severity', async () => {
    expect((await t.s.post('/v2/enqueue', pdTrigger('disk-full', 'Disk 95% full', 'warning'))).status).toBe(202);
    await t.drain();
    const db = (await t.incidents()).filter((i) => i.service === 'payments-db');
    expect(db.map((i) => i.groupKey).sort()).toEqual([
      'service=payments-db,alert=quickstart-pagerduty:db-down',
      'service=payments-db,alert=quickstart-pagerduty:disk-full',
    ]);
    const disk = db.find((i) => i.groupKey.endsWith('disk-full'))!;
    expect(disk.levels).toEqual({ P: 'P3' });
    expect(t.pages(disk.id)).toBe(1);
  });

  it('grades a critical generic alert by the same rule (promotions is sub-core: one level lower)', async () => {
    const res = await t.s.post('/api/v1/intake/generic/quickstart-generic', {
      title: 'Coupon service down',
      severity: 'critical',
    });
    expect(res.status).toBe(202);
    await t.drain();
    const generic = (await t.incidents()).find((i) => i.title === 'Coupon service down')!;
    expect(generic.levels).toEqual({ P: 'P3' });
    expect((await t.detail(generic.id)).alerts[0]!.labels).toEqual({ severity: 'critical' });
  });
});

describe('flapping: an alert firing again soon after its incident resolved reopens it', () => {
  let t: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    t = await setUp(QUICKSTART.replace('  groupBy: [alertname]', '  groupBy: [alertname]\n  reopenWithinMinutes: 30'));
  });
  afterAll(() => t.s.dispose());

  async function fireResolveAndClose(): Promise<number> {
    await t.am(amAlert('OrdersStuck', 'promotions-api', 'firing', t.clock.now().toISOString()));
    const [incident] = (await t.incidents()).filter((i) => i.status !== 'resolved');
    t.clock.advance(MIN);
    await t.am(amAlert('OrdersStuck', 'promotions-api', 'resolved', t.clock.now().toISOString()));
    expect((await t.s.api(`/api/v1/incidents/${incident!.id}/resolve`, { method: 'POST' })).status).toBe(200);
    return incident!.id;
  }

  it('reopens within the window (paging once per reopen), and opens a new incident past it', async () => {
    const id = await fireResolveAndClose();
    expect(t.pages(id)).toBe(1);

    t.clock.advance(10 * MIN);
    await t.am(amAlert('OrdersStuck', 'promotions-api', 'firing', t.clock.now().toISOString()));
    expect(await t.incidents()).toHaveLength(1);
    let d = await t.detail(id);
    expect(d.status).toBe('triggered');
    expect(d.alerts.map((a) => a.status).sort()).toEqual(['firing', 'resolved']); // the refiring is a new alert row
    expect(d.timeline.map((e) => e.kind)).toContain('reopened');
    expect(t.pages(id)).toBe(2);

    // A repeat of the still-firing alert pages nothing more.
    await t.am(amAlert('OrdersStuck', 'promotions-api', 'firing', t.clock.now().toISOString()));
    expect(t.pages(id)).toBe(2);

    // Resolved again, and again within the window: a second reopen pages once more.
    t.clock.advance(MIN);
    await t.am(amAlert('OrdersStuck', 'promotions-api', 'resolved', t.clock.now().toISOString()));
    expect((await t.s.api(`/api/v1/incidents/${id}/resolve`, { method: 'POST' })).status).toBe(200);
    t.clock.advance(5 * MIN);
    await t.am(amAlert('OrdersStuck', 'promotions-api', 'firing', t.clock.now().toISOString()));
    d = await t.detail(id);
    expect(d.status).toBe('triggered');
    expect(t.pages(id)).toBe(3);

    // Past the window: a new incident.
    t.clock.advance(MIN);
    await t.am(amAlert('OrdersStuck', 'promotions-api', 'resolved', t.clock.now().toISOString()));
    expect((await t.s.api(`/api/v1/incidents/${id}/resolve`, { method: 'POST' })).status).toBe(200);
    t.clock.advance(31 * MIN);
    await t.am(amAlert('OrdersStuck', 'promotions-api', 'firing', t.clock.now().toISOString()));
    const all = await t.incidents();
    expect(all).toHaveLength(2);
    const fresh = all.find((i) => i.id !== id)!;
    expect(fresh.status).toBe('triggered');
    expect((await t.detail(id)).status).toBe('resolved');
  });
});

describe('a topology-joined alert is muted as on its own service', () => {
  let t: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    t = await setUp(`${QUICKSTART}
maintenanceWindows:
  - id: checkout-deploy
    name: Checkout deploy
    startsAt: 2026-11-21T12:00:00Z
    endsAt: 2026-11-21T13:00:00Z
    scope: { services: [checkout-api] }
`);
  });
  afterAll(() => t.s.dispose());

  it("holds its page while its own service's window is open, though the incident is another service's", async () => {
    expect((await t.s.post('/v2/enqueue', pdTrigger('db-slow', 'Queries slow', 'warning'))).status).toBe(202);
    await t.drain();
    const [db] = await t.incidents();
    expect(db).toMatchObject({ service: 'payments-db', levels: { P: 'P3' } });
    expect(t.pages(db!.id)).toBe(1);
    const silence = await t.s.api('/api/v1/silences', {
      method: 'POST',
      body: JSON.stringify({
        matchers: ['alertname="CheckoutDown"'],
        endsAt: '2026-11-21T12:10:00Z',
        comment: 'deploy, first part',
      }),
    });
    expect(silence.status).toBe(201);

    // A critical Checkout alert joins payments-db's incident (topology) and raises it to P1: that page is held,
    // muted by the silence and by checkout-api's maintenance window.
    await t.am(amAlert('CheckoutDown', 'checkout-api', 'firing', t.clock.now().toISOString()));
    const d = await t.detail(db!.id);
    expect(d.levels).toEqual({ P: 'P1' });
    const alert = d.alerts.find((a) => a.labels.alertname === 'CheckoutDown')!;
    expect(alert.mutedBy.map((m) => m.kind).sort()).toEqual(['maintenance', 'silence']);
    expect(t.pages(db!.id)).toBe(1);

    // The database alert resolves: the incident's only firing alert is the muted Checkout one.
    const resolve = { routing_key: 'quickstart-pagerduty', event_action: 'resolve', dedup_key: 'db-slow' };
    expect((await t.s.post('/v2/enqueue', resolve)).status).toBe(202);
    await t.drain();
    expect(t.pages(db!.id)).toBe(1);
    // The silence ends: the window still covers checkout-api, so nothing pages yet.
    t.clock.advance(10 * MIN);
    await t.drain();
    expect(t.pages(db!.id)).toBe(1);
    // The window ends while the alert fires: the held P1 page goes out, once.
    t.clock.advance(50 * MIN);
    await t.drain();
    expect(t.pages(db!.id)).toBe(2);
    t.clock.advance(60 * MIN);
    await t.drain();
    expect(t.pages(db!.id)).toBe(2);
  });
});

describe('frequency gate: an incident opens only after N firings in M minutes', () => {
  let t: Awaited<ReturnType<typeof setUp>>;
  const fire = (alertname: string, instance: string) =>
    t.s.post(AM, {
      version: '4',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname, service: 'checkout-api', severity: 'critical', instance },
          annotations: {},
          startsAt: t.clock.now().toISOString(),
          fingerprint: `${alertname}-${instance}`,
        },
      ],
    });
  const group = async (alertname: string) => {
    const found = (await t.incidents()).find((i) => i.groupKey === `service=checkout-api,alertname=${alertname}`)!;
    return t.detail(found.id);
  };
  beforeAll(async () => {
    t = await setUp(
      QUICKSTART.replace(
        '  groupBy: [alertname]',
        '  groupBy: [alertname]\n  frequencyGate: { firings: 3, windowMinutes: 10 }',
      ),
    );
  });
  afterAll(() => t.s.dispose());

  it('keeps a risk below the gate, explained, and opens, grades and pages at the third firing', async () => {
    expect((await fire('Errors', 'api-1')).status).toBe(202);
    await t.drain();
    let d = await group('Errors');
    expect(d).toMatchObject({ risk: true, levels: {} });
    expect(d.alerts[0]!.joinReason).toContain('gate: fired 1 of 3 times within 10 min: kept as a risk');
    expect(t.pages(d.id)).toBe(0);

    // A sender repeating a still-firing alert does not count.
    t.clock.advance(MIN);
    await fire('Errors', 'api-1');
    await t.drain();
    t.clock.advance(MIN);
    await fire('Errors', 'api-2');
    await t.drain();
    d = await group('Errors');
    expect(d).toMatchObject({ risk: true, alertCount: 2 });
    expect(t.pages(d.id)).toBe(0);

    t.clock.advance(MIN);
    await fire('Errors', 'api-3');
    await t.drain();
    d = await group('Errors');
    expect(d).toMatchObject({ risk: false, levels: { P: 'P2' } });
    expect(d.timeline.find((e) => e.kind === 'risk_promoted')!.message).toContain(
      'fired 3 times within 10 min (gate: 3): incident opened',
    );
    expect(t.pages(d.id)).toBe(1);
    await fire('Errors', 'api-4');
    await t.drain();
    expect(t.pages(d.id)).toBe(1);
  });

  it('forgets firings older than the window', async () => {
    await fire('Latency', 'api-1');
    await t.drain();
    t.clock.advance(6 * MIN);
    await fire('Latency', 'api-2');
    await t.drain();
    t.clock.advance(6 * MIN); // the first firing is now 12 min old
    await fire('Latency', 'api-3');
    await t.drain();
    const d = await group('Latency');
    expect(d).toMatchObject({ risk: true, alertCount: 3 });
    expect(t.pages(d.id)).toBe(0);
  });
});
