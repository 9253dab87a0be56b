/**
 * Silences end to end with a real Prometheus Alertmanager (issue 16 tests): while a Faultline silence is
 * active, Alertmanager's firing alert is recorded on an incident, muted by that silence, and pages nobody;
 * when the silence ends while Alertmanager still sends it as firing, it pages once; Alertmanager's resolve
 * then mitigates the incident and nothing pages again.
 *
 * The machine's clock (Alertmanager reads it too); only durations matter. The page is recorded by the
 * email provider injected through the registry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentList, SilenceView } from '@faultline/contracts';
import { systemClock } from '../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../test/support/recording-provider.ts';
import { startTestServer, type TestServer } from '../test/support/server.ts';
import { waitFor } from '../test/support/wait.ts';
import { startAlertmanager, type RunningAlertmanager } from './support/alertmanager.ts';

const INTAKE_PATH = '/api/v1/intake/alertmanager/quickstart';
const SILENCE_MS = 8_000;

describe('Alertmanager → Faultline silence: muted, then paged once at its end', () => {
  const email = recordingProvider();
  let s: TestServer;
  let am: RunningAlertmanager;
  let setupError: unknown;
  const requireSetup = () => {
    if (setupError) throw setupError;
  };

  beforeAll(async () => {
    try {
      s = await startTestServer({ clock: systemClock, providers: { email } });
      am = await startAlertmanager({
        webhookUrl: `${s.url}${INTAKE_PATH}`,
        groupWait: '0s',
        groupInterval: '1s',
        repeatInterval: '1h',
      });
    } catch (e) {
      setupError = e;
    }
  });

  afterAll(async () => {
    await am?.stop();
    await s?.dispose();
  });

  const incident = async (): Promise<IncidentDetail | undefined> => {
    const list = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
    const found = list.incidents.find((i) => i.groupKey === 'service=checkout-api,alertname=PaymentsSlow');
    return found ? ((await (await s.api(`/api/v1/incidents/${found.id}`)).json()) as IncidentDetail) : undefined;
  };
  const diagnostics = () => `\n--- Alertmanager output ---\n${am.output().slice(-4_000)}`;

  it('mutes the firing alert while the silence is active and pages it once when the silence ends', async () => {
    requireSetup();
    const res = await s.api('/api/v1/silences', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        matchers: ['alertname="PaymentsSlow"', 'service="checkout-api"'],
        endsAt: new Date(Date.now() + SILENCE_MS).toISOString(),
        comment: 'database failover drill',
      }),
    });
    expect(res.status).toBe(201);
    const silence = (await res.json()) as SilenceView;

    const labels = { alertname: 'PaymentsSlow', service: 'checkout-api', severity: 'warning', instance: 'pay-1' };
    await am.postAlerts([{ labels, annotations: { summary: 'Payments p99 above 2s' } }]);
    const muted = await waitFor('the muted PaymentsSlow incident', incident, 10_000).catch((e: Error) => {
      throw new Error(`${e.message}${diagnostics()}`);
    });
    expect(muted.alerts[0]!.mutedBy).toMatchObject([{ kind: 'silence', id: silence.id }]);
    expect(muted.alerts[0]!.mutedBy[0]!.reason).toContain(`muted by silence ${silence.id}`);
    expect(email.sent.filter((m) => m.message.incidentId === muted.id)).toHaveLength(0);

    // The silence ends while Alertmanager still has the alert firing: one page, then no more.
    await waitFor(
      'the page at the end of the silence',
      async () => email.sent.some((m) => m.message.incidentId === muted.id),
      SILENCE_MS + 10_000,
    );
    const pagedAt = Date.now();
    expect(pagedAt).toBeGreaterThanOrEqual(Date.parse(silence.endsAt));
    await am.postAlerts([{ labels, annotations: { summary: 'Payments p99 above 2s' } }]);
    await new Promise((r) => setTimeout(r, 2_500));
    expect(email.sent.filter((m) => m.message.incidentId === muted.id)).toHaveLength(1);

    // Alertmanager resolves it: the incident is mitigated and nothing pages.
    await am.postAlerts([{ labels, endsAt: new Date(Date.now() - 1_000).toISOString() }]);
    const mitigated = await waitFor(
      'the incident to be mitigated',
      async () => {
        const d = await incident();
        return d?.status === 'mitigated' ? d : undefined;
      },
      10_000,
    );
    expect(mitigated.timeline.filter((t) => t.kind === 'page_released')).toHaveLength(1);
    expect(email.sent.filter((m) => m.message.incidentId === muted.id)).toHaveLength(1);
  }, 60_000);
});
