/**
 * An alert storm shown grouped (issue 12, "alert storms are shown grouped (by alertname, service) with
 * counts"): `GET /api/v1/incidents/alert-groups` counts the alerts of the matching incidents per alertname
 * label and service — alerts, still firing, incidents — most alerts first, with the number of groups in all;
 * it takes the list's filters (bad values 400 naming the field), and a team-limited token sees its team's
 * groups only. `alertname` also filters the incident list, so a group links to its incidents.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertGroupList, ApiError, IncidentPage, TokenCreated } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const INTAKE = '/api/v1/intake/alertmanager/quickstart';
type Labels = Record<string, string>;
const payload = (labels: Labels[], status: 'firing' | 'resolved' = 'firing') => ({
  version: '4',
  status,
  alerts: labels.map((l) => ({
    status,
    labels: l,
    annotations: { summary: `${l.alertname} on ${l.service}` },
    startsAt: '2026-12-06T22:00:00Z',
    ...(status === 'resolved' ? { endsAt: '2026-12-06T22:05:00Z' } : {}),
  })),
});
/** 30 instances of one alert on payments-db: one incident (grouped by alertname), 30 alerts. */
const instanceDown = Array.from({ length: 30 }, (_, i) => ({
  alertname: 'InstanceDown',
  service: 'payments-db',
  severity: 'warning',
  instance: `db-${i}`,
}));
const diskFull = Array.from({ length: 4 }, (_, i) => ({
  alertname: `DiskFull${i}`,
  service: 'payments-db',
  severity: 'warning',
}));
const promo = [{ alertname: 'PromoSlow', service: 'promotions-api', severity: 'warning', instance: 'p-1' }];

describe('an alert storm grouped by alertname and service, with counts', () => {
  const clock = new FakeClock('2026-12-06T22:00:00Z');
  let s: TestServer;
  const groups = async (query = '', token?: string) => {
    const res = await s.api(`/api/v1/incidents/alert-groups${query ? `?${query}` : ''}`, {
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as AlertGroupList;
  };

  beforeAll(async () => {
    s = await startTestServer({
      clock,
      configYaml: readFileSync(QUICKSTART_CONFIG, 'utf8'),
      providers: { email: recordingProvider() },
      engineLoop: false,
    });
    expect((await s.post(INTAKE, payload([...instanceDown, ...diskFull, ...promo]))).status).toBe(202);
    await s.engine!.drain();
  });
  afterAll(() => s.dispose());

  it('counts the storm per alertname and service, most alerts first', async () => {
    const all = await groups();
    expect(all.total).toBe(6);
    expect(all.groups[0]).toEqual({
      alertname: 'InstanceDown',
      service: 'payments-db',
      alerts: 30,
      firing: 30,
      incidents: 1,
      lastSeenAt: '2026-12-06T22:00:00.000Z',
    });
    expect(all.groups.slice(1).map((g) => [g.alertname, g.service, g.alerts, g.incidents])).toEqual([
      ['DiskFull0', 'payments-db', 1, 1],
      ['DiskFull1', 'payments-db', 1, 1],
      ['DiskFull2', 'payments-db', 1, 1],
      ['DiskFull3', 'payments-db', 1, 1],
      ['PromoSlow', 'promotions-api', 1, 1],
    ]);
    const two = await groups('limit=2');
    expect(two.groups.map((g) => g.alertname)).toEqual(['InstanceDown', 'DiskFull0']);
    expect(two.total).toBe(6);
  });

  it('follows resolved alerts, and takes the list filters; alertname filters the list too', async () => {
    expect((await s.post(INTAKE, payload(instanceDown.slice(0, 10), 'resolved'))).status).toBe(202);
    await s.engine!.drain();
    const [down] = (await groups('service=payments-db')).groups;
    expect(down).toMatchObject({ alertname: 'InstanceDown', alerts: 30, firing: 20 });
    expect((await groups('service=promotions-api')).groups.map((g) => g.alertname)).toEqual(['PromoSlow']);

    const list = (await (await s.api('/api/v1/incidents?alertname=InstanceDown')).json()) as IncidentPage;
    expect(list.total).toBe(1);
    expect(list.incidents[0]!.title).toBe('InstanceDown on payments-db');
    expect(((await (await s.api('/api/v1/incidents?alertname=Nope')).json()) as IncidentPage).total).toBe(0);
  });

  it("a team-limited token sees its team's groups only; bad values name the field", async () => {
    const res = await s.api('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'storefront-wall', role: 'viewer', team: 'storefront' }),
    });
    const token = ((await res.json()) as TokenCreated).token;
    const mine = await groups('', token);
    expect(mine.groups.map((g) => [g.alertname, g.service])).toEqual([['PromoSlow', 'promotions-api']]);
    expect(mine.total).toBe(1);

    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['status=sleeping', 'status'],
      ['level=high', 'level'],
      [`alertname=${'x'.repeat(201)}`, 'alertname'],
    ] as const) {
      const bad = await s.api(`/api/v1/incidents/alert-groups?${query}`);
      expect(bad.status, query).toBe(400);
      expect(((await bad.json()) as ApiError).error.fields?.[0]?.path, query).toContain(field);
    }
  });
});
