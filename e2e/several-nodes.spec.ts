/**
 * Two nodes on one PostgreSQL (issue 18: "several nodes share one view"), in Chromium: the console is
 * connected to node B, an API-only node with no engine; an incident created through node A (its intake and
 * its engine) appears in B's incident list without a reload, carried by the node channel (LISTEN/NOTIFY).
 * PostgreSQL only: skipped without TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  dropDatabase,
  freshDatabaseUrl,
  startTestServer,
  type TestServer,
} from '../test/support/server.ts';
import { recordingProvider } from '../test/support/recording-provider.ts';
import { TickingClock } from '../test/support/clock.ts';
import { waitFor } from '../test/support/wait.ts';
import { openConsoleBrowser, screenshotOnFailure, type ConsoleBrowser } from './support/browser.ts';

const UI_TIMEOUT_MS = 15_000;
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

describe('several nodes: an incident created through node A appears live in a console on node B', () => {
  if (!onPostgres) {
    it.skip('needs PostgreSQL: set TEST_DATABASE_URL (two nodes share one database)', () => {});
    return;
  }
  const clock = new TickingClock();
  let databaseUrl: string | undefined;
  let a: TestServer | undefined;
  let b: TestServer | undefined;
  let cb: ConsoleBrowser | undefined;

  beforeAll(async () => {
    databaseUrl = await freshDatabaseUrl();
    const opts = { clock, databaseUrl, providers: { email: recordingProvider() } };
    a = await startTestServer(opts);
    // B serves the API and the console only: anything it shows of A's work came over the node channel.
    b = await startTestServer({ ...opts, env: { FAULTLINE_ROLE: 'api' } });
    cb = await openConsoleBrowser(b.url, clock);
  });
  afterAll(async () => {
    await cb?.close();
    await b?.dispose();
    await a?.dispose();
    if (databaseUrl) await dropDatabase(databaseUrl);
  });
  screenshotOnFailure(() => cb?.page);

  it('shows the incident in the list on B without a reload', async () => {
    const { page } = cb!;
    expect(b!.engine).toBeNull();
    await page.goto('/incidents');
    await page.waitForURL((url) => url.pathname === '/signin', { timeout: UI_TIMEOUT_MS });
    await page.getByTestId('signin-token').fill(ADMIN_TOKEN);
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('incidents-empty').waitFor({ timeout: UI_TIMEOUT_MS });
    await waitFor(
      'the live indicator',
      async () => (await page.getByTestId('live-indicator').getAttribute('data-state')) === 'live',
      UI_TIMEOUT_MS,
    );
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url());
    });

    const res = await a!.post('/api/v1/intake/alertmanager/quickstart', {
      version: '4',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'CheckoutDown', severity: 'critical', service: 'checkout-api' },
          annotations: { summary: 'Checkout is down (seen on node A)' },
          startsAt: clock.now().toISOString(),
        },
      ],
    });
    expect(res.status).toBe(202);

    const row = page.getByTestId('incident-row');
    await row.first().waitFor({ timeout: UI_TIMEOUT_MS });
    expect((await row.first().getByTestId('incident-title').textContent())?.trim()).toBe(
      'Checkout is down (seen on node A)',
    );
    expect(navigations).toEqual([]);
  });
});
