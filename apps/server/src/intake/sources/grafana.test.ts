/**
 * Grafana unified alerting webhook. The payloads follow the documented webhook JSON payload of Grafana's
 * "Configure the webhook notifier for Alerting" page (grafana.com docs; Grafana is AGPL-3.0, its docs
 * CC BY-SA 4.0): every field of the documented example, in its shape and types (`version` "1", `orgId`,
 * `state`, `title`, `message`, per alert `silenceURL`, `dashboardURL`, `panelURL`, `values`/`valueString`,
 * Go's zero time as `endsAt`, fractional seconds with an offset), with values written for this test.
 */
import { describe, expect, it } from 'vitest';
import { parseGrafana } from './grafana.ts';
import { parseAlertmanager } from './alertmanager.ts';

const RECEIVED = new Date('2026-11-21T15:00:00Z');

const documentedShape = {
  receiver: 'faultline',
  status: 'firing',
  orgId: 1,
  alerts: [
    {
      status: 'firing',
      labels: {
        alertname: 'Checkout p99 latency',
        service: 'checkout-api',
        severity: 'critical',
        grafana_folder: 'Shop',
      },
      annotations: { summary: 'p99 above 2s in eu-1', runbook_url: 'https://runbooks.example/latency' },
      startsAt: '2026-11-21T15:51:03.157076+01:00',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'https://grafana.example/alerting/grafana/abc123/view',
      fingerprint: 'c6eadffa33fcdf37',
      silenceURL: 'https://grafana.example/alerting/silence/new?matcher=alertname%3DCheckout',
      dashboardURL: 'https://grafana.example/d/shop',
      panelURL: '',
      values: { B: 2.31, C: 1 },
    },
    {
      status: 'resolved',
      labels: { alertname: 'Disk usage', service: 'payments-db' },
      annotations: {},
      startsAt: '2026-11-21T14:00:00Z',
      endsAt: '2026-11-21T14:58:00Z',
      generatorURL: '',
      fingerprint: 'bc97ff14869b13e3',
      silenceURL: '',
      dashboardURL: '',
      panelURL: '',
      valueString: "[ var='B' labels={} value=71 ]",
    },
  ],
  groupLabels: { alertname: 'Checkout p99 latency' },
  commonLabels: { service: 'checkout-api' },
  commonAnnotations: {},
  externalURL: 'https://grafana.example/',
  version: '1',
  groupKey: '{}:{alertname="Checkout p99 latency"}',
  truncatedAlerts: 0,
  title: '[FIRING:1] Checkout p99 latency',
  state: 'alerting',
  message: '**Firing**\n\nValue: B=2.31',
};

describe('parseGrafana', () => {
  it('reads the documented payload as Alertmanager alerts with source grafana and its links as annotations', () => {
    const [firing, resolved] = parseGrafana(documentedShape, RECEIVED);
    expect(firing).toEqual({
      action: 'trigger',
      dedupKey: 'c6eadffa33fcdf37',
      summary: 'p99 above 2s in eu-1',
      severity: 'critical',
      labels: {
        alertname: 'Checkout p99 latency',
        service: 'checkout-api',
        severity: 'critical',
        grafana_folder: 'Shop',
      },
      annotations: {
        summary: 'p99 above 2s in eu-1',
        runbook_url: 'https://runbooks.example/latency',
        dashboardURL: 'https://grafana.example/d/shop',
        silenceURL: 'https://grafana.example/alerting/silence/new?matcher=alertname%3DCheckout',
        generatorURL: 'https://grafana.example/alerting/grafana/abc123/view',
        values: 'B=2.31, C=1',
      },
      startsAt: '2026-11-21T14:51:03.157Z',
      endsAt: null,
      source: 'grafana',
    });
    expect(resolved).toMatchObject({
      action: 'resolve',
      dedupKey: 'bc97ff14869b13e3',
      summary: 'Disk usage',
      severity: null,
      endsAt: '2026-11-21T14:58:00.000Z',
      annotations: { values: "[ var='B' labels={} value=71 ]" },
    });
  });

  it('keeps an alert annotation over an added one of the same name', () => {
    const body = structuredClone(documentedShape);
    body.alerts[0]!.annotations = {
      summary: 's',
      dashboardURL: 'mine',
    } as unknown as (typeof body.alerts)[0]['annotations'];
    expect(parseGrafana(body, RECEIVED)[0]!.annotations.dashboardURL).toBe('mine');
  });

  it('refuses an Alertmanager payload (version 4) and bad fields, naming them; Alertmanager refuses Grafana', () => {
    const err = (body: unknown) => {
      try {
        parseGrafana(body, RECEIVED);
      } catch (e) {
        return (e as { fields?: Array<{ path: string }> }).fields?.map((f) => f.path);
      }
      return 'accepted';
    };
    expect(err({ ...documentedShape, version: '4' })).toEqual(['version']);
    expect(err({ ...documentedShape, alerts: [{ ...documentedShape.alerts[0], labels: {} }] })).toEqual([
      'alerts.0.labels',
    ]);
    expect(err({ ...documentedShape, alerts: [{ ...documentedShape.alerts[0], values: { B: 'x' } }] })).toEqual([
      'alerts.0.values.B',
    ]);
    expect(() => parseAlertmanager(documentedShape, RECEIVED)).toThrow();
  });
});
