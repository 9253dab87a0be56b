/**
 * The analytics page in a real Chromium (America/New_York) against a real server on a fake clock (issue 11):
 * a small history built through the API (a P1 in October caused by a deploy, a P2 reported at 03:30Z on
 * 1 November — still October in New York —, an open P2 in November, a cancelled false alarm). The viewer
 * opens Analytics, narrows the period to October–November, sees the counts with their N and exclusions,
 * drills into a bar, reads a definition, and downloads the counts table as CSV.
 */
import { readFileSync } from 'node:fs';
import { extractText } from 'unpdf';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail } from '@faultline/contracts';
import { FakeClock } from '../apps/server/src/lib/clock.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../test/support/server.ts';
import { recordingProvider } from '../test/support/recording-provider.ts';
import { openConsoleBrowser, screenshotOnFailure, signInWithToken, type ConsoleBrowser } from './support/browser.ts';

const UI_TIMEOUT_MS = 15_000;

const config = stringify({
  version: 1,
  catalog: {
    businessLines: [
      {
        id: 'commerce',
        modules: [{ id: 'checkout', tier: 'core', volume: 'high', services: [{ id: 'pay-api', team: 'payments' }] }],
      },
      {
        id: 'discovery',
        modules: [{ id: 'search', tier: 'core', volume: 'high', services: [{ id: 'search-api', team: 'search' }] }],
      },
    ],
  },
  teams: [
    { id: 'payments', members: [{ name: 'Ana', email: 'ana@example.com' }] },
    { id: 'search', members: [{ name: 'Sam', email: 'sam@example.com' }] },
  ],
  levels: { templates: false, rules: [] },
});

