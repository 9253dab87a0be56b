/**
 * The "who gets paged?" simulator takes silences into account (issue 16 point 10), in a real Chromium against
 * a real Faultline server: with the alert's labels, a silenced alert is shown as muted, with the silence that
 * mutes it and when its held page would go out (in the viewer's zone); another alert is not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../test/support/server.ts';
import { recordingProvider } from '../test/support/recording-provider.ts';
import { openConsoleBrowser, screenshotOnFailure, type ConsoleBrowser, signInWithToken } from './support/browser.ts';

const UI_TIMEOUT_MS = 15_000;

describe('simulator with silences', () => {
  let s: TestServer;
  let cb: ConsoleBrowser;
  let silenceId: string;

  beforeAll(async () => {
    s = await startTestServer({ providers: { email: recordingProvider() } });
    const now = s.rt.clock.now();
    const res = await s.api('/api/v1/silences', {
      method: 'POST',
      body: JSON.stringify({
        matchers: ['alertname="DiskFull"'],
        endsAt: new Date(now.getTime() + 2 * 3_600_000).toISOString(),
        comment: 'disk migration',
      }),
    });
    expect(res.status).toBe(201);
    silenceId = ((await res.json()) as { id: string }).id;
    cb = await openConsoleBrowser(s.url, s.rt.clock);
  });

  afterAll(async () => {
    await cb?.close();
    await s?.dispose();
  });

  screenshotOnFailure(() => cb?.page);

  it('shows a silenced alert as muted, with the silence and when the page would go out', async () => {
    const { page } = cb;
    await signInWithToken(page, ADMIN_TOKEN, UI_TIMEOUT_MS);
    await page.goto('/oncall/simulate');
    await page.getByRole('form', { name: 'Simulate' }).getByLabel('Service').first().fill('checkout-api');
    await page.getByLabel('Alert labels').fill('alertname="DiskFull", instance="db-1"');
    await page.getByRole('button', { name: 'Simulate' }).click();
    const muted = page.getByTestId('simulation-muted');
    await muted.waitFor({ timeout: UI_TIMEOUT_MS });
    const text = (await muted.textContent()) ?? '';
    expect(text).toContain('Nothing is paged until');
    expect(text).toContain(`muted by silence ${silenceId}`);

    await page.getByLabel('Alert labels').fill('alertname="HighLatency"');
    await page.getByRole('button', { name: 'Simulate' }).click();
    await page.getByTestId('simulation-muted').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
  });
});
