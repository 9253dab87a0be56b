/**
 * PagerDuty Events API v2 compatibility (`POST /v2/enqueue`, docs/intake.md): a tool that pages PagerDuty
 * can page Faultline by changing the host. Trigger, repeat, acknowledge and resolve act on one alert per
 * dedup key, the answers are PagerDuty's own bodies, and dedup keys are scoped to the routing key.
 */
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertView, IncidentDetail, IncidentList } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

interface IntegrationYaml {
  key: string;
  name: string;
  source: string;
  service?: string;
}
const quickstart = parse(readFileSync(QUICKSTART_CONFIG, 'utf8')) as { integrations: IntegrationYaml[] };
const QUICKSTART_PD = quickstart.integrations.find((i) => i.source === 'pagerduty')!;

/**
 * A second PagerDuty integration on another service, to show dedup keys are scoped to the routing key. Not
 * checkout-api: it depends on payments-db, so its alert would join payments-db's open incident (topology).
 */
const SECOND_PD: IntegrationYaml = {
  key: 'second-pagerduty-integration',
  name: 'Second PagerDuty',
  source: 'pagerduty',
  service: 'promotions-api',
};
const configYaml = stringify({ ...quickstart, integrations: [...quickstart.integrations, SECOND_PD] });

const REPLICATION_LAG = 'payments-db-replication-lag';
const replicationLagTrigger = (routingKey: string, dedupKey?: string) => ({
  routing_key: routingKey,
  event_action: 'trigger',
  ...(dedupKey === undefined ? {} : { dedup_key: dedupKey }),
  payload: {
    summary: 'Replication lag above 30s on payments-db-2',
    source: 'payments-db-2.prod',
    severity: 'error',
    component: 'postgres',
    custom_details: { 'lag seconds': 42, replica: 'payments-db-2' },
  },
  client: 'Zabbix',
  links: [{ href: 'https://runbooks.example/replication-lag', text: 'Runbook' }],
});
const followUp = (routingKey: string, action: 'acknowledge' | 'resolve', dedupKey: string) => ({
  routing_key: routingKey,
  event_action: action,
  dedup_key: dedupKey,
});

/** PagerDuty's documented answer to an accepted event. */
const success = (dedupKey: string) => ({ status: 'success', message: 'Event processed', dedup_key: dedupKey });

