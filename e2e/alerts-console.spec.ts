/**
 * The console's Alerts page, service policies and names for viewers (issue 12), in Chromium
 * (America/New_York, the server's fixed clock):
 *
 * - /alerts lists alerts, not incidents: the fate filter (here `muted`) is applied on the server and kept in
 *   the address; each row says what became of the alert and why (the silence, the incident it joined) and links
 *   to its incident;
 * - a stored policy is linked to a service from the policy editor ("Also use for services"), and the simulator
 *   then says the service's policy pages it;
 * - a person who is a stakeholder server-wide and a viewer of one team (no `oncall:read` server-wide: the users
 *   list is 403 to them) sees the acknowledger's name, not their email (before: the email).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { stringify } from 'yaml';
import type { IncidentList, ServiceList, TokenCreated } from '@faultline/contracts';
import { FakeClock } from '../apps/server/src/lib/clock.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../test/support/server.ts';
import { recordingProvider } from '../test/support/recording-provider.ts';
import { waitFor } from '../test/support/wait.ts';
import {
  newConsoleContext,
  openConsoleBrowser,
  screenshotOnFailure,
  signInWithToken,
  type ConsoleBrowser,
} from './support/browser.ts';

const UI_TIMEOUT_MS = 15_000;
const ALEX = 'alex@example.com';
const SAM = 'sam@example.com';
const VIV = 'viv@example.com';

const config = stringify({
  version: 1,
  catalog: {
    businessLines: [
      {
        id: 'commerce',
        modules: [
          {
            id: 'core',
            tier: 'core',
            volume: 'high',
            services: [
              { id: 'checkout-api', team: 'payments' },
              { id: 'promotions-api', team: 'storefront' },
            ],
          },
        ],
      },
    ],
  },
  teams: [
    { id: 'payments', members: [{ name: 'Alex Adams', email: ALEX }], oncall: [ALEX] },
    { id: 'storefront', members: [{ name: 'Sam Stone', email: SAM }], oncall: [SAM] },
  ],
  levels: {
    templates: false,
    rules: [{ id: 'critical', sequence: 'P', level: 2, alert: { matchers: ['severity="critical"'] } }],
  },
  integrations: [{ key: 'alerts-console', source: 'alertmanager', routeByLabel: 'service' }],
});

const am = (alertname: string, service: string, instance: string) => ({
  status: 'firing',
  labels: { alertname, service, severity: 'critical', instance },
  annotations: { summary: `${alertname} ${instance}` },
  startsAt: '2026-12-06T21:59:00Z',
});

const appears = (l: Locator) => l.first().waitFor({ timeout: UI_TIMEOUT_MS });
const textBecomes = (page: Page, testId: string, expected: string) =>
  waitFor(
    `${testId} = "${expected}"`,
    async () =>
      (await page
        .getByTestId(testId)
        .textContent({ timeout: UI_TIMEOUT_MS })
        .catch(() => null)) === expected,
    UI_TIMEOUT_MS,
  );

describe('console: alerts, service policies and names for viewers', () => {
  const clock = new FakeClock('2026-12-06T22:00:00Z');
  let s: TestServer;
  let cb: ConsoleBrowser | undefined;
  const pageErrors: string[] = [];
  const need = () => {
    if (!cb) throw new Error('the browser did not start');
    return cb;
  };
  const api = async <T>(path: string, init?: RequestInit) => (await (await s.api(path, init)).json()) as T;
  const fire = async (...alerts: ReturnType<typeof am>[]) => {
    clock.advance(60_000);
    expect((await s.post('/api/v1/intake/alertmanager/alerts-console', { version: '4', alerts })).status).toBe(202);
    await s.engine!.drain();
  };
  const token = async (name: string, role: string, user: string) => {
    const res = await s.api('/api/v1/tokens', { method: 'POST', body: JSON.stringify({ name, role, user }) });
    expect(res.status).toBe(201);
    return ((await res.json()) as TokenCreated).token;
  };

  beforeAll(async () => {
    s = await startTestServer({
      clock,
      providers: { email: recordingProvider() },
      engineLoop: false,
      configYaml: config,
    });
    await fire(am('Down', 'checkout-api', 'i-1'));
    await fire(am('Down', 'checkout-api', 'i-2'));
    const silence = await s.api('/api/v1/silences', {
      method: 'POST',
      body: JSON.stringify({ matchers: ['alertname="Noisy"'], endsAt: '2026-12-07T02:00:00Z', comment: 'known' }),
    });
    expect(silence.status).toBe(201);
    await fire(am('Noisy', 'promotions-api', 'i-1'));
    cb = await openConsoleBrowser(s.url, s.rt.clock);
    cb.page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterAll(async () => {
    await cb?.close();
    await s?.dispose();
  });
  screenshotOnFailure(() => cb?.page);

  it('lists alerts, filters to the muted one in the address, says why, and links to its incident', async () => {
    const { page } = need();
    await signInWithToken(page, ADMIN_TOKEN, UI_TIMEOUT_MS);
    await page.getByTestId('nav-alerts').first().click();
    await page.waitForURL((url) => url.pathname === '/alerts', { timeout: UI_TIMEOUT_MS });
    await textBecomes(page, 'alerts-count', '3 alerts');
    expect(await page.getByTestId('alert-summary').allTextContents()).toEqual(['Noisy i-1', 'Down i-2', 'Down i-1']);

    await page.getByTestId('alert-fate-filter').click();
    await page.getByRole('option', { name: 'muted', exact: true }).click();
    await page.keyboard.press('Escape');
    await textBecomes(page, 'alerts-count', '1 alert');
    expect(new URL(page.url()).search).toBe('?fate=muted');
    const row = page.getByTestId('alert-list-row');
    expect(await row.getByTestId('alert-summary').textContent()).toBe('Noisy i-1');
    expect(await row.getByTestId('alert-muted-by').textContent()).toContain('silence');
    expect(
      await row.locator('[data-testid="alert-fate"]').evaluateAll((els) => els.map((e) => e.dataset.fate)),
    ).toEqual(['opened', 'muted', 'held']);

    // A filtered view is a link; the joined alert says which incident it joined.
    await page.goto('/alerts?fate=joined');
    await textBecomes(page, 'alerts-count', '1 alert');
    expect(await page.getByTestId('alert-join-reason').textContent()).toMatch(/joined incident #\d+/);
    const { incidents } = await api<IncidentList>('/api/v1/incidents?status=all');
    const down = incidents.find((i) => i.title === 'Down i-1')!;
    await page.getByTestId('alert-incident-link').click();
    await page.waitForURL((url) => url.pathname === `/incidents/${down.id}`, { timeout: UI_TIMEOUT_MS });
    expect(pageErrors).toEqual([]);
  });

  it("links a policy to a service in the policy editor; the simulator pages it through the service's policy", async () => {
    const { page } = need();
    const created = await s.api('/api/v1/escalation-policies', {
      method: 'POST',
      body: JSON.stringify({ id: 'promo', team: 'storefront', steps: [{ targets: [{ user: SAM }] }] }),
    });
    expect(created.status).toBe(201);
    await page.goto('/oncall/policies/promo');
    await page.getByRole('button', { name: 'Edit policy' }).click();
    const editor = page.getByRole('form', { name: 'Escalation policy' });
    // Only the service, not the whole team.
    await page.getByTestId('policy-link-team').uncheck();
    await page.getByTestId('policy-link-services').click();
    await page.getByRole('option', { name: 'promotions-api', exact: true }).click();
    await page.keyboard.press('Escape');
    await editor.getByRole('button', { name: 'Save policy' }).click();
    await waitFor(
      'the service linked',
      async () =>
        (await api<ServiceList>('/api/v1/services')).services.find((x) => x.id === 'promotions-api')?.escalationPolicy
          ?.id === 'promo',
      UI_TIMEOUT_MS,
    );
    expect((await api<{ escalationPolicy: unknown }>('/api/v1/teams/storefront')).escalationPolicy).toBeNull();

    await page.goto('/oncall/simulate');
    await page.getByRole('form', { name: 'Simulate' }).getByLabel('Service').first().fill('promotions-api');
    await page.getByRole('button', { name: 'Simulate' }).click();
    const policy = page.getByTestId('simulation-policy');
    await appears(policy);
    expect(await policy.getAttribute('data-via')).toBe('service');
    expect(await policy.textContent()).toBe("the service's policy promo");
  });

  it('a viewer of one team without oncall:read sees names, not emails', async () => {
    const { browser } = need();
    const noisy = (await api<IncidentList>('/api/v1/incidents?status=all')).incidents.find(
      (i) => i.title === 'Noisy i-1',
    )!;
    const samToken = await token('sam laptop', 'responder', SAM);
    const ack = await fetch(`${s.url}/api/v1/incidents/${noisy.id}/acknowledge`, {
      method: 'POST',
      headers: { authorization: `Bearer ${samToken}` },
    });
    expect(ack.status).toBe(200);

    const u = await s.api('/api/v1/users', {
      method: 'POST',
      body: JSON.stringify({ email: VIV, name: 'Viv Vance', role: 'stakeholder' }),
    });
    expect(u.status).toBe(201);
    expect(
      (
        await s.api('/api/v1/teams/storefront/members', {
          method: 'POST',
          body: JSON.stringify({ email: VIV, role: 'viewer' }),
        })
      ).status,
    ).toBe(200);
    const vivToken = await token('viv laptop', 'stakeholder', VIV);
    expect((await fetch(`${s.url}/api/v1/users`, { headers: { authorization: `Bearer ${vivToken}` } })).status).toBe(
      403,
    );

    const context = await newConsoleContext(browser, s.url, s.rt.clock);
    try {
      const page = await context.newPage();
      await signInWithToken(page, vivToken, UI_TIMEOUT_MS);
      await page.goto(`/incidents/${noisy.id}`);
      await textBecomes(page, 'acknowledged-by', 'by Sam Stone');
    } finally {
      await context.close();
    }
  });
});
