/**
 * Joining a team takes the person's consent (docs/security.md "Who can change whom"), in a real Chromium
 * (America/New_York) against a real Faultline server: the manager of Storefront invites Vera in the console
 * (a manager has no "Add directly"); Vera is emailed a link, opens it, signs in, sees who invited her, as
 * which role and when it expires in her browser's zone, and accepts; she is then a member. The manager, on
 * Vera's page, sees that her contact methods are hers and admins' only.
 *
 * Time is fixed on both sides: the server runs on a fake clock and the browser on Playwright's clock, at the
 * same instant. It lies in the future (2099) because the browser checks the session cookie's expiry against
 * the machine's real clock. The invitation is sent on Friday 6 March 10:00 EST and expires a week later,
 * after the switch to daylight saving time: 13 March 11:00 EDT.
 *
 * The tests of this file run in order and share one server and one browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { stringify } from 'yaml';
import type { InvitationList, TeamView, TokenCreated, UserList } from '@faultline/contracts';
import { FakeClock } from '../apps/server/src/lib/clock.ts';
import { startTestServer, type TestServer } from '../test/support/server.ts';
import { recordingProvider, type RecordingProvider } from '../test/support/recording-provider.ts';
import { waitFor } from '../test/support/wait.ts';
import {
  BROWSER_LOCALE,
  BROWSER_TIME_ZONE,
  openConsoleBrowser,
  saveScreenshot,
  screenshotOnFailure,
  type ConsoleBrowser,
} from './support/browser.ts';

const UI_TIMEOUT_MS = 15_000;
const NOW = new Date('2099-03-06T15:00:00Z');
const MAX = 'max@example.com'; // manager of Storefront
const VERA = 'vera@example.com'; // responder of Payments

const config = stringify({
  version: 1,
  catalog: {
    businessLines: [
      {
        id: 'commerce',
        modules: [
          {
            id: 'shop',
            tier: 'core',
            volume: 'high',
            services: [
              { id: 'pay-api', team: 'payments' },
              { id: 'shop-api', team: 'storefront' },
            ],
          },
        ],
      },
    ],
  },
  teams: [
    { id: 'payments', name: 'Payments', members: [{ name: 'Vera Vance', email: VERA }], oncall: [VERA] },
    {
      id: 'storefront',
      name: 'Storefront',
      members: [{ name: 'Max Moss', email: MAX, role: 'manager' }],
      oncall: [MAX],
    },
  ],
});

/** `6 Mar 2099, 10:00:00 EST`: the console's absolute format, computed here with Intl on its own. */
function absoluteIn(iso: string, timeZone: string): string {
  const date = new Date(iso);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(date);
  const zone = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' })
    .formatToParts(date)
    .find((p) => p.type === 'timeZoneName')!.value;
  return `${parts} ${zone}`;
}

async function appears(locator: Locator): Promise<void> {
  await locator.first().waitFor({ timeout: UI_TIMEOUT_MS });
}

/** Signs in on /signin (where the console sent the page) with an API token, and waits to leave it. */
async function signIn(page: Page, token: string): Promise<void> {
  await page.waitForURL((url) => url.pathname === '/signin', { timeout: UI_TIMEOUT_MS });
  const tokenField = page.getByTestId('signin-token');
  await page.getByTestId('signin-submit').first().waitFor({ timeout: UI_TIMEOUT_MS });
  if (!(await tokenField.isVisible()))
    await page
      .getByText(/API token/)
      .first()
      .click();
  await tokenField.fill(token);
  await page.getByTestId('signin-submit').click();
  await page.waitForURL((url) => url.pathname !== '/signin', { timeout: UI_TIMEOUT_MS });
}