describe('analytics console', () => {
  const clock = new FakeClock('2026-10-05T13:53:00Z');
  let s: TestServer;
  let cb: ConsoleBrowser;
  const ids: Record<string, number> = {};
  const at = (iso: string) => clock.advance(Date.parse(iso) - clock.now().getTime());
  const call = async (path: string, body?: unknown, method = 'POST') => {
    const res = await s.api(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<unknown>;
  };
  const declare = async (body: Record<string, unknown>) =>
    ((await call('/api/v1/incidents', body)) as IncidentDetail).id;

  beforeAll(async () => {
    s = await startTestServer({ clock, configYaml: config, providers: { email: recordingProvider() } });
    const deploy = (await call('/api/v1/changes', {
      summary: 'pay-api v42',
      services: ['pay-api'],
      startedAt: '2026-10-05T13:50:00Z',
      endedAt: '2026-10-05T13:52:00Z',
    })) as { id: number };
    at('2026-10-05T14:00:00Z');
    ids.A = await declare({
      title: 'Card payments fail',
      service: 'pay-api',
      level: 1,
      source: 'monitoring',
      impactStartedAt: '2026-10-05T13:55:00Z',
    });
    await call(`/api/v1/incidents/${ids.A}/suspect-changes/${deploy.id}/verdict`, { verdict: 'caused', why: 'v42' });
    at('2026-10-05T14:09:00Z');
    await call(`/api/v1/incidents/${ids.A}/mitigate`, { reason: 'rolled back' });
    at('2026-11-01T03:30:00Z');
    ids.B = await declare({
      title: 'Search returns nothing',
      service: 'search-api',
      level: 2,
      source: 'customer',
      impactStartedAt: '2026-11-01T03:00:00Z',
    });
    at('2026-11-10T15:00:00Z');
    ids.C = await declare({ title: 'Slow refunds', service: 'pay-api', level: 2, source: 'internal' });
    at('2026-11-12T15:00:00Z');
    ids.D = await declare({ title: 'Checkout looks down', service: 'pay-api', level: 2, source: 'internal' });
    await call(`/api/v1/incidents/${ids.D}/cancel`, { reason: 'the probe was broken' });
    at('2026-12-02T12:00:00Z');
    cb = await openConsoleBrowser(s.url, clock);
  });

  afterAll(async () => {
    await cb?.close();
    await s?.dispose();
  });

  screenshotOnFailure(() => cb?.page);

  it('changes the period, drills into a bar, explains a number and downloads the CSV', async () => {
    const { page } = cb;
    await signInWithToken(page, ADMIN_TOKEN, UI_TIMEOUT_MS);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics' }).click();
    await page.waitForURL((url) => url.pathname === '/analytics', { timeout: UI_TIMEOUT_MS });

    // Default: the last six months in the viewer's zone, July–December 2026.
    await page.getByTestId('card-counts').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('period').textContent()).toContain('2026-07-01 → 2027-01-01');
    expect(await page.getByTestId('n-counts').textContent()).toBe('N = 3 · excluded: cancelled 1');

    // Narrow the period to October–November.
    await page.getByTestId('from-month').fill('2026-10');
    await page.getByTestId('to-month').fill('2026-11');
    await page.getByTestId('period').getByText('2026-10-01 → 2026-12-01').waitFor({ timeout: UI_TIMEOUT_MS });
    // The period's bounds show in the viewer's zone: midnight EDT on 1 October.
    expect(await page.getByTestId('period').textContent()).toContain('1 Oct 2026, 00:00:00 EDT');
    expect(await page.getByTestId('now-Incidents').textContent()).toBe('3');

    // Drill into a bar: October's P2 bar holds B (03:30Z on 1 November is 23:30 EDT on 31 October).
    // Stacked bars in series order (P1, then P2), each series by month; empty ones are not drawn:
    // October's P1, October's P2, November's P2.
    const bars = page.getByTestId('card-counts').locator('.recharts-bar-rectangle').filter({ visible: true });
    await bars.first().waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await bars.count()).toBe(3);
    await bars.nth(1).click();
    await page.getByTestId('drill').getByText('2026-10 · level P2').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId(`drill-incident-${ids.B}`).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('drill').locator('[data-testid^="drill-incident-"]').count()).toBe(1);
    expect(await page.getByTestId(`drill-incident-${ids.B}`).textContent()).toContain('31 Oct 2026, 23:30:00 EDT');

    // The table view shows the same numbers, and a cell drills too.
    await page.getByTestId('card-counts').getByText('Table', { exact: true }).click();
    await page.getByTestId('cell-2026-11-P2').click();
    await page.getByTestId(`drill-incident-${ids.C}`).waitFor({ timeout: UI_TIMEOUT_MS });

    // A definition is one click away.
    await page.getByRole('button', { name: 'Definition of 1-5-10 compliance' }).click();
    const def = page.getByTestId('definition-clock_compliance');
    await def.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await def.textContent()).toContain('stages still running within their target (running)');
    await page.keyboard.press('Escape');

    // The CSV is the table.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-counts').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toBe('bucket,P1,P2,total\r\n2026-10,1,1,2\r\n2026-11,0,1,1\r\n');

    // The monthly report: its text holds the period's counts and its notable faults.
    const [report] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-pdf').click()]);
    const { text } = await extractText(new Uint8Array(readFileSync((await report.path())!)), { mergePages: true });
    expect(text).toContain('Incidents by level [incident_count] N=3');
    expect(text).toMatch(/2026-11\s+0\s+1\s+1/);
    expect(text).toContain('Card payments fail');
    expect(text).toContain('Durations: median and p90 (minutes)');

    // Every chart drills down: the first bar of the durations chart is MTTD's median, over A and B.
    const durationBars = page
      .getByTestId('card-durations')
      .locator('.recharts-bar-rectangle')
      .filter({ visible: true });
    await durationBars.first().click();
    await page
      .getByTestId('drill')
      .getByText('MTTD (N=2): the incidents it counts')
      .waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId(`drill-incident-${ids.B}`).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('drill').locator('[data-testid^="drill-incident-"]').count()).toBe(2);
    await cb.screenshot('analytics-console');
  });
});
