/**
 * On-call set up in the console alone (issue 12), in Chromium (America/New_York) on the server's clock: the
 * config file has a team and its service but no escalation policy for it.
 *
 * - An admin makes Dan in the console; Dan is emailed an invitation, sets his password from its link and signs
 *   in with it (before: a user made in the console could not set a password and was told nothing).
 * - The admin adds Dan to the file's team; makes a policy for the team whose
 *   step pages the team; saving links it to the team (before: "no team uses it", linkable only in the file),
 *   and an alert on the team's service pages Dan with the file's members (before: console-added members
 *   were never paged by the team's steps).
 * - People are shown by name, not email: the policy's steps, the schedule's legend and an override made in
 *   the console's form, whose time field takes a typed `18` as 18:00 (it became 10:08); an address in a timeline
 *   message and an audit row's actor are shown as the person's name (they were the email).
 * - The team card shows the linked policy and lets its managers change it; a policy the file names is
 *   read-only there, with a pointer to the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { stringify } from 'yaml';
import type { EscalationPolicyList, IncidentList, OverrideList, TeamView } from '@faultline/contracts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../test/support/server.ts';
import { recordingProvider, type RecordingProvider } from '../test/support/recording-provider.ts';
import { waitFor } from '../test/support/wait.ts';
import { TickingClock } from '../test/support/clock.ts';
import {
  BROWSER_TIME_ZONE,
  newConsoleContext,
  openConsoleBrowser,
  screenshotOnFailure,
  signInWithToken,
  type ConsoleBrowser,
} from './support/browser.ts';
import { pickDateTime } from './support/date-time-field.ts';

const UI_TIMEOUT_MS = 15_000;
const ANN = 'ann@example.com';
const BOB = 'bob@example.com';
const DAN = 'dan@example.com';
const INTAKE = '/api/v1/intake/alertmanager/setup-e2e';

function config(): string {
  return stringify({
    version: 1,
    catalog: {
      businessLines: [
        {
          id: 'commerce',
          modules: [{ id: 'shop', tier: 'core', volume: 'high', services: [{ id: 'shop-api', team: 'shop' }] }],
        },
      ],
    },
    teams: [
      {
        id: 'shop',
        name: 'Shop',
        members: [
          { name: 'Ann Archer', email: ANN },
          { name: 'Bob Baker', email: BOB },
        ],
        oncall: [ANN],
      },
      { id: 'web', name: 'Web', members: [{ name: 'Ann Archer', email: ANN }], escalationPolicy: 'web' },
    ],
    schedules: [
      {
        id: 'shop-days',
        name: 'Shop days',
        timeZone: 'America/New_York',
        layers: [{ id: 'all', participants: [ANN], shift: { every: 1, unit: 'weeks' }, start: '2020-01-06T09:00' }],
      },
    ],
    escalationPolicies: [{ id: 'web', name: 'Web escalation', steps: [{ targets: [{ user: ANN }] }] }],
    levels: {
      templates: false,
      rules: [{ id: 'critical', sequence: 'P', level: 2, alert: { matchers: ['severity="critical"'] } }],
    },
    integrations: [{ key: 'setup-e2e', source: 'alertmanager', routeByLabel: 'service' }],
  });
}

/** `YYYY-MM-DD` and `HH:mm` of an instant in the browser's zone, by Intl (not the console's code). */
const dateIn = (ms: number) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: BROWSER_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(ms);
const clockIn = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: BROWSER_TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(Date.parse(iso));

const appears = (locator: Locator) => locator.first().waitFor({ timeout: UI_TIMEOUT_MS });
/** Waits until `locator`'s text contains `text`: names come from the people list, fetched beside each page. */
const shows = (locator: Locator, text: string) =>
  waitFor(`"${text}" shown`, async () => (await locator.first().textContent())?.includes(text), UI_TIMEOUT_MS);

