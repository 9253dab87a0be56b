/**
 * Maintenance windows in the console, in a real Chromium (America/New_York) against a real Faultline server on
 * a fixed clock (2026-11-21 14:00 UTC = 09:00 EST): the form's times are the viewer's, an unknown service is
 * refused naming the field, the new window is listed in progress "until" its end in the viewer's zone, a config
 * window is listed read-only with its next opening, and "End now" completes the window.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MaintenanceWindowList } from '@faultline/contracts';
import { QUICKSTART_CONFIG } from '../apps/server/src/config/env.ts';
import { FakeClock } from '../apps/server/src/lib/clock.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../test/support/server.ts';
import { recordingProvider } from '../test/support/recording-provider.ts';
import { openConsoleBrowser, screenshotOnFailure, type ConsoleBrowser, signInWithToken } from './support/browser.ts';

const UI_TIMEOUT_MS = 15_000;
const CONFIG = `${readFileSync(QUICKSTART_CONFIG, 'utf8')}
maintenanceWindows:
  - id: nightly-backup
    name: Nightly backup
    timeIntervals: [{ times: [{ start_time: '02:00', end_time: '03:00' }], location: Europe/Paris }]
    scope: { matchers: ['alertname="BackupLag"'] }
`;

describe('maintenance console', () => {
  const clock = new FakeClock('2026-11-21T14:00:00Z');
  let s: TestServer;
  let cb: ConsoleBrowser;

  beforeAll(async () => {
    s = await startTestServer({
      clock,
      configYaml: CONFIG,
      providers: { email: recordingProvider() },
      engineLoop: false,
    });
    cb = await openConsoleBrowser(s.url, s.rt.clock);
  });

  afterAll(async () => {
    await cb?.close();
    await s?.dispose();
  });

  screenshotOnFailure(() => cb?.page);

  it('creates a window in the viewer’s zone, lists it with the config one, and ends it', async () => {
    const { page } = cb;
    await signInWithToken(page, ADMIN_TOKEN, UI_TIMEOUT_MS);
    await page.goto('/');
    await page.getByRole('link', { name: 'Maintenance' }).click();
    await page.waitForURL((url) => url.pathname === '/maintenance', { timeout: UI_TIMEOUT_MS });

    const config = page.getByTestId('window-row').filter({ hasText: 'Nightly backup' });
    // 02:00 Paris on 22 Nov = 01:00 UTC = 20:00 EST on 21 Nov.
    await config.getByText('from 21 Nov 2026, 20:00:00 EST').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await config.textContent()).toContain('config file');
    expect(await config.getByRole('button').count()).toBe(0);

    await page.getByLabel('Name').fill('Checkout database upgrade');
    await page.getByLabel('Services').fill('checkout-api, nope');
    await page.getByLabel('Ends').fill('2026-11-21T10:30');
    await page.getByRole('button', { name: 'Create window' }).click();
    await page.getByText('unknown service "nope"').waitFor({ timeout: UI_TIMEOUT_MS });

    await page.getByLabel('Services').fill('checkout-api');
    await page.getByRole('button', { name: 'Create window' }).click();
    await page.getByTestId('window-created').waitFor({ timeout: UI_TIMEOUT_MS });
    const row = page.getByTestId('window-row').filter({ hasText: 'Checkout database upgrade' });
    await row.getByText('until 21 Nov 2026, 10:30:00 EST').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await row.textContent()).toContain('in-progress');
    const stored = ((await (await s.api('/api/v1/maintenance-windows')).json()) as MaintenanceWindowList).windows;
    expect(stored.find((w) => w.name === 'Checkout database upgrade')).toMatchObject({
      startsAt: '2026-11-21T14:00:00.000Z',
      endsAt: '2026-11-21T15:30:00.000Z',
      scope: { services: ['checkout-api'] },
      createdBy: 'admin',
    });

    await row.getByRole('button', { name: 'End maintenance window Checkout database upgrade' }).click();
    await row.getByText('completed').waitFor({ timeout: UI_TIMEOUT_MS });
  });
});
