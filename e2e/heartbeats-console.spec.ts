/**
 * Heartbeats in the console, in a real Chromium (America/New_York) against a real Faultline server on a fixed
 * clock (2026-11-21 14:00 UTC = 09:00 EST): a stored heartbeat pinged at 14:00 UTC is listed up with its last
 * ping in the viewer's zone, a config Watchdog heartbeat never pinged is listed read-only, and "Pause" pauses
 * the stored one.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeartbeatCreated, HeartbeatList } from '@faultline/contracts';
import { QUICKSTART_CONFIG } from '../apps/server/src/config/env.ts';
import { FakeClock } from '../apps/server/src/lib/clock.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../test/support/server.ts';
import { recordingProvider } from '../test/support/recording-provider.ts';
import { openConsoleBrowser, screenshotOnFailure, type ConsoleBrowser, signInWithToken } from './support/browser.ts';

const UI_TIMEOUT_MS = 15_000;
const CONFIG = `${readFileSync(QUICKSTART_CONFIG, 'utf8')}
heartbeats:
  - id: prometheus-watchdog
    name: Prometheus watchdog
    integration: quickstart
    matchers: ['alertname="Watchdog"']
    intervalSeconds: 300
`;

describe('heartbeats console', () => {
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

  it('lists heartbeats with their last ping in the viewer’s zone, and pauses one', async () => {
    const res = await s.api('/api/v1/heartbeats', {
      method: 'POST',
      body: JSON.stringify({ name: 'Nightly backup', service: 'payments-db', intervalSeconds: 86_400 }),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as HeartbeatCreated;
    const ping = await fetch(`${s.url}/api/v1/heartbeats/${created.id}/ping`, {
      method: 'POST',
      headers: { authorization: `Bearer ${created.token}` },
    });
    expect(ping.status).toBe(200);

    const { page } = cb;
    await signInWithToken(page, ADMIN_TOKEN, UI_TIMEOUT_MS);
    await page.goto('/');
    await page.getByRole('link', { name: 'Heartbeats' }).click();
    await page.waitForURL((url) => url.pathname === '/heartbeats', { timeout: UI_TIMEOUT_MS });

    const row = page.getByTestId('heartbeat-row').filter({ hasText: 'Nightly backup' });
    await row.getByText('21 Nov 2026, 09:00:00 EST').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await row.textContent()).toContain('up');
    const config = page.getByTestId('heartbeat-row').filter({ hasText: 'Prometheus watchdog' });
    await config.getByText('never').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await config.textContent()).toContain('config file');
    expect(await config.getByRole('button').count()).toBe(0);

    await row.getByRole('button', { name: 'Pause heartbeat Nightly backup' }).click();
    await row.getByText('paused').waitFor({ timeout: UI_TIMEOUT_MS });
    const stored = ((await (await s.api('/api/v1/heartbeats')).json()) as HeartbeatList).heartbeats;
    expect(stored.find((h) => h.id === created.id)).toMatchObject({
      status: 'paused',
      lastPingAt: '2026-11-21T14:00:00.000Z',
    });
  });
});
