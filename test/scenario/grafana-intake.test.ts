/**
 * Grafana unified alerting webhooks (issue 16 point 7; docs/intake.md): a Grafana contact point of type
 * webhook posts to `/api/v1/intake/grafana/<key>` (or with the key as bearer token); its alerts converge and
 * are graded like Alertmanager's (before, Grafana's `"version": "1"` was refused), a resolved notification
 * mitigates, and a malformed payload is a 400 naming the field.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentList } from '@faultline/contracts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const KEY = 'grafana-contact-point';
const CONFIG = readFileSync(QUICKSTART_CONFIG, 'utf8').replace(
  'integrations:\n',
  `integrations:\n  - { key: ${KEY}, name: Grafana, source: grafana, routeByLabel: service, fallbackService: checkout-api }\n`,
);

const notification = (status: 'firing' | 'resolved', at: string) => ({
  receiver: 'faultline',
  status,
  orgId: 1,
  alerts: [
    {
      status,
      labels: { alertname: 'Promo errors', service: 'promotions-api', severity: 'critical', grafana_folder: 'Shop' },
      annotations: { summary: 'coupon errors above 5%' },
      startsAt: '2026-11-21T11:59:30.5+01:00',
      endsAt: status === 'resolved' ? at : '0001-01-01T00:00:00Z',
      generatorURL: 'https://grafana.example/alerting/grafana/p1/view',
      fingerprint: '5f1e2d3c4b5a6978',
      silenceURL: 'https://grafana.example/alerting/silence/new',
      dashboardURL: 'https://grafana.example/d/promo',
      panelURL: 'https://grafana.example/d/promo?viewPanel=2',
      values: { B: 7.5, C: 1 },
    },
  ],
  groupLabels: { alertname: 'Promo errors' },
  commonLabels: { alertname: 'Promo errors', service: 'promotions-api' },
  commonAnnotations: {},
  externalURL: 'https://grafana.example/',
  version: '1',
  groupKey: '{}:{alertname="Promo errors"}',
  truncatedAlerts: 0,
  title: `[${status.toUpperCase()}:1] Promo errors`,
  state: status === 'firing' ? 'alerting' : 'ok',
  message: 'Value: B=7.5',
});

describe('Grafana webhook intake', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: CONFIG });
  });
  afterAll(() => s.dispose());

  it('opens a graded incident from a firing notification and mitigates it on the resolved one', async () => {
    const res = await s.post(`/api/v1/intake/grafana/${KEY}`, notification('firing', clock.now().toISOString()));
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: 'accepted', alerts: 1 });
    await s.engine!.drain();
    const [incident] = ((await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList).incidents;
    // critical on the sub-core promotions module: P3, paged.
    expect(incident).toMatchObject({ service: 'promotions-api', levels: { P: 'P3' }, status: 'triggered' });
    const d = (await (await s.api(`/api/v1/incidents/${incident!.id}`)).json()) as IncidentDetail;
    expect(d.alerts[0]).toMatchObject({
      source: 'grafana',
      dedupKey: `${KEY}:5f1e2d3c4b5a6978`,
      summary: 'coupon errors above 5%',
      annotations: { dashboardURL: 'https://grafana.example/d/promo', values: 'B=7.5, C=1' },
    });
    expect(email.sent.filter((m) => m.message.incidentId === incident!.id)).toHaveLength(1);

    clock.advance(120_000);
    const bearer = await fetch(`${s.url}/api/v1/intake/grafana`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify(notification('resolved', clock.now().toISOString())),
    });
    expect(bearer.status).toBe(202);
    await s.engine!.drain();
    const after = (await (await s.api(`/api/v1/incidents/${incident!.id}`)).json()) as IncidentDetail;
    expect(after).toMatchObject({ status: 'mitigated', firingCount: 0 });
  });

  it('refuses a malformed payload with 400 naming the field, and an Alertmanager payload on this endpoint', async () => {
    const bad = notification('firing', clock.now().toISOString());
    (bad.alerts[0] as { startsAt: string }).startsAt = 'yesterday';
    const res = await s.post(`/api/v1/intake/grafana/${KEY}`, bad);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('alerts.0.startsAt');
    const am = await s.post(`/api/v1/intake/grafana/${KEY}`, { ...notification('firing', ''), version: '4' });
    expect(am.status).toBe(400);
    expect(JSON.stringify(await am.json())).toContain('version');
    // A Grafana key on the Alertmanager endpoint is refused (the key belongs to another source).
    const wrong = await s.post(`/api/v1/intake/alertmanager/${KEY}`, { version: '4', alerts: [] });
    expect(wrong.status).toBeGreaterThanOrEqual(400);
  });
});
