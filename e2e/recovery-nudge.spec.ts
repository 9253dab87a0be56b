/**
 * The nudge toward recovery in a real Chromium (America/New_York) against a real Faultline server (issue 9
 * point 4): with a 1.5-minute recover target (so the nudge is due 30 s after impact start instead of at
 * minute 7), an alert pages an incident on checkout-api a minute after a config change on payments-db
 * (which it depends on); nobody runs a recovery step, and the incident page's Recovery card tells the room
 * to restore service first and to consider rolling back that change with the playbook's rollback step.
 */
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeView, IncidentList } from '@faultline/contracts';
import { QUICKSTART_CONFIG } from '../apps/server/src/config/env.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../test/support/server.ts';
import { recordingProvider } from '../test/support/recording-provider.ts';
import { waitFor } from '../test/support/wait.ts';
import { openConsoleBrowser, screenshotOnFailure, type ConsoleBrowser, signInWithToken } from './support/browser.ts';

const UI_TIMEOUT_MS = 15_000;
/** The nudge is due 30 s after impact start; the engine and the page's live stream need a little more. */
const NUDGE_TIMEOUT_MS = 90_000;

describe('the nudge toward recovery in the console', () => {
  let s: TestServer;
  let cb: ConsoleBrowser;
  let incidentId: number;
  let change: ChangeView;

  beforeAll(async () => {
    const quickstart = parse(readFileSync(QUICKSTART_CONFIG, 'utf8')) as Record<string, unknown>;
    const configYaml = stringify({
      ...quickstart,
      response: { defaults: { detectMinutes: 0.5, locateMinutes: 1, recoverMinutes: 1.5 } },
      playbooks: [
        {
          id: 'checkout',
          name: 'Checkout recovery',
          match: { services: ['checkout-api'] },
          steps: [{ id: 'rollback', method: 'rollback', target: 'upstream', guidance: 'Roll back payments-db' }],
        },
      ],
    });
    s = await startTestServer({ configYaml, providers: { email: recordingProvider() } });
    const startedAt = new Date(s.rt.clock.now().getTime() - 60_000).toISOString();
    const res = await s.api('/api/v1/changes', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'config',
        summary: 'payments-db pool size 20',
        services: ['payments-db'],
        startedAt,
        endedAt: startedAt,
      }),
    });
    expect(res.status).toBe(201);
    change = (await res.json()) as ChangeView;
    const alert = await s.post('/api/v1/intake/alertmanager/quickstart', {
      version: '4',
      status: 'firing',
      receiver: 'faultline',
      groupKey: '{}:{alertname="CheckoutErrors"}',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'CheckoutErrors', service: 'checkout-api', severity: 'critical' },
          annotations: { summary: 'Checkout error rate above 5%' },
          startsAt: new Date(s.rt.clock.now().getTime() + 1000).toISOString(),
        },
      ],
    });
    expect(alert.status).toBe(202);
    await waitFor('the alert to open an incident', async () => {
      const list = (await (await s.api('/api/v1/incidents')).json()) as IncidentList;
      incidentId = list.incidents[0]?.id ?? 0;
      return incidentId > 0;
    });
    cb = await openConsoleBrowser(s.url, s.rt.clock);
  });

  afterAll(async () => {
    await cb?.close();
    await s?.dispose();
  });

  screenshotOnFailure(() => cb?.page);

  it('tells the room to restore service first and to consider rolling back the upstream config change', async () => {
    const { page } = cb;
    await signInWithToken(page, ADMIN_TOKEN, UI_TIMEOUT_MS);
    await page.goto(`/incidents/${incidentId}`);
    await page.getByTestId('step-rollback').waitFor({ timeout: UI_TIMEOUT_MS });
    const nudge = page.getByTestId('recovery-nudge');
    await nudge.waitFor({ timeout: NUDGE_TIMEOUT_MS });
    const text = (await nudge.textContent()) ?? '';
    expect(text).toContain('Restore service first');
    expect(text).toMatch(/the restore-service target \(.+\) is 1 min away and no recovery step has run/);
    expect(text).toContain(
      `Consider rollback: change #${change.id} (config on payments-db: payments-db pool size 20; suspect #1`,
    );
    expect(text).toContain('with step checkout · rollback.');
    // The timeline has it too.
    await page.getByText('Recover target nears').first().waitFor({ timeout: UI_TIMEOUT_MS });
  });
});