describe('a manager invites, and the person accepts in the console', () => {
  const clock = new FakeClock(NOW);
  let s: TestServer;
  let cb: ConsoleBrowser | undefined;
  let email: RecordingProvider;
  let setupError: unknown;
  const tokens: Record<string, string> = {};
  const contexts: Record<string, { context: BrowserContext; page: Page }> = {};
  let current: Page | undefined;

  /** A browser context of its own per person, in the browser's zone, on the fixed clock. */
  async function as(who: string): Promise<Page> {
    if (setupError) throw setupError;
    if (!contexts[who]) {
      const context =
        who === MAX
          ? cb!.context
          : await cb!.browser.newContext({ baseURL: s.url, timezoneId: BROWSER_TIME_ZONE, locale: BROWSER_LOCALE });
      await context.clock.setFixedTime(NOW);
      const page = who === MAX ? cb!.page : await context.newPage();
      contexts[who] = { context, page };
    }
    current = contexts[who].page;
    return current;
  }

  const storefront = async () =>
    ((await (await s.api('/api/v1/teams/storefront')).json()) as TeamView).members.map((m) => m.email);

  beforeAll(async () => {
    try {
      email = recordingProvider();
      s = await startTestServer({ clock, configYaml: config, providers: { email }, engineLoop: false });
      for (const who of [MAX, VERA]) {
        const t = await s.api('/api/v1/tokens', {
          method: 'POST',
          body: JSON.stringify({ name: `${who} laptop`, role: 'viewer', user: who }),
        });
        expect(t.status).toBe(201);
        tokens[who] = ((await t.json()) as TokenCreated).token;
      }
      cb = await openConsoleBrowser(s.url, clock);
    } catch (e) {
      setupError = e;
    }
  });

  afterAll(async () => {
    for (const [who, c] of Object.entries(contexts)) if (who !== MAX) await c.context.close();
    await cb?.close();
    await s?.dispose();
  });

  screenshotOnFailure(() => current);

  it('the manager invites Vera to Storefront: she is invited, not added', async () => {
    const page = await as(MAX);
    await page.goto('/people/teams');
    await signIn(page, tokens[MAX]!);
    const team = page.getByRole('region', { name: 'Storefront' });
    const form = team.getByRole('form', { name: 'Add member' });
    await appears(form);
    // Only an admin adds someone without asking.
    expect(await form.getByRole('button', { name: 'Add directly' }).count()).toBe(0);
    await form.getByLabel('Invite member').fill(VERA);
    await form.getByRole('button', { name: 'Invite' }).click();
    const row = team.locator(`[data-testid="invitation-row"][data-email="${VERA}"]`);
    await appears(row);
    // The inviter by name (it arrives with the people list: wait for it rather than read once).
    await waitFor(
      'the inviter named',
      async () => (await row.textContent())?.includes('responder · by Max Moss · expires in 7 days'),
      UI_TIMEOUT_MS,
    );
    expect(await storefront()).toEqual([MAX]);
    await cb!.screenshot('invitation-01-invited');
  });

  it('Vera follows the emailed link, signs in, reads the invitation in her zone and accepts', async () => {
    await s.engine!.drain();
    const mail = email.notices.find((n) => n.recipient === VERA);
    expect(mail?.message.subject).toBe(`${MAX} invited you to the team Storefront on Faultline`);
    const link = /https?:\/\/\S+\/people\/invitations/.exec(mail!.message.text)?.[0];
    expect(link).toBe(`${s.url}/people/invitations`);

    const page = await as(VERA);
    await page.goto(link!);
    await signIn(page, tokens[VERA]!);
    expect(new URL(page.url()).pathname).toBe('/people/invitations');
    const card = page.getByTestId('my-invitation');
    await appears(card);
    const { invitations } = (await (
      await fetch(`${s.url}/api/v1/invitations`, { headers: { authorization: `Bearer ${tokens[VERA]}` } })
    ).json()) as InvitationList;
    const inv = invitations[0]!;
    await waitFor(
      'the inviter named',
      async () => (await card.textContent())?.includes('Max Moss invited you to the team Storefront as responder'),
      UI_TIMEOUT_MS,
    );
    const text = (await card.textContent()) ?? '';
    // Sent before the switch to daylight saving time and expiring after it, both in the browser's zone.
    expect(absoluteIn(inv.createdAt, BROWSER_TIME_ZONE)).toBe('6 Mar 2099, 10:00:00 EST');
    expect(absoluteIn(inv.expiresAt, BROWSER_TIME_ZONE)).toBe('13 Mar 2099, 11:00:00 EDT');
    expect(text).toContain(`Invited ${absoluteIn(inv.createdAt, BROWSER_TIME_ZONE)}`);
    expect(await page.getByTestId('invitation-expires').textContent()).toBe(
      absoluteIn(inv.expiresAt, BROWSER_TIME_ZONE),
    );
    await saveScreenshot(page, 'invitation-02-to-accept');
    await page.getByRole('button', { name: 'Accept' }).click();
    await appears(page.getByRole('status').filter({ hasText: 'You are now a responder of Storefront.' }));
    await waitFor('Vera in Storefront', async () => (await storefront()).includes(VERA), UI_TIMEOUT_MS);
    // The list refetches after the answer: wait for the card to go rather than read it once.
    await waitFor(
      'the answered invitation leaves the list',
      async () => (await page.getByTestId('my-invitation').count()) === 0,
      UI_TIMEOUT_MS,
    );

    await page.goto('/people/teams');
    const member = page
      .getByRole('region', { name: 'Storefront' })
      .locator(`[data-testid="member-row"][data-email="${VERA}"]`);
    await appears(member);
  });

  it('the manager sees Vera on his team, but not her contact methods', async () => {
    const page = await as(MAX);
    await page.goto('/people/teams');
    const team = page.getByRole('region', { name: 'Storefront' });
    await appears(team.locator(`[data-testid="member-row"][data-email="${VERA}"]`));
    expect(await team.getByTestId('invitation-row').count()).toBe(0);
    const { users } = (await (await s.api('/api/v1/users')).json()) as UserList;
    await page.goto(`/people/users/${users.find((u) => u.email === VERA)!.id}`);
    await appears(page.getByTestId('contacts-private'));
    expect(await page.getByTestId('contacts-private').textContent()).toContain(
      'Only Vera Vance and admins see and change',
    );
    expect(await page.getByRole('button', { name: /Add/ }).count()).toBe(0);
    await cb!.screenshot('invitation-03-manager-view');
  });
});
