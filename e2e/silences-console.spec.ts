/**
 * Silences in the console, in a real Chromium (America/New_York) against a real Faultline server: from a
 * firing alert, "Silence similar" opens the silences page with the alert's labels as matchers and a preview
 * of the firing alerts they match now; an invalid regex is refused naming its line; the silence is created,
 * a new matching alert shows "Muted: muted by silence …" on its incident, and the silence is expired.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentList, SilenceList } from '@faultline/contracts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../test/support/server.ts';
import { recordingProvider } from '../test/support/recording-provider.ts';
import { waitFor } from '../test/support/wait.ts';
import { openConsoleBrowser, screenshotOnFailure, type ConsoleBrowser, signInWithToken } from './support/browser.ts';

const UI_TIMEOUT_MS = 15_000;
const INTAKE = '/api/v1/intake/alertmanager/quickstart';

const alert = (instance: string, now: Date) => ({
  status: 'firing',
  labels: { alertname: 'ErrorBudgetBurn', service: 'checkout-api', severity: 'warning', instance },
  annotations: { summary: `Error budget burning on ${instance}` },
  startsAt: new Date(now.getTime() - 60_000).toISOString(),
  fingerprint: `ebb-${instance}`,
});

describe('silences console', () => {
  let s: TestServer;
  let cb: ConsoleBrowser;
  let incidentId: number;

  const incident = async () => {
    const list = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
    const found = list.incidents.find((i) => i.groupKey === 'service=checkout-api,alertname=ErrorBudgetBurn');
    return found ? ((await (await s.api(`/api/v1/incidents/${found.id}`)).json()) as IncidentDetail) : undefined;
  };

  beforeAll(async () => {
    s = await startTestServer({ providers: { email: recordingProvider() } });
    expect(
      (await s.post(INTAKE, { version: '4', status: 'firing', alerts: [alert('api-1', s.rt.clock.now())] })).status,
    ).toBe(202);
    s.engine!.wakeConvergence();
    incidentId = (await waitFor('the ErrorBudgetBurn incident', incident)).id;
    cb = await openConsoleBrowser(s.url, s.rt.clock);
  });

  afterAll(async () => {
    await cb?.close();
    await s?.dispose();
  });

  screenshotOnFailure(() => cb?.page);

  it('silences similar alerts from an alert, with a preview, shows the mute on the alert, and expires it', async () => {
    const { page } = cb;
    await signInWithToken(page, ADMIN_TOKEN, UI_TIMEOUT_MS);

    await page.goto(`/incidents/${incidentId}`);
    await page.getByRole('link', { name: 'Silence similar' }).click();
    await page.waitForURL((url) => url.pathname === '/silences', { timeout: UI_TIMEOUT_MS });
    const matchers = page.getByLabel('Matchers');
    expect(await matchers.inputValue()).toBe(
      'alertname="ErrorBudgetBurn"\ninstance="api-1"\nservice="checkout-api"\nseverity="warning"',
    );
    const preview = page.getByTestId('silence-preview');
    await preview.getByText('1 firing alert matches now:').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await preview.textContent()).toContain(`#${incidentId}`);

    // Narrow it to every instance: an invalid regex first, refused naming its line.
    await matchers.fill('alertname="ErrorBudgetBurn"\ninstance=~"api-(1"');
    await preview.getByText(/line 2/).waitFor({ timeout: UI_TIMEOUT_MS });
    await matchers.fill('alertname="ErrorBudgetBurn"\ninstance=~"api-.*"');
    await preview.getByText('1 firing alert matches now:').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByLabel('Comment').fill('tuning the burn-rate alert');
    await page.getByRole('button', { name: 'Create silence' }).click();
    await page.getByTestId('silence-created').waitFor({ timeout: UI_TIMEOUT_MS });
    const row = page.getByTestId('silence-row').filter({ hasText: 'tuning the burn-rate alert' });
    await row.getByText('active').waitFor({ timeout: UI_TIMEOUT_MS });
    const stored = ((await (await s.api('/api/v1/silences')).json()) as SilenceList).silences;
    expect(stored).toMatchObject([
      { matchers: ['alertname="ErrorBudgetBurn"', 'instance=~"api-.*"'], createdBy: 'admin', state: 'active' },
    ]);

    // A new matching alert joins the incident muted, and says by what.
    expect(
      (await s.post(INTAKE, { version: '4', status: 'firing', alerts: [alert('api-2', s.rt.clock.now())] })).status,
    ).toBe(202);
    s.engine!.wakeConvergence();
    await waitFor('the second alert', async () => ((await incident())?.alerts.length ?? 0) === 2);
    await page.goto(`/incidents/${incidentId}`);
    const mutedRow = page.locator('[data-testid="alert-row"]').filter({ hasText: 'api-2' });
    await mutedRow
      .getByTestId('alert-muted-by')
      .getByText(`muted by silence ${stored[0]!.id}`, { exact: false })
      .waitFor({ timeout: UI_TIMEOUT_MS });

    await page.goto('/silences');
    await page.getByRole('button', { name: 'Expire silence tuning the burn-rate alert' }).click();
    await row.getByText('expired').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(((await (await s.api('/api/v1/silences?state=active')).json()) as SilenceList).silences).toEqual([]);
  });
});
