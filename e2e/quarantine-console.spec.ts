/**
 * The intake quarantine in the console, in a real Chromium (America/New_York) against a real Faultline server
 * with its engine running: an event an earlier version stored with NUL in its signals is quarantined by the
 * engine after its tries; an admin sees the Quarantine link with its count, the event with its reason and
 * its receive time in the browser's zone, opens its body, replays it, and the alert becomes an incident.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentList, QuarantineList } from '@faultline/contracts';
import { rows } from '../apps/server/src/db/client.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../test/support/server.ts';
import { recordingProvider } from '../test/support/recording-provider.ts';
import { waitFor } from '../test/support/wait.ts';
import {
  BROWSER_TIME_ZONE,
  openConsoleBrowser,
  screenshotOnFailure,
  type ConsoleBrowser,
  signInWithToken,
} from './support/browser.ts';

const UI_TIMEOUT_MS = 15_000;

/** `HH:mm:ss` of `ms` in `timeZone`, by Intl (independent of the console's formatting code). */
const clockIn = (ms: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(ms);

describe('intake quarantine console', () => {
  let s: TestServer;
  let cb: ConsoleBrowser;
  let eventId: number;
  let receivedAt: string;

  beforeAll(async () => {
    s = await startTestServer({ providers: { email: recordingProvider() } });
    receivedAt = s.rt.clock.now().toISOString();
    const signals = JSON.stringify([
      {
        action: 'trigger',
        dedupKey: 'legacy-nul',
        summary: 'disk \u0000 full',
        severity: 'critical',
        labels: { alertname: 'DiskFull', service: 'checkout-api', severity: 'critical' },
        annotations: {},
        startsAt: receivedAt,
        endsAt: null,
        source: 'alertmanager',
      },
    ]);
    const payload =
      '{"alerts":[{"status":"firing","labels":{"alertname":"DiskFull","service":"checkout-api","severity":"critical"},"annotations":{"summary":"disk \\u0000 full"}}]}';
    const [row] = await rows<{ id: string }>(
      s.rt.db,
      sql`insert into events (integration, source, received_at, payload, signals)
          values ('quickstart', 'alertmanager', ${receivedAt}::timestamptz, ${payload}, ${signals}::json) returning id`,
    );
    eventId = Number(row!.id);
    s.engine!.wakeConvergence();
    await waitFor('the engine to quarantine the event', async () => {
      const q = (await (await s.api('/api/v1/intake/quarantine')).json()) as QuarantineList;
      return q.events.some((e) => e.id === eventId);
    });
    cb = await openConsoleBrowser(s.url, s.rt.clock);
  });

  afterAll(async () => {
    await cb?.close();
    await s?.dispose();
  });

  screenshotOnFailure(() => cb?.page);

  it('shows the quarantined event with its reason and receive time in the browser zone, and replays it', async () => {
    const { page } = cb;
    await signInWithToken(page, ADMIN_TOKEN, UI_TIMEOUT_MS);

    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByTestId('quarantine-count').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await nav.getByTestId('quarantine-count').textContent()).toBe('1');
    await nav.getByRole('link', { name: /Quarantine/ }).click();
    await page.waitForURL((url) => url.pathname === '/intake/quarantine', { timeout: UI_TIMEOUT_MS });

    const row = page.locator(`[data-testid="quarantine-row"][data-event-id="${eventId}"]`);
    await row.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await row.getByTestId('quarantine-reason').textContent()).toMatch(
      /^22021 invalid byte sequence for encoding "UTF8": 0x00/,
    );
    const received = row.getByTestId('quarantine-received');
    expect(await received.getAttribute('datetime')).toBe(receivedAt);
    const shown = (await received.textContent()) ?? '';
    expect(shown).toContain(clockIn(Date.parse(receivedAt), BROWSER_TIME_ZONE));
    expect(shown).toMatch(/E[SD]T$/);
    expect(await row.textContent()).toContain('after 5 tries');

    await row.getByRole('button', { name: `Show the body of event ${eventId}` }).click();
    await page.getByText('"summary":"disk \\u0000 full"', { exact: false }).waitFor({ timeout: UI_TIMEOUT_MS });

    await row.getByTestId('quarantine-replay').click();
    await page.getByTestId('quarantine-replay-confirm').click();
    await page.getByTestId('quarantine-empty').waitFor({ timeout: UI_TIMEOUT_MS });

    await waitFor('the replayed alert to become an incident', async () => {
      const list = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
      return list.incidents.some((i) => i.title === 'disk \uFFFD full');
    });
  });
});
