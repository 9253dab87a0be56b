/**
 * The response room in the web console, in a real Chromium against a real Faultline server: a person
 * declares a P1 from the console, checks in to its response group (and a colleague invited to it checks in
 * from the link in the email the room sends), takes a role by accepting a hand-over
 * (requested by a colleague through the API), publishes a status update to the public with a component's
 * status, sees it on `/status` signed out (in the viewer's zone, nothing internal), records a key time with a
 * tagged note, and the room and the status page stay usable at a phone's width (390 px, no sideways scroll).
 * Then a fault drill: run from the console, marked DRILL in the room and the list, checked in to, resolved, and
 * its report read in the console and received by email.
 *
 * The tests run in order and share one server, one browser page and the declared incident.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { ResponseRoom } from '@faultline/contracts';
import { startTestServer, type TestServer } from '../test/support/server.ts';
import { recordingProvider } from '../test/support/recording-provider.ts';
import { waitFor } from '../test/support/wait.ts';
import { ensureUser } from '../test/support/acting-fixtures.ts';
import {
  BROWSER_TIME_ZONE,
  newConsoleContext,
  openConsoleBrowser,
  saveScreenshot,
  screenshotOnFailure,
  type ConsoleBrowser,
} from './support/browser.ts';

const UI_TIMEOUT_MS = 15_000;
const COLLEAGUE = 'ana@example.com';
/** Who signs in to the console: a person's token (the room knows people by email). */
const ME = 'lee@example.com';

/** Waits until `locator`'s attribute `name` equals `expected`; the error names the last value seen. */
async function attributeBecomes(locator: Locator, name: string, expected: string): Promise<void> {
  let last: string | null = null;
  await waitFor(
    `${name}="${expected}"`,
    async () => {
      last = await locator.getAttribute(name, { timeout: 500 }).catch(() => null);
      return last === expected;
    },
    UI_TIMEOUT_MS,
  ).catch((e: Error) => {
    throw new Error(`${e.message} on ${String(locator)}; last seen: ${last === null ? 'nothing' : `"${last}"`}`);
  });
}

