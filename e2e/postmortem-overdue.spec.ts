/**
 * Overdue postmortems in the console (issue 10 item 2: "overdue postmortems are visible everywhere"), in a real
 * Chromium against a real server on a fake clock: two P1s; one is resolved and its postmortem opens, due at the
 * end of the next working day (UTC, weekends off). Two days later the incident list marks that incident's row
 * "overdue postmortem", the **Overdue postmortems** filter (a link: `postmortem=overdue`) lists it alone, and the
 * incident page shows the badge, which leads to the postmortem with its level's template.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { IncidentList, PostmortemView } from '@faultline/contracts';
import { FakeClock } from '../apps/server/src/lib/clock.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../test/support/server.ts';
import { recordingProvider } from '../test/support/recording-provider.ts';
import { waitFor } from '../test/support/wait.ts';
import { openConsoleBrowser, screenshotOnFailure, signInWithToken, type ConsoleBrowser } from './support/browser.ts';

const UI_TIMEOUT_MS = 15_000;
const ANA = { name: 'Ana', email: 'ana@example.com' };

const config = stringify({
  version: 1,
  catalog: {
    businessLines: [
      {
        id: 'commerce',
        modules: [{ id: 'core', tier: 'core', volume: 'high', services: [{ id: 'pay-api', team: 'payments' }] }],
      },
    ],
  },
  teams: [{ id: 'payments', members: [ANA], escalationPolicy: 'payments' }],
  escalationPolicies: [{ id: 'payments', name: 'Payments', steps: [{ targets: [{ user: ANA.email }] }] }],
  levels: {
    templates: false,
    rules: [{ id: 'critical', sequence: 'P', level: 1, alert: { matchers: ['severity="critical"'] } }],
  },
  integrations: [{ key: 'pm-overdue', source: 'alertmanager', routeByLabel: 'service' }],
  postmortem: { templates: { P1: ['summary', 'impact', 'timeline', 'rootCause'] } },
});

describe('overdue postmortems in the console', () => {
  // Tuesday 10 November 2026, 09:00 UTC.
  const clock = new FakeClock('2026-11-10T09:00:00Z');
  let s: TestServer;
  let cb: ConsoleBrowser | undefined;
  const ids: Record<string, number> = {};
  let pm: PostmortemView;

  beforeAll(async () => {
    s = await startTestServer({
      clock,
      providers: { email: recordingProvider() },
      engineLoop: false,
      configYaml: config,
    });
    for (const alertname of ['CheckoutDown', 'RefundsDown']) {
      const res = await s.post('/api/v1/intake/alertmanager/pm-overdue', {
        version: '4',
        status: 'firing',
        alerts: [
          {
            status: 'firing',
            labels: { alertname, service: 'pay-api', severity: 'critical' },
            annotations: { summary: `${alertname} on pay-api` },
            startsAt: clock.now().toISOString(),
          },
        ],
      });
      expect(res.status).toBe(202);
      await s.engine!.drain();
      const list = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
      ids[alertname] = list.incidents.find((i) => i.title === `${alertname} on pay-api`)!.id;
    }
    clock.advance(30 * 60_000);
    await s.api(`/api/v1/incidents/${ids.CheckoutDown}/resolve`, { method: 'POST' });
    await s.engine!.drain();
    pm = (await (await s.api(`/api/v1/incidents/${ids.CheckoutDown}/postmortem`)).json()) as PostmortemView;
    expect(pm.dueAt).toBe('2026-11-12T00:00:00.000Z'); // the end of Wednesday, the next working day
    clock.advance(2 * 24 * 3_600_000); // Thursday 09:30: overdue
    cb = await openConsoleBrowser(s.url, s.rt.clock);
  });
  afterAll(async () => {
    await cb?.close();
    await s?.dispose();
  });
  screenshotOnFailure(() => cb?.page);

  it('marks the row, filters by it, and shows it on the incident page', async () => {
    const { page } = cb!;
    await signInWithToken(page, ADMIN_TOKEN, UI_TIMEOUT_MS);
    await page.goto('/incidents?status=all');
    const row = (name: string) => page.getByTestId('incident-row').filter({ hasText: `${name} on pay-api` });
    await row('CheckoutDown').waitFor({ timeout: UI_TIMEOUT_MS });
    await row('CheckoutDown').getByTestId('postmortem-overdue').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await row('CheckoutDown').getByTestId('postmortem-overdue').textContent()).toBe('overdue postmortem');
    expect(await row('RefundsDown').getByTestId('postmortem-overdue').count()).toBe(0);

    await page.getByText('Overdue postmortems', { exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('postmortem') === 'overdue', { timeout: UI_TIMEOUT_MS });
    await waitFor('only the overdue one', async () => (await page.getByTestId('incident-row').count()) === 1);
    expect(await page.getByTestId('incident-title').allTextContents()).toEqual(['CheckoutDown on pay-api']);

    await page.goto(`/incidents/${ids.CheckoutDown}`);
    await page.getByTestId('postmortem-overdue').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('postmortem-overdue').click();
    await page.waitForURL((url) => url.pathname === `/incidents/${ids.CheckoutDown}/postmortem`, {
      timeout: UI_TIMEOUT_MS,
    });
    // The postmortem shows its level's template: the impact fields and no timeline card beyond those sections.
    await page.getByTestId('postmortem-template').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('postmortem-template').textContent()).toBe('template: P1 (4 sections)');
    await page.getByTestId('impact-decline').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByLabel('What went well (Markdown)').count()).toBe(0);
    expect(await page.getByText('overdue', { exact: true }).count()).toBe(1);
  });
});
