/**
 * Noise marking in the console (issue 16 point 9), in a real Chromium against a real server on a fake clock: on
 * the incident page **Mark as noise** asks why (the button stays disabled without a reason), marks the incident
 * (badge on the page, timeline entry, badge on its row in the list; the status does not change), and
 * **Not noise** takes the mark back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { IncidentDetail, IncidentList } from '@faultline/contracts';
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
    rules: [{ id: 'critical', sequence: 'P', level: 2, alert: { matchers: ['severity="critical"'] } }],
  },
  integrations: [{ key: 'noise-e2e', source: 'alertmanager', routeByLabel: 'service' }],
});

describe('noise marking in the console', () => {
  const clock = new FakeClock('2026-11-10T09:00:00Z');
  let s: TestServer;
  let cb: ConsoleBrowser | undefined;
  let id = 0;

  beforeAll(async () => {
    s = await startTestServer({
      clock,
      providers: { email: recordingProvider() },
      engineLoop: false,
      configYaml: config,
    });
    const res = await s.post('/api/v1/intake/alertmanager/noise-e2e', {
      version: '4',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'DiskProbe', service: 'pay-api', severity: 'critical' },
          annotations: { summary: 'DiskProbe on pay-api' },
          startsAt: clock.now().toISOString(),
        },
      ],
    });
    expect(res.status).toBe(202);
    await s.engine!.drain();
    const list = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
    id = list.incidents.find((i) => i.title === 'DiskProbe on pay-api')!.id;
    cb = await openConsoleBrowser(s.url, s.rt.clock);
  });
  afterAll(async () => {
    await cb?.close();
    await s?.dispose();
  });
  screenshotOnFailure(() => cb?.page);

  it('marks the incident as noise with a reason, shows it on the page and the list, and takes it back', async () => {
    const { page } = cb!;
    await signInWithToken(page, ADMIN_TOKEN, UI_TIMEOUT_MS);
    await page.goto(`/incidents/${id}`);
    await page.getByTestId('noise-button').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('noise-badge').count()).toBe(0);
    await page.getByTestId('noise-button').click();
    await page.getByTestId('noise-reason').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('noise-confirm').isDisabled()).toBe(true);
    await page.getByTestId('noise-reason').fill('synthetic disk probe, nobody acts on it');
    await page.getByTestId('noise-confirm').click();
    await page.getByTestId('noise-badge').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByText('Marked as noise', { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
    const marked = (await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail;
    expect(marked.noise).toMatchObject({ by: 'admin', reason: 'synthetic disk probe, nobody acts on it' });
    expect(marked.status).toBe('triggered');

    await page.goto('/incidents?status=all');
    const row = page.getByTestId('incident-row').filter({ hasText: 'DiskProbe on pay-api' });
    await row.getByTestId('noise-badge').waitFor({ timeout: UI_TIMEOUT_MS });

    await page.goto(`/incidents/${id}`);
    await page.getByTestId('noise-button').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('noise-button').textContent()).toBe('Not noise');
    await page.getByTestId('noise-button').click();
    await page.getByTestId('noise-confirm').click();
    await waitFor('the badge is gone', async () => (await page.getByTestId('noise-badge').count()) === 0);
    expect(((await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail).noise).toBeNull();
  });
});