describe('on-call set up in the console: a linked policy pages the console-added member', () => {
  const clock = new TickingClock();
  let s: TestServer;
  let cb: ConsoleBrowser | undefined;
  let email: RecordingProvider;
  const need = (): ConsoleBrowser => {
    if (!cb) throw new Error('the browser did not start');
    return cb;
  };
  const api = async <T>(path: string, init?: RequestInit) => (await (await s.api(path, init)).json()) as T;

  beforeAll(async () => {
    email = recordingProvider();
    s = await startTestServer({ clock, providers: { email }, configYaml: config() });
    cb = await openConsoleBrowser(s.url, clock);
  });
  afterAll(async () => {
    await cb?.close();
    await s?.dispose();
  });
  screenshotOnFailure(() => cb?.page);

  it('makes Dan in the console; he sets his password from the emailed invitation and signs in', async () => {
    const { page } = need();
    await signInWithToken(page, ADMIN_TOKEN);
    await page.goto('/people/users');
    await page.getByRole('button', { name: 'New user' }).click();
    const form = page.getByRole('form', { name: 'New user' });
    await form.getByRole('textbox', { name: 'Email' }).fill(DAN);
    await form.getByLabel('Name').fill('Dan Dunn');
    expect(await form.getByTestId('new-user-invite').isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Create user' }).click();
    await page.waitForURL((url) => /^\/people\/users\/\d+$/.test(url.pathname), { timeout: UI_TIMEOUT_MS });

    await s.engine!.drain();
    const invitation = email.notices.find((n) => n.recipient === DAN);
    expect(invitation?.message.subject).toBe('admin made you a Faultline account');
    const link = /https?:\/\/\S+\/set-password\?token=[\w-]+/.exec(invitation!.message.text)![0];
    const context = await newConsoleContext(need().browser, s.url, clock);
    try {
      const his = await context.newPage();
      await his.goto(link);
      const setForm = his.getByRole('form', { name: 'Set your password' });
      await setForm.getByLabel('New password').fill('dan picks a long passphrase');
      await setForm.getByLabel('The same password again').fill('dan picks a long passphrase');
      await setForm.getByRole('button', { name: 'Set password' }).click();
      await appears(his.getByTestId('password-set'));
      await his.getByRole('link', { name: 'Sign in' }).click();
      await his.getByTestId('signin-email').fill(DAN);
      await his.getByTestId('signin-password').fill('dan picks a long passphrase');
      await his.getByTestId('signin-password-submit').click();
      await his.waitForURL((url) => url.pathname === '/incidents', { timeout: UI_TIMEOUT_MS });
      await appears(his.getByTestId('session-name'));
      await shows(his.getByTestId('session-name'), 'Dan Dunn');
    } finally {
      await context.close();
    }
  });

  it('adds Dan to the Shop team', async () => {
    const { page } = need();

    // Dan's email is verified by the link he used: no code needed, he is pageable by email at once.
    await page.goto('/people/teams');
    const shop = page.getByRole('region', { name: 'Shop' });
    const add = shop.getByRole('form', { name: 'Add member' });
    await add.getByLabel('Invite member').fill(DAN);
    await add.getByRole('button', { name: 'Add directly' }).click();
    await appears(shop.locator(`[data-testid="member-row"][data-email="${DAN}"]`));
    expect(await shop.getByTestId('team-policy').getAttribute('data-policy')).toBe('');
  });

  it('a policy made for Shop in the console is linked to it, and pages Dan with the file members', async () => {
    const { page } = need();
    await page.goto('/oncall/policies/new');
    const editor = page.getByRole('form', { name: 'Escalation policy' });
    await editor.getByLabel('Policy id').fill('shop-all');
    await editor.getByLabel('Policy name').fill('Shop, everyone');
    await editor.getByLabel('Team', { exact: true }).click();
    await page.getByRole('option', { name: 'shop', exact: true }).click();
    const link = page.getByTestId('policy-link-team');
    await appears(link);
    expect(await link.isChecked()).toBe(true); // Shop has no policy yet: linking is the default
    const target = editor.getByRole('group', { name: 'Step 1 target 1' });
    await target.getByLabel('Target kind').click();
    await page.getByRole('option', { name: 'Team', exact: true }).click();
    await target.getByLabel('Team', { exact: true }).fill('shop');
    await editor.getByRole('button', { name: 'Create policy' }).click();
    await page.waitForURL((url) => url.pathname === '/oncall/policies/shop-all', { timeout: UI_TIMEOUT_MS });

    const team = await api<TeamView>('/api/v1/teams/shop');
    expect(team.escalationPolicy).toEqual({ id: 'shop-all', source: 'api' });
    const { policies } = await api<EscalationPolicyList>('/api/v1/escalation-policies');
    expect(policies.find((p) => p.id === 'shop-all')?.teams).toEqual(['shop']);
    await page.goto('/oncall/policies');
    const row = page.getByTestId('policy-row').filter({ hasText: 'Shop, everyone' });
    await appears(row);
    expect(await row.textContent()).not.toContain('no team uses it');

    const alert = {
      version: '4',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'CartDown', service: 'shop-api', severity: 'critical' },
          annotations: { summary: 'Cart is down' },
          startsAt: clock.now().toISOString(),
        },
      ],
    };
    expect((await s.post(INTAKE, alert)).status).toBe(202);
    // Intake answers before convergence opens the incident: wait for it (read at once, it was missing under load).
    const incidents = await waitFor(
      'the CartDown incident',
      async () => {
        const list = (await api<IncidentList>('/api/v1/incidents?q=Cart')).incidents;
        return list.length > 0 ? list : null;
      },
      UI_TIMEOUT_MS,
    );
    await waitFor(
      'Dan paged',
      async () => email.sent.some((m) => m.recipient === DAN && m.message.incidentId === incidents[0]?.id),
      UI_TIMEOUT_MS,
    );
    const recipients = new Set(
      email.sent.filter((m) => m.message.incidentId === incidents[0]!.id).map((m) => m.recipient),
    );
    expect([...recipients].sort()).toEqual([ANN, BOB, DAN]);
  });

  it("shows people by name: the policy's steps, the schedule's legend and an override", async () => {
    const { page } = need();
    await page.goto('/oncall/policies');
    const web = page.getByTestId('policy-row').filter({ hasText: 'Web escalation' });
    await appears(web);
    await shows(web, 'at once: Ann Archer');
    expect(await web.textContent()).not.toContain(ANN);

    await page.goto('/oncall/schedules/shop-days');
    await appears(page.getByTestId('calendar-person'));
    expect(await page.getByTestId('calendar-person').allTextContents()).toContain('Ann Archer');

    // An override for tomorrow from 18 (typed as the hour alone) to 19:30, browser time.
    const tomorrow = dateIn(clock.now().getTime() + 86_400_000);
    await page.getByRole('button', { name: 'Create override' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Who is on call').fill(DAN);
    await pickDateTime(page, 'Starts', tomorrow, '18');
    await pickDateTime(page, 'Ends', tomorrow, '19:30');
    await dialog.getByRole('button', { name: 'Create override' }).click();
    await dialog.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    const { overrides } = await api<OverrideList>('/api/v1/schedules/shop-days/overrides');
    expect(overrides.map((o) => [dateIn(Date.parse(o.start)), clockIn(o.start), clockIn(o.end)])).toEqual([
      [tomorrow, '18:00', '19:30'],
    ]);
    const override = page.getByTestId('override-row').first();
    await appears(override);
    await shows(override, 'Dan Dunn');
    expect(await override.textContent()).not.toContain(DAN);
  });

  it("the team card: the linked policy can be changed; the file's is read-only with a pointer", async () => {
    const { page } = need();
    await page.goto('/people/teams');
    const shop = page.getByRole('region', { name: 'Shop' });
    await appears(shop.getByTestId('team-policy'));
    expect(await shop.getByTestId('team-policy').getAttribute('data-policy')).toBe('shop-all');
    const web = page.getByRole('region', { name: 'Web' });
    const fromFile = web.getByTestId('team-policy');
    expect(await fromFile.getAttribute('data-policy')).toBe('web');
    expect(await fromFile.textContent()).toContain('set in the config file');
    expect(await web.getByRole('textbox', { name: 'Escalation policy' }).count()).toBe(0);
  });
  it('Dan acknowledges in the console: the incident page names him, not his email', async () => {
    const { incidents } = await api<IncidentList>('/api/v1/incidents?q=Cart');
    const context = await newConsoleContext(need().browser, s.url, clock);
    try {
      const his = await context.newPage();
      await his.goto('/signin');
      await his.getByTestId('signin-email').fill(DAN);
      await his.getByTestId('signin-password').fill('dan picks a long passphrase');
      await his.getByTestId('signin-password-submit').click();
      await his.waitForURL((url) => url.pathname === '/incidents', { timeout: UI_TIMEOUT_MS });
      await his.goto(`/incidents/${incidents[0]!.id}`);
      await his.getByTestId('ack-button').click();
      await appears(his.getByTestId('acknowledged-by'));
      await shows(his.getByTestId('acknowledged-by'), 'by Dan Dunn');
      expect(await his.getByTestId('acknowledged-by').textContent()).toBe('by Dan Dunn');
      const entry = his.locator('[data-testid="timeline-entry"][data-kind="acknowledged"]');
      await appears(entry);
      await shows(entry, 'acknowledged by Dan Dunn via console');
      expect(await entry.textContent()).toContain('· Dan Dunn');
      // The stored message names him by address ("acknowledged by dan@… via console"); the console by name.
      expect(await entry.textContent()).toContain('acknowledged by Dan Dunn via console');
      expect(await entry.textContent()).not.toContain(DAN);
    } finally {
      await context.close();
    }
    // The audit log names the person who set a password by name, the address on hover.
    const { page } = need();
    await page.goto('/people/audit');
    const setPassword = page.locator('[data-testid="audit-row"][data-action="user.password-set"]');
    await appears(setPassword);
    await shows(setPassword.first().getByTestId('audit-actor'), 'Dan Dunn');
    expect(await setPassword.first().getByTestId('audit-actor').textContent()).toBe('Dan Dunn');
    expect(await setPassword.first().getByTestId('audit-actor').getAttribute('title')).toBe(DAN);
  });
});