describe('web console: the response room', () => {
  let s: TestServer;
  let cb: ConsoleBrowser | undefined;
  let setupError: unknown;
  let colleagueToken = '';
  let myToken = '';
  let incidentId: number | undefined;
  const pageErrors: string[] = [];
  const mail = recordingProvider();
  let before = 0;
  const requireSetup = (): ConsoleBrowser => {
    if (setupError) throw setupError;
    if (!cb) throw new Error('the browser did not start');
    return cb;
  };
  const requireIncident = (): number => {
    if (incidentId === undefined) throw new Error('no incident: the declare test did not open one');
    return incidentId;
  };
  const room = async (id: number): Promise<ResponseRoom> =>
    (await (await s.api(`/api/v1/incidents/${id}/room`)).json()) as ResponseRoom;
  const asColleague = (path: string, body: unknown) =>
    fetch(`${s.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${colleagueToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    try {
      s = await startTestServer({ providers: { email: mail } });
      const res = await s.api('/api/v1/tokens', {
        method: 'POST',
        body: JSON.stringify({ name: COLLEAGUE, role: 'responder' }),
      });
      colleagueToken = ((await res.json()) as { token: string }).token;
      const mine = await s.api('/api/v1/tokens', { method: 'POST', body: JSON.stringify({ name: ME, role: 'admin' }) });
      myToken = ((await mine.json()) as { token: string }).token;
      cb = await openConsoleBrowser(s.url, s.rt.clock);
      cb.page.on('pageerror', (error) => pageErrors.push(error.message));
    } catch (e) {
      setupError = e;
    }
  });
  afterAll(async () => {
    await cb?.close();
    await s?.dispose();
  });
  screenshotOnFailure(() => cb?.page);
  beforeEach(() => {
    before = pageErrors.length;
  });

  const signIn = async (page: Page): Promise<void> => {
    await page.goto('/');
    await page.waitForURL((url) => url.pathname === '/signin', { timeout: UI_TIMEOUT_MS });
    await page.getByTestId('signin-token').fill(myToken);
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('session-name').waitFor({ timeout: UI_TIMEOUT_MS });
  };

  it('declares a P1 from the console and lands in its room with the 1-5-10 clock running', async () => {
    const { page, screenshot } = requireSetup();
    await signIn(page);
    await page.getByRole('link', { name: 'Declare incident' }).click();
    await page.waitForURL((url) => url.pathname === '/incidents/declare', { timeout: UI_TIMEOUT_MS });
    await page.getByLabel('Title').fill('Customers cannot pay by card');
    await page.getByLabel('Service').selectOption('checkout-api');
    await page.getByLabel('Level').selectOption('1');
    await page.getByLabel('Source').selectOption('customer');
    await page.getByLabel('Reporter').fill('Shop 42 hotline');
    await page.getByLabel('Description').fill('Card payments fail at the last step.');
    await page.getByRole('button', { name: 'Declare incident' }).click();
    await page.waitForURL((url) => /^\/incidents\/\d+$/.test(url.pathname), { timeout: UI_TIMEOUT_MS });
    incidentId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByTestId('clock-card').waitFor({ timeout: UI_TIMEOUT_MS });
    await attributeBecomes(page.getByTestId('clock-locate'), 'data-state', 'running');
    expect(await page.getByTestId('declaration').textContent()).toContain('Shop 42 hotline');
    const r = await room(incidentId);
    expect(r.declaration?.source).toBe('customer');
    expect(r.policy.requiredRoles).toEqual(['coordinator', 'responder', 'investigator', 'communicator']);
    await screenshot('response-room-declared');
    expect(pageErrors.slice(before)).toEqual([]);
  });

  it('checks in to the response group', async () => {
    const { page } = requireSetup();
    const id = requireIncident();
    await page.getByRole('button', { name: 'Check in' }).click();
    await attributeBecomes(
      page.locator(`[data-testid="group-members"] tr[data-person="${ME}"]`),
      'data-state',
      'joined',
    );
    expect((await room(id)).group.find((m) => m.person === ME)?.state).toBe('joined');
  });

  it('a colleague invited to the group checks in from the link in the email the room sends', async () => {
    const { browser } = requireSetup();
    const id = requireIncident();
    const SAM = 'sam@example.com';
    await ensureUser(s, { name: 'Sam', email: SAM }, { team: 'payments', teamRole: 'responder' });
    const invited = await s.api(`/api/v1/incidents/${id}/group/invite`, {
      method: 'POST',
      body: JSON.stringify({ person: SAM }),
    });
    expect(invited.status).toBe(200);
    let link = '';
    await waitFor(
      'the check-in email',
      async () => {
        const m = mail.notices.find(
          (n) => n.recipient === SAM && n.message.subject.includes('join the response group'),
        );
        link = m ? /https?:\/\/\S+\/check-in\/\S+/.exec(m.message.text)![0] : '';
        return link !== '';
      },
      UI_TIMEOUT_MS,
    );
    // Opened from the email, in a browser with no session.
    const context = await newConsoleContext(browser, s.url, s.rt.clock);
    try {
      const page = await context.newPage();
      await page.goto(link.replace(/^https?:\/\/[^/]+/, s.url));
      await page.getByRole('button', { name: 'Join' }).click();
      await page
        .getByRole('heading', { name: 'Joined' })
        .waitFor({ timeout: UI_TIMEOUT_MS })
        .catch(async (e: Error) => {
          throw new Error(`${e.message}; the page says: ${await page.locator('body').textContent()}`);
        });
    } finally {
      await context.close();
    }
    expect((await room(id)).group.find((m) => m.person === SAM)?.state).toBe('joined');
  });

  it('takes the responder role by accepting a hand-over a colleague requested', async () => {
    const { page } = requireSetup();
    const id = requireIncident();
    expect((await asColleague(`/api/v1/incidents/${id}/roles`, { action: 'claim', role: 'responder' })).status).toBe(
      200,
    );
    const asked = await asColleague(`/api/v1/incidents/${id}/roles`, { action: 'request', role: 'responder', to: ME });
    expect(asked.status).toBe(200);
    const slot = page.getByTestId('role-responder');
    await page.reload();
    await slot.getByRole('button', { name: 'Accept hand-over' }).click();
    await attributeBecomes(slot, 'data-holder', ME);
    const r = await room(id);
    expect(r.roleHistory.filter((t) => t.role === 'responder').map((t) => [t.holder, t.via])).toEqual([
      [COLLEAGUE, 'claim'],
      [ME, 'handover'],
    ]);
    expect(pageErrors.slice(before)).toEqual([]);
  });

  it('publishes a status update and records a key time with a tagged note', async () => {
    const { page } = requireSetup();
    const id = requireIncident();
    await page
      .getByRole('textbox', { name: 'Impact', exact: true })
      .fill('Card payments fail for about a third of customers');
    await page.getByRole('textbox', { name: 'Actions', exact: true }).fill('Rolling back the card router');
    await page.getByLabel('Public status page').check();
    await page.getByRole('textbox', { name: 'Public title' }).fill('Card payments failing');
    await page.getByLabel('Checkout (this service)').selectOption('major-outage');
    await page.getByRole('button', { name: 'Publish update' }).click();
    await page
      .getByTestId('updates')
      .getByText('Card payments fail for about a third of customers')
      .waitFor({ timeout: UI_TIMEOUT_MS });
    const r = await room(id);
    expect(r.updates.at(-1)?.audiences).toEqual(['group', 'internal', 'public']);
    expect(r.statusPage.publicIncident).toMatchObject({
      title: 'Card payments failing',
      components: { checkout: 'major-outage' },
    });
    await page.getByTestId('status-page-line').getByText('Card payments failing').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByRole('textbox', { name: 'Timeline note', exact: true }).fill('Bad router config found');
    await page.getByLabel('Marks a key time (now)').selectOption('cause_located_at');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await waitFor(
      'cause located recorded',
      async () => (await room(id)).keyTimes.find((k) => k.code === 'cause_located_at')?.at !== null,
      UI_TIMEOUT_MS,
    );
    await attributeBecomes(page.getByTestId('clock-locate'), 'data-state', 'met');
    expect(pageErrors.slice(before)).toEqual([]);
  });

  it('shows the update on /status to someone signed out, in their zone, with nothing internal', async () => {
    const { browser } = requireSetup();
    requireIncident();
    // A fresh context: no session cookie.
    const context = await newConsoleContext(browser, s.url, s.rt.clock);
    try {
      const page = await context.newPage();
      await page.goto('/status');
      expect(new URL(page.url()).pathname).toBe('/status');
      await page.getByTestId('headline').getByText('Major outage').waitFor({ timeout: UI_TIMEOUT_MS });
      const incident = page.getByTestId('public-incident');
      await incident.getByText('Card payments failing').waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await incident.textContent()).toContain('Card payments fail for about a third of customers');
      expect(await page.getByTestId('component-checkout').getByTestId('component-status').textContent()).toBe(
        'Major outage',
      );
      // The bars' days are the viewer's: the page says which zone, and today's bar is today there.
      expect(await page.getByText(`Days in ${BROWSER_TIME_ZONE}.`).count()).toBe(1);
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: BROWSER_TIME_ZONE }).format(s.rt.clock.now());
      const bars = page.getByTestId('component-checkout').getByRole('listitem');
      expect(await bars.last().getAttribute('data-date')).toBe(today);
      expect(await bars.last().getAttribute('data-worst')).toBe('major-outage');
      const text = (await page.locator('body').textContent()) ?? '';
      for (const internal of ['Rolling back the card router', 'Customers cannot pay by card', 'checkout-api', ME])
        expect(text).not.toContain(internal);
      // Subscribing asks for a confirmation by email first (double opt-in).
      await page.getByRole('textbox', { name: 'Email' }).fill('fan@example.com');
      await page.getByRole('button', { name: 'Subscribe' }).click();
      await page.getByTestId('subscribe-done').getByText('Check your inbox').waitFor({ timeout: UI_TIMEOUT_MS });
      await page.setViewportSize({ width: 390, height: 844 });
      await saveScreenshot(page, 'status-page-390');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await context.close();
    }
  });

  it('fits a phone: 390 px wide without sideways scrolling', async () => {
    const { page, screenshot } = requireSetup();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByTestId('clock-card').waitFor({ timeout: UI_TIMEOUT_MS });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    await screenshot('response-room-390');
    expect(width).toBeLessThanOrEqual(390);
  });

  it('runs a drill from the console: DRILL marks, check in, end it, its report on screen and by email', async () => {
    const { page, screenshot } = requireSetup();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/incidents');
    await page.getByRole('link', { name: 'Run drill' }).click();
    await page.waitForURL((url) => url.pathname === '/drills', { timeout: UI_TIMEOUT_MS });
    await page.getByLabel('Scenario').fill('Card payments fail (rehearsal)');
    await page.getByLabel('Service').selectOption('checkout-api');
    await page.getByLabel('Level').selectOption('1');
    await page.getByLabel('Participants').fill(ME);
    await page.getByRole('button', { name: 'Run drill' }).click();
    await page.waitForURL((url) => /^\/incidents\/\d+$/.test(url.pathname), { timeout: UI_TIMEOUT_MS });
    const drillId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByTestId('drill-banner').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByRole('button', { name: 'Check in' }).click();
    await attributeBecomes(
      page.locator(`[data-testid="group-members"] tr[data-person="${ME}"]`),
      'data-state',
      'joined',
    );
    await page.goto('/incidents');
    await page.locator(`tr:has(a[href="/incidents/${drillId}"]) [data-testid="drill-badge"]`).waitFor({
      timeout: UI_TIMEOUT_MS,
    });
    await page.goto(`/incidents/${drillId}`);
    await page.getByTestId('resolve-button').click();
    await page.getByTestId('resolve-confirm').click();
    await page.getByRole('link', { name: 'Drill report' }).click();
    await page.waitForURL((url) => url.pathname === `/drills/${drillId}`, { timeout: UI_TIMEOUT_MS });
    await page.getByTestId('drill-stages').locator('tr[data-stage="recover"]').getByText('met').waitFor({
      timeout: UI_TIMEOUT_MS,
    });
    await screenshot('drill-report');
    await waitFor(
      'the drill report email',
      async () =>
        mail.notices.some(
          (n) =>
            n.recipient === ME &&
            n.message.subject === `[DRILL] [Faultline] #${drillId} P1: drill report — Card payments fail (rehearsal)`,
        ),
      UI_TIMEOUT_MS,
    );
    expect(pageErrors.slice(before)).toEqual([]);
  });
});
