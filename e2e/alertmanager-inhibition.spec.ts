/**
 * Faultline's inhibition and a real Prometheus Alertmanager's agree (issue 16 tests): the same inhibition
 * rules — one with `equal: [service]`, one with Alertmanager's trap (an `equal` label absent on both sides,
 * so it applies everywhere) — and the same alert set, posted to Alertmanager and to Faultline's intake (as a
 * Prometheus would to both). The alerts Alertmanager reports inhibited (`status.inhibitedBy`) are exactly the
 * alerts Faultline marks muted by inhibition.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentList } from '@faultline/contracts';
import { QUICKSTART_CONFIG } from '../apps/server/src/config/env.ts';
import { systemClock } from '../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../test/support/recording-provider.ts';
import { startTestServer, type TestServer } from '../test/support/server.ts';
import { waitFor } from '../test/support/wait.ts';
import { startAlertmanager, type RunningAlertmanager } from './support/alertmanager.ts';

const RULES = [
  {
    name: 'critical-mutes-warning',
    source_matchers: ['severity="critical"'],
    target_matchers: ['severity="warning"'],
    equal: ['service'],
  },
  // The trap: no alert carries `cluster`, so every ClusterDown mutes every DiskFull, whatever the service.
  {
    name: 'cluster-trap',
    source_matchers: ['alertname="ClusterDown"'],
    target_matchers: ['alertname="DiskFull"'],
    equal: ['cluster'],
  },
];
const q = JSON.stringify;
const rulesYaml = (nameKey: boolean) =>
  RULES.map(
    (r) =>
      `  - ${nameKey ? `name: ${q(r.name)}\n    ` : ''}source_matchers: [${r.source_matchers.map((m) => q(m)).join(', ')}]\n` +
      `    target_matchers: [${r.target_matchers.map((m) => q(m)).join(', ')}]\n` +
      `    equal: [${r.equal.map((l) => q(l)).join(', ')}]`,
  ).join('\n');

const ALERTS = [
  { alertname: 'ServiceDown', service: 'checkout-api', severity: 'critical' },
  { alertname: 'HighLatency', service: 'checkout-api', severity: 'warning' },
  { alertname: 'HighLatency', service: 'promotions-api', severity: 'warning' },
  { alertname: 'ClusterDown', service: 'payments-db', severity: 'info' },
  { alertname: 'DiskFull', service: 'order-history-api', severity: 'info' },
  { alertname: 'QueueDepth', service: 'order-history-api', severity: 'warning' },
];
const keyOf = (l: Record<string, string>) => `${l.alertname}@${l.service}`;

describe('Alertmanager and Faultline inhibition agree', () => {
  let s: TestServer;
  let am: RunningAlertmanager;

  beforeAll(async () => {
    const configYaml = `${readFileSync(QUICKSTART_CONFIG, 'utf8')}\ninhibitRules:\n${rulesYaml(true)}\n`;
    s = await startTestServer({ clock: systemClock, providers: { email: recordingProvider() }, configYaml });
    am = await startAlertmanager({
      webhookUrl: `${s.url}/api/v1/intake/alertmanager/quickstart`,
      extraYaml: `inhibit_rules:\n${rulesYaml(false)}`,
    });
  });

  afterAll(async () => {
    await am?.stop();
    await s?.dispose();
  });

  it('inhibits the same alerts', async () => {
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    await am.postAlerts(ALERTS.map((labels) => ({ labels, startsAt })));
    const res = await s.post('/api/v1/intake/alertmanager/quickstart', {
      version: '4',
      status: 'firing',
      alerts: ALERTS.map((labels) => ({
        status: 'firing',
        labels,
        annotations: { summary: keyOf(labels) },
        startsAt,
        fingerprint: `direct-${keyOf(labels)}`,
      })),
    });
    expect(res.status).toBe(202);

    const amInhibited = await waitFor(
      'Alertmanager to have every alert',
      async () => {
        const list = await am.getAlerts();
        return list.length === ALERTS.length ? list : undefined;
      },
      10_000,
    );
    const expected = amInhibited
      .filter((a) => a.status.inhibitedBy.length > 0)
      .map((a) => keyOf(a.labels))
      .sort();
    expect(expected).toEqual(['DiskFull@order-history-api', 'HighLatency@checkout-api']);

    const faultline = await waitFor(
      'Faultline to converge every alert',
      async () => {
        const list = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
        const details = await Promise.all(
          list.incidents.map(async (i) => (await (await s.api(`/api/v1/incidents/${i.id}`)).json()) as IncidentDetail),
        );
        const direct = details.flatMap((d) => d.alerts).filter((a) => a.dedupKey.startsWith('quickstart:direct-'));
        return direct.length === ALERTS.length ? direct : undefined;
      },
      10_000,
    );
    const muted = faultline
      .filter((a) => a.mutedBy.some((m) => m.kind === 'inhibition'))
      .map((a) => keyOf(a.labels))
      .sort();
    expect(muted).toEqual(expected);
  });
});