describe('PagerDuty Events API v2: trigger, repeat, acknowledge, resolve', () => {
  const clock = new FakeClock('2026-11-21T15:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  let incidentId: number;
  const generatedKeys: string[] = [];

  beforeAll(async () => {
    s = await startTestServer({ clock, configYaml, providers: { email }, engineLoop: false });
  });
  afterAll(() => s.dispose());

  async function enqueue(event: unknown): Promise<unknown> {
    const res = await s.post('/v2/enqueue', event);
    expect(res.status).toBe(202);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await res.json();
    await s.engine!.drain();
    return body;
  }
  const incident = async (id: number) => (await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail;
  const alertByKey = (d: IncidentDetail, scopedKey: string) => d.alerts.find((a) => a.dedupKey === scopedKey);
  async function allIncidents(): Promise<IncidentList['incidents']> {
    return ((await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList).incidents;
  }

  it('a trigger with a dedup_key answers 202 with exactly PagerDuty body and opens an incident', async () => {
    expect(await enqueue(replicationLagTrigger(QUICKSTART_PD.key, REPLICATION_LAG))).toStrictEqual(
      success(REPLICATION_LAG),
    );
    const list = await allIncidents();
    expect(list).toHaveLength(1);
    incidentId = list[0]!.id;
    const d = await incident(incidentId);
    expect(d).toMatchObject({ status: 'triggered', service: QUICKSTART_PD.service, alertCount: 1, firingCount: 1 });
    expect(d.alerts).toHaveLength(1);
    expect(d.alerts[0]).toMatchObject<Partial<AlertView>>({
      dedupKey: `${QUICKSTART_PD.key}:${REPLICATION_LAG}`,
      source: 'pagerduty',
      integration: QUICKSTART_PD.key,
      status: 'firing',
      summary: 'Replication lag above 30s on payments-db-2',
      severity: 'error',
      count: 1,
      startsAt: '2026-11-21T15:00:00.000Z',
    });
    expect(d.alerts[0]!.labels).toMatchObject({
      source: 'payments-db-2.prod',
      component: 'postgres',
      lag_seconds: '42',
      replica: 'payments-db-2',
    });
    expect(d.alerts[0]!.annotations).toMatchObject({
      client: 'Zabbix',
      'link.0': 'https://runbooks.example/replication-lag',
    });
  });

  it('a repeated trigger with the same dedup_key is one alert counted twice', async () => {
    clock.advance(60_000);
    expect(await enqueue(replicationLagTrigger(QUICKSTART_PD.key, REPLICATION_LAG))).toStrictEqual(
      success(REPLICATION_LAG),
    );
    const d = await incident(incidentId);
    expect(d.alerts).toHaveLength(1);
    expect(d.alerts[0]).toMatchObject({ count: 2, status: 'firing', lastSeenAt: '2026-11-21T15:01:00.000Z' });
    expect(d.alertCount).toBe(1);
    expect(await allIncidents()).toHaveLength(1);
  });

  it('a trigger without dedup_key gets a generated key, returned in dedup_key and used for the alert, its own incident', async () => {
    for (let i = 0; i < 2; i++) {
      const body = (await enqueue(replicationLagTrigger(QUICKSTART_PD.key))) as { dedup_key: string };
      expect(Object.keys(body).sort()).toEqual(['dedup_key', 'message', 'status']);
      expect(body).toMatchObject({ status: 'success', message: 'Event processed' });
      expect(body.dedup_key).toMatch(/^[0-9a-f]{32}$/);
      generatedKeys.push(body.dedup_key);
    }
    expect(generatedKeys[0]).not.toBe(generatedKeys[1]);
    // A PagerDuty event has no alertname: each dedup key is its own group, as PagerDuty opens one incident per
    // alert, instead of every event of the service merging through an empty `alertname=` (issue 16 point 6).
    for (const key of generatedKeys) {
      const own = (await allIncidents()).find(
        (i) => i.groupKey === `service=payments-db,alert=${QUICKSTART_PD.key}:${key}`,
      )!;
      expect(alertByKey(await incident(own.id), `${QUICKSTART_PD.key}:${key}`)).toMatchObject({
        status: 'firing',
        count: 1,
      });
    }
    expect(await allIncidents()).toHaveLength(3);
  });

  it('the same dedup_key on another routing key is a different alert', async () => {
    expect(await enqueue(replicationLagTrigger(SECOND_PD.key, REPLICATION_LAG))).toStrictEqual(
      success(REPLICATION_LAG),
    );
    const list = await allIncidents();
    const other = list.find((i) => i.service === SECOND_PD.service)!;
    expect(other).toMatchObject({ service: SECOND_PD.service, alertCount: 1 });
    const d2 = await incident(other.id);
    expect(d2.alerts).toMatchObject([
      { dedupKey: `${SECOND_PD.key}:${REPLICATION_LAG}`, integration: SECOND_PD.key, count: 1, status: 'firing' },
    ]);
    // The first integration's alert was not counted again.
    expect(alertByKey(await incident(incidentId), `${QUICKSTART_PD.key}:${REPLICATION_LAG}`)).toMatchObject({
      count: 2,
      status: 'firing',
    });

    // …and a resolve on the second routing key resolves only its own alert.
    expect(await enqueue(followUp(SECOND_PD.key, 'resolve', REPLICATION_LAG))).toStrictEqual(success(REPLICATION_LAG));
    expect((await incident(other.id)).alerts[0]!.status).toBe('resolved');
    expect(alertByKey(await incident(incidentId), `${QUICKSTART_PD.key}:${REPLICATION_LAG}`)!.status).toBe('firing');
  });

  it('acknowledge → the incident is acknowledged, with a timeline entry from the integration', async () => {
    clock.advance(60_000);
    expect(await enqueue(followUp(QUICKSTART_PD.key, 'acknowledge', REPLICATION_LAG))).toStrictEqual(
      success(REPLICATION_LAG),
    );
    const d = await incident(incidentId);
    expect(d.status).toBe('acknowledged');
    expect(d.acknowledgedAt).toBe('2026-11-21T15:02:00.000Z');
    const ack = d.timeline.filter((t) => t.kind === 'acknowledged');
    expect(ack).toHaveLength(1);
    expect(ack[0]).toMatchObject({ actor: QUICKSTART_PD.key, at: '2026-11-21T15:02:00.000Z' });
    expect(ack[0]!.message).toContain(QUICKSTART_PD.key);
    // Acknowledging does not resolve anything.
    expect(d.firingCount).toBe(1);
  });

  it('resolve with a generated key resolves that alert only; the first incident stays as it was', async () => {
    clock.advance(60_000);
    for (const key of generatedKeys)
      expect(await enqueue(followUp(QUICKSTART_PD.key, 'resolve', key))).toStrictEqual(success(key));
    for (const key of generatedKeys) {
      const own = (await allIncidents()).find((i) => i.groupKey.endsWith(`alert=${QUICKSTART_PD.key}:${key}`))!;
      expect(alertByKey(await incident(own.id), `${QUICKSTART_PD.key}:${key}`)!.status).toBe('resolved');
      expect(own.status).toBe('mitigated');
    }
    expect(await incident(incidentId)).toMatchObject({ status: 'acknowledged', firingCount: 1 });
  });

  it('resolve of the last firing alert → alert resolved at receipt and the incident mitigated', async () => {
    clock.advance(60_000);
    expect(await enqueue(followUp(QUICKSTART_PD.key, 'resolve', REPLICATION_LAG))).toStrictEqual(
      success(REPLICATION_LAG),
    );
    const d = await incident(incidentId);
    expect(alertByKey(d, `${QUICKSTART_PD.key}:${REPLICATION_LAG}`)).toMatchObject({
      status: 'resolved',
      endsAt: '2026-11-21T15:04:00.000Z',
    });
    expect(d).toMatchObject({ status: 'mitigated', firingCount: 0, mitigatedAt: '2026-11-21T15:04:00.000Z' });
    expect(d.timeline.map((t) => t.kind)).toContain('mitigated');
  });
});
