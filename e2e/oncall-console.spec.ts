/**
 * The on-call console in a real Chromium (America/New_York) against a real Faultline server: an admin opens
 * a schedule kept in Asia/Tokyo and sees who is on call in which of the browser's hours, creates an override
 * and sees it in the calendar, adds a contact method and verifies it with the code the server sent, runs the
 * simulator, opens an incident's delivery log and presses "Escalate".
 *
 * The server and the browser run on one clock from the test instant (test/support/clock.ts), never the
 * machine's date: by default a Saturday evening whose tomorrow is a Sunday in another month with a 25-hour
 * day in New York, and whose day after is in the next week.
 *
 * The tests of this file run in order and share one server and one browser page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { stringify } from 'yaml';
import type { IncidentList, OverrideList, TeamList, TokenCreated, UserList } from '@faultline/contracts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../test/support/server.ts';
import { recordingProvider, type RecordingProvider } from '../test/support/recording-provider.ts';
import { waitFor } from '../test/support/wait.ts';
import { TickingClock } from '../test/support/clock.ts';
import {
  BROWSER_TIME_ZONE,
  newConsoleContext,
  openConsoleBrowser,
  screenshotOnFailure,
  type ConsoleBrowser,
  signInWithToken,
} from './support/browser.ts';
import { pickDateTime } from './support/date-time-field.ts';

const UI_TIMEOUT_MS = 15_000;
const ANN = 'ann@example.com'; // days: 09:00–17:00 Tokyo
const BOB = 'bob@example.com'; // the rest of the time
const CAT = 'cat@example.com'; // step 2, and the override
const ANN_PAGER = 'ann.pager@example.com';
const DAN = 'dan@example.com'; // made in the console
const INTAKE = '/api/v1/intake/alertmanager/oncall-e2e';
const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of `ms` in `timeZone`, by Intl (independent of the console's date code). */
function dateIn(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

/** `HH:mm` of `ms` in `timeZone`. */
function clockIn(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    ms,
  );
}

/** `date` plus `n` days (plain calendar arithmetic). */
function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday on or before `date`. */
function mondayOf(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

/**
 * Two layers in Asia/Tokyo (UTC+9 all year): Bob all the time, Ann on top from 09:00 to 17:00 Tokyo time —
 * 00:00–08:00 UTC, so 19:00–03:00 (EST) or 20:00–04:00 (EDT) in the browser. Both start two weeks before
 * `now`.
 */
function config(now: Date): string {
  const start = `${addDays(dateIn(now.getTime(), 'Asia/Tokyo'), -14)}T09:00`;
  return stringify({
    version: 1,
    catalog: {
      businessLines: [
        {
          id: 'commerce',
          modules: [{ id: 'payments', tier: 'core', volume: 'high', services: [{ id: 'pay-api', team: 'payments' }] }],
        },
      ],
    },
    teams: [
      {
        id: 'payments',
        name: 'Payments',
        members: [
          { name: 'Ann Archer', email: ANN },
          { name: 'Bob Baker', email: BOB },
          { name: 'Cat Cole', email: CAT },
        ],
        escalationPolicy: 'payments',
      },
    ],
    schedules: [
      {
        id: 'primary',
        name: 'Payments primary',
        timeZone: 'Asia/Tokyo',
        layers: [
          { id: 'around-the-clock', participants: [BOB], shift: { every: 1, unit: 'weeks' }, start },
          {
            id: 'tokyo-days',
            participants: [ANN],
            shift: { every: 1, unit: 'weeks' },
            start,
            restrictions: [{ kind: 'daily', from: '09:00', to: '17:00' }],
          },
        ],
      },
    ],
    escalationPolicies: [
      {
        id: 'payments',
        name: 'Payments escalation',
        steps: [{ targets: [{ schedule: 'primary' }] }, { delayMinutes: 30, targets: [{ user: CAT }] }],
      },
    ],
    levels: {
      templates: false,
      rules: [{ id: 'critical', sequence: 'P', level: 2, alert: { matchers: ['severity="critical"'] } }],
    },
    integrations: [{ key: 'oncall-e2e', source: 'alertmanager', routeByLabel: 'service' }],
  });
}

/** Waits until `locator` matches at least one element; the error names the locator. */
async function appears(locator: Locator, timeoutMs = UI_TIMEOUT_MS): Promise<void> {
  await locator.first().waitFor({ timeout: timeoutMs });
}

/** Waits until `locator`'s attribute `name` equals `expected`. */
async function attributeBecomes(locator: Locator, name: string, expected: string): Promise<void> {
  let last: string | null = null;
  await waitFor(
    `${name}="${expected}" on ${String(locator)}`,
    async () => (last = await locator.getAttribute(name, { timeout: 500 }).catch(() => null)) === expected,
    UI_TIMEOUT_MS,
  ).catch((e: Error) => {
    throw new Error(`${e.message}; last seen: ${String(last)}`);
  });
}

/** A calendar block: who, on which date (browser zone) and from–to which local hours. */
const block = (page: Page, user: string, date: string, from: string, to: string): Locator =>
  page.locator(
    `[data-testid="calendar-shift"][data-user="${user}"][data-date="${date}"][data-from="${from}"][data-to="${to}"]`,
  );

describe('on-call console: schedule calendar, overrides, contact methods, simulator, delivery log', () => {
  let s: TestServer;
  let cb: ConsoleBrowser | undefined;
  let email: RecordingProvider;
  let setupError: unknown;
  const requireSetup = (): ConsoleBrowser => {
    if (setupError) throw setupError;
    if (!cb) throw new Error('the browser did not start');
    return cb;
  };
  // The server's and the browser's clock; the tests take a few minutes, far from the instant's midnight.
  const clock = new TickingClock();
  const today = dateIn(clock.now().getTime(), BROWSER_TIME_ZONE);

  beforeAll(async () => {
    try {
      email = recordingProvider();
      s = await startTestServer({ clock, providers: { email }, configYaml: config(clock.now()) });
      cb = await openConsoleBrowser(s.url, clock);
    } catch (e) {
      setupError = e;
    }
  });

  afterAll(async () => {
    await cb?.close();
    await s?.dispose();
  });

  screenshotOnFailure(() => cb?.page);

  it("opens the schedule's week: Ann and Bob in the right hours of the browser's zone, not Tokyo's or UTC's", async () => {
    const { page, screenshot } = requireSetup();
    await signInWithToken(page, ADMIN_TOKEN, UI_TIMEOUT_MS);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'On-call' }).click();
    await page.getByRole('navigation', { name: 'On-call' }).getByRole('link', { name: 'Schedules' }).click();
    await page.getByRole('link', { name: 'Payments primary' }).click();
    await page.waitForURL((url) => url.pathname === '/oncall/schedules/primary', { timeout: UI_TIMEOUT_MS });
    await appears(page.getByTestId('calendar-day'));
    expect(await page.getByTestId('config-badge').count()).toBe(1);

    // On today's date in New York: Ann from midnight until 08:00 UTC, Bob until 00:00 UTC of the next
    // UTC date, Ann again until midnight. The expected hours come from Intl, not from the console's code.
    const annEnds = Date.parse(`${today}T08:00:00Z`);
    const annStarts = Date.parse(`${addDays(today, 1)}T00:00:00Z`);
    expect(dateIn(annStarts, BROWSER_TIME_ZONE)).toBe(today); // the premise: 19:00 or 20:00 the same day
    const morningEnd = clockIn(annEnds, BROWSER_TIME_ZONE);
    const eveningStart = clockIn(annStarts, BROWSER_TIME_ZONE);
    expect(['03:00', '04:00']).toContain(morningEnd);

    await appears(block(page, ANN, today, '00:00', morningEnd));
    await appears(block(page, BOB, today, morningEnd, eveningStart));
    await appears(block(page, ANN, today, eveningStart, '24:00'));
    expect(
      await page.locator(`[data-testid="calendar-day"][data-date="${today}"] [data-testid="calendar-shift"]`).count(),
    ).toBe(3);
    expect(await page.getByText(`Times in ${BROWSER_TIME_ZONE}`).count()).toBe(1);
    await screenshot('oncall-01-week');

    // The schedule's own zone: the same week's days in Tokyo, where Ann's day shift reads 09:00–17:00 — on
    // today's New York date, which is in the week shown (Tokyo's today may already be next week's Monday).
    await page.locator('label', { hasText: 'Schedule zone' }).click();
    await appears(block(page, ANN, today, '09:00', '17:00'));
    await page.locator('label', { hasText: 'My zone' }).click();

    // The month view lists the same hours.
    await page.locator('label', { hasText: /^Month$/ }).click();
    await appears(block(page, ANN, today, eveningStart, '24:00'));
    await screenshot('oncall-02-month');
    await page.locator('label', { hasText: /^Week$/ }).click();
  });

  it('creates an override for tomorrow 10:00–12:00 (browser time) and sees Cat there in the calendar', async () => {
    const { page, screenshot } = requireSetup();
    const tomorrow = addDays(today, 1);
    await page.getByRole('button', { name: 'Create override' }).click();
    const form = page.getByRole('dialog');
    await form.getByLabel('Who is on call').fill(CAT);
    await pickDateTime(page, 'Starts', tomorrow, '10'); // an hour alone is that full hour (a typed 18 once became 10:08)
    await pickDateTime(page, 'Ends', tomorrow, '12:00');
    await screenshot('oncall-03-override-form');
    await form.getByRole('button', { name: 'Create override' }).click();
    await form.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });

    // Stored with the right instants: 10:00 and 12:00 New York time.
    const stored = (await (await s.api('/api/v1/schedules/primary/overrides')).json()) as OverrideList;
    expect(stored.overrides).toHaveLength(1);
    const [o] = stored.overrides;
    expect(o).toMatchObject({ user: CAT, replaces: null });
    expect([dateIn(Date.parse(o!.start), BROWSER_TIME_ZONE), clockIn(Date.parse(o!.start), BROWSER_TIME_ZONE)]).toEqual(
      [tomorrow, '10:00'],
    );
    expect(clockIn(Date.parse(o!.end), BROWSER_TIME_ZONE)).toBe('12:00');

    if (mondayOf(tomorrow) !== mondayOf(today)) await page.getByRole('button', { name: 'Next week' }).click();
    const cat = block(page, CAT, tomorrow, '10:00', '12:00');
    await appears(cat);
    expect(await cat.getAttribute('data-override')).toBe('true');
    // Bob's time that day is cut around it.
    await appears(
      page.locator(`[data-testid="calendar-shift"][data-user="${BOB}"][data-date="${tomorrow}"][data-to="10:00"]`),
    );
    await appears(
      page.locator(`[data-testid="calendar-shift"][data-user="${BOB}"][data-date="${tomorrow}"][data-from="12:00"]`),
    );
    expect(await page.getByTestId('override-row').count()).toBe(1);
    await screenshot('oncall-04-override-in-calendar');
  });

  it("swaps shifts: Bob takes part of Ann's evening and Ann part of Bob's day, both shown as overrides", async () => {
    const { page, screenshot } = requireSetup();
    const day = addDays(today, 2);
    await page.getByRole('button', { name: 'Create override' }).click();
    const form = page.getByRole('dialog');
    await form.locator('label', { hasText: /^Swap$/ }).click();
    await form.getByRole('combobox', { name: 'First person' }).fill(BOB);
    await form.getByRole('combobox', { name: 'Second person' }).fill(ANN);
    // Inside Ann's evening (19:00 or 20:00 to midnight) and Bob's day in either EST or EDT.
    await pickDateTime(page, "Second person's shift starts", day, '20:00');
    await pickDateTime(page, "Second person's shift ends", day, '23:00');
    await pickDateTime(page, "First person's shift starts", day, '08:00');
    await pickDateTime(page, "First person's shift ends", day, '10:00');
    await form.getByRole('button', { name: 'Swap shifts' }).click();
    await form.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });

    const stored = (await (await s.api('/api/v1/schedules/primary/overrides')).json()) as OverrideList;
    const swap = stored.overrides.filter((o) => o.replaces !== null);
    expect(swap.map((o) => [o.user, o.replaces, clockIn(Date.parse(o.start), BROWSER_TIME_ZONE)]).sort()).toEqual([
      [ANN, BOB, '08:00'],
      [BOB, ANN, '20:00'],
    ]);

    if (mondayOf(day) !== mondayOf(today)) {
      const visibleMonday = (await page.getByTestId('calendar-day').first().getAttribute('data-date'))!;
      if (mondayOf(day) !== visibleMonday) await page.getByRole('button', { name: 'Next week' }).click();
    }
    const bobCovers = block(page, BOB, day, '20:00', '23:00');
    const annCovers = block(page, ANN, day, '08:00', '10:00');
    await appears(bobCovers);
    await appears(annCovers);
    expect(await bobCovers.getAttribute('data-override')).toBe('true');
    expect(await annCovers.getAttribute('data-override')).toBe('true');
    await appears(block(page, ANN, day, '23:00', '24:00'));
    expect(await page.getByTestId('override-row').count()).toBe(3);
    await screenshot('oncall-04a-swap');
  });

  it("creates a stored schedule: the server's error shows on the field, the fixed one renders in the calendar", async () => {
    const { page, screenshot } = requireSetup();
    await page.getByRole('navigation', { name: 'On-call' }).getByRole('link', { name: 'Schedules' }).click();
    await page.getByRole('link', { name: 'New schedule' }).click();
    await page.getByRole('textbox', { name: 'Schedule id' }).fill('weekdays');
    await page.getByRole('textbox', { name: 'Schedule name' }).fill('Weekdays');
    const participants = page.getByLabel('Participants, in rotation order').first();
    await participants.fill('not-an-email');
    await participants.press('Enter');
    await page.getByRole('button', { name: 'Create schedule' }).click();
    await attributeBecomes(participants, 'aria-invalid', 'true');
    expect(await page.getByRole('alert').textContent()).toContain('Fix the fields marked in red');
    await screenshot('oncall-04b-schedule-field-error');

    await participants.press('Backspace');
    await participants.fill(ANN);
    await participants.press('Enter');
    await page.getByRole('button', { name: 'Create schedule' }).click();
    await page.waitForURL((url) => url.pathname === '/oncall/schedules/weekdays', { timeout: UI_TIMEOUT_MS });
    // The new layer's first hand-off is this week's Monday at 09:00 in the schedule's zone (the browser's), so
    // someone is on call now (issue 12: it was next Monday, leaving the current week a gap): Ann covers today
    // in the week shown first, without paging forward.
    const firstShift = page.locator(`[data-testid="calendar-shift"][data-user="${ANN}"][data-from="09:00"]`);
    await appears(firstShift);
    const monday = await firstShift.first().getAttribute('data-date');
    expect(new Date(`${monday!}T00:00:00Z`).getUTCDay()).toBe(1);
    expect(monday).toBe(mondayOf(today));
    await appears(page.locator(`[data-testid="calendar-shift"][data-user="${ANN}"][data-date="${today}"]`).first());
    expect(await page.getByText('editable').count()).toBeGreaterThan(0);
  });

  it('creates a user, adds them directly to a team with a role, changes nothing in the config members, and removes them', async () => {
    const { page, screenshot } = requireSetup();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await page.getByRole('navigation', { name: 'People' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Email' }).fill(DAN);
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Dan Dale');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await appears(page.getByTestId('profile-name').filter({ hasText: 'Dan Dale' }));

    await page.getByRole('navigation', { name: 'People' }).getByRole('link', { name: 'Teams' }).click();
    const team = page.getByRole('region', { name: 'Payments' });
    const add = team.getByRole('form', { name: 'Add member' });
    // An admin may add someone at once; a manager only invites (team-invitation.spec.ts).
    await add.getByLabel('Invite member').fill(DAN);
    await add.getByRole('button', { name: 'Add directly' }).click();
    const dan = team.locator(`[data-testid="member-row"][data-email="${DAN}"]`);
    await appears(dan);
    const role = dan.getByRole('combobox', { name: `Role of ${DAN}` });
    expect(await role.inputValue()).toBe('responder');
    await role.click();
    await page.getByRole('option', { name: 'manager' }).click();
    // Config members are changed in the config file: no remove button for them.
    expect(await team.getByRole('button', { name: `Remove ${ANN} from the team` }).count()).toBe(0);
    await screenshot('oncall-05a-team-member');

    const members = async () =>
      ((await (await s.api('/api/v1/teams')).json()) as TeamList).teams.find((t) => t.id === 'payments')!.members;
    await waitFor(
      'Dan to be a manager of payments',
      async () => (await members()).find((m) => m.email === DAN)?.role === 'manager',
      UI_TIMEOUT_MS,
    );
    await team.getByRole('button', { name: `Remove ${DAN} from the team` }).click();
    await dan.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    expect((await members()).map((m) => m.email)).not.toContain(DAN);

    // The audit log has each change, with the record before and after.
    await page.getByRole('navigation', { name: 'People' }).getByRole('link', { name: 'Audit log' }).click();
    const rows = page.getByTestId('audit-row');
    await appears(rows);
    const actions = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-action')));
    expect(actions).toEqual(expect.arrayContaining(['team-member.add', 'team-member.update', 'team-member.remove']));
    const added = page.locator('[data-testid="audit-row"][data-action="team-member.add"]');
    expect(await added.first().textContent()).toContain('team:payments');
  });

  it("adds a contact method to Ann's profile and verifies it with the code the server sent", async () => {
    const { page, screenshot } = requireSetup();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await page.getByRole('navigation', { name: 'People' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('link', { name: 'Ann Archer' }).click();
    await page.getByTestId('profile-name').waitFor({ timeout: UI_TIMEOUT_MS });

    const add = page.getByRole('form', { name: 'Add contact method' });
    await add.getByRole('textbox', { name: 'Email address' }).fill(ANN_PAGER);
    await add.getByRole('button', { name: 'Add' }).click();
    const row = page.locator(`[data-testid="contact-method-row"][data-address="${ANN_PAGER}"]`);
    await appears(row);
    expect(await row.getAttribute('data-verified')).toBe('false');

    await row.getByRole('button', { name: `Send a code to ${ANN_PAGER}` }).click();
    let code = '';
    await waitFor(
      'the verification email',
      async () => {
        const notice = email.notices.find((n) => n.recipient === ANN_PAGER);
        code = /\b(\d{6})\b/.exec(notice?.message.text ?? '')?.[1] ?? '';
        return code !== '';
      },
      UI_TIMEOUT_MS,
    );
    await row.getByRole('textbox', { name: `Code for ${ANN_PAGER}, digit 1` }).click();
    await page.keyboard.type(code);
    await row.getByRole('button', { name: `Verify ${ANN_PAGER}` }).click();
    await attributeBecomes(row, 'data-verified', 'true');
    await screenshot('oncall-05-contact-verified');

    const users = (await (await s.api('/api/v1/users')).json()) as UserList;
    const ann = users.users.find((u) => u.email === ANN)!;
    const methods = (await (await s.api(`/api/v1/users/${ann.id}/contact-methods`)).json()) as {
      contactMethods: Array<{ address: string; verified: boolean }>;
    };
    expect(methods.contactMethods.find((m) => m.address === ANN_PAGER)?.verified).toBe(true);

    // A high-urgency rule: the pager address 2 minutes after the page.
    await page.getByRole('button', { name: 'Add high rule' }).click();
    await page.getByRole('combobox', { name: 'high rule 2 method' }).click();
    await page.getByRole('option', { name: `email: ${ANN_PAGER}` }).click();
    await page.getByRole('button', { name: 'Save rules' }).click();
    await appears(page.getByRole('status').filter({ hasText: 'Saved' }));
    const rules = (await (await s.api(`/api/v1/users/${ann.id}/notification-rules`)).json()) as {
      rules: Array<{ urgency: string; delayMinutes: number; contactMethod: { address: string } }>;
    };
    expect(
      rules.rules.filter((r) => r.urgency === 'high').map((r) => [r.contactMethod.address, r.delayMinutes]),
    ).toEqual([
      [ANN, 0],
      [ANN_PAGER, 2],
    ]);
  });

  it("deletes Cat's only contact method, so nothing can reach her", async () => {
    const { page } = requireSetup();
    await page.getByRole('navigation', { name: 'People' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('link', { name: 'Cat Cole' }).click();
    const row = page.locator(`[data-testid="contact-method-row"][data-address="${CAT}"]`);
    await appears(row);
    await row.getByRole('button', { name: `Delete email ${CAT}` }).click();
    await row.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await appears(page.getByText('No contact method yet'));
  });

  it('runs the simulator: two steps with times, the on-call person with their method, and who is not reached', async () => {
    const { page, screenshot } = requireSetup();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'On-call' }).click();
    await page.getByRole('navigation', { name: 'On-call' }).getByRole('link', { name: 'Simulator' }).click();
    await page.getByRole('form', { name: 'Simulate' }).getByLabel('Service').first().fill('pay-api');
    await page.getByRole('textbox', { name: 'Level' }).fill('P2');
    // Tomorrow 21:00 in New York is 01:00 or 02:00 UTC: Ann's Tokyo day shift.
    const tomorrow = addDays(today, 1);
    await pickDateTime(page, 'At', tomorrow, '21:00');
    await page.getByRole('button', { name: 'Simulate' }).click();
    await appears(page.getByTestId('simulated-step'));

    const steps = page.getByTestId('simulated-step');
    expect(await steps.count()).toBe(2);
    const first = (await steps.nth(0).textContent()) ?? '';
    const second = (await steps.nth(1).textContent()) ?? '';
    expect(first).toContain('at once');
    expect(second).toContain('+30 min');
    expect(second).toContain(CAT);
    // Ann is on call then, reached by email at once and on her pager after 2 minutes.
    const ann = steps.nth(0).locator(`[data-testid="simulated-person"][data-email="${ANN}"]`);
    await appears(ann);
    expect(await ann.getAttribute('data-reachable')).toBe('true');
    const contacts = await ann.getByTestId('simulated-contact').allTextContents();
    expect(contacts).toHaveLength(2);
    expect(contacts[0]).toContain(`email ${ANN} · at once`);
    expect(contacts[1]).toContain(`email ${ANN_PAGER} · after 2 min`);
    const cat = steps.nth(1).locator(`[data-testid="simulated-person"][data-email="${CAT}"]`);
    expect(await cat.getAttribute('data-reachable')).toBe('false');
    // Cat has no contact method left: listed as not reached, with the reason.
    const unreachable = (await page.getByTestId('unreachable').allTextContents()).join('\n');
    expect(unreachable).toContain(CAT);
    await screenshot('oncall-06-simulator');
  });

  it("shows an incident's delivery log, and Escalate pages step 2 at once", async () => {
    const { page, screenshot } = requireSetup();
    const res = await s.post(INTAKE, {
      version: '4',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'PayErrors', service: 'pay-api', severity: 'critical' },
          annotations: { summary: 'Payment errors' },
          startsAt: clock.now().toISOString(),
        },
      ],
    });
    expect(res.status).toBe(202);
    let id = 0;
    await waitFor(
      'the incident',
      async () => {
        const list = (await (await s.api('/api/v1/incidents')).json()) as IncidentList;
        id = list.incidents[0]?.id ?? 0;
        return id > 0;
      },
      UI_TIMEOUT_MS,
    );
    await page.goto(`/incidents/${id}`);
    const rows = page.getByTestId('notification-row');
    await appears(rows);
    await waitFor(
      'a delivery that is no longer pending',
      async () => {
        const statuses = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-status')));
        return statuses.some((st) => st !== 'pending');
      },
      UI_TIMEOUT_MS,
    );
    // Who was paged, through which contact method and provider, its status and the provider's id.
    const sent = page.locator('[data-testid="notification-row"][data-status="sent"]');
    await appears(sent);
    const row = (await sent.first().textContent()) ?? '';
    expect(row).toMatch(/Ann Archer|Bob Baker/);
    expect(row).toContain('via smtp');
    expect(await sent.first().getByTestId('provider-id').textContent()).toMatch(/^rec-\d+$/);

    // Escalate: step 2 runs now; Cat has no contact method left, so the timeline says why nobody was paged.
    await page.getByTestId('escalate-button').click();
    await page.getByTestId('escalate-confirm').click();
    await page.getByRole('dialog').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    const timeline = page.getByTestId('timeline-entry');
    await appears(timeline.filter({ hasText: 'admin escalated' }));
    // The stored text names Cat and her address; the console shows her name once.
    await appears(timeline.filter({ hasText: 'Cat Cole has no verified contact method' }));
    await screenshot('oncall-07-delivery-log');
  });
  it('hides what a viewer may not do: no override, edit, escalate or member controls', async () => {
    const { browser } = requireSetup();
    const res = await s.api('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'wall-screen', role: 'viewer' }),
    });
    expect(res.status).toBe(201);
    const { token } = (await res.json()) as TokenCreated;
    const context = await newConsoleContext(browser, s.url, clock);
    try {
      const page = await context.newPage();
      await signInWithToken(page, token, UI_TIMEOUT_MS);

      await page.goto('/oncall/schedules/primary');
      await appears(page.getByTestId('calendar-shift'));
      await appears(page.getByTestId('override-row'));
      expect(await page.getByRole('button', { name: 'Create override' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /^Delete the override/ }).count()).toBe(0);
      await page.goto('/oncall/schedules');
      await appears(page.getByTestId('schedule-row'));
      expect(await page.getByRole('link', { name: 'New schedule' }).count()).toBe(0);

      const incidents = (await (await s.api('/api/v1/incidents')).json()) as IncidentList;
      await page.goto(`/incidents/${incidents.incidents[0]!.id}`);
      await appears(page.getByTestId('notification-row'));
      expect(await page.getByTestId('escalate-button').count()).toBe(0);

      await page.goto('/people/teams');
      await appears(page.getByTestId('member-row'));
      expect(await page.getByRole('form', { name: 'Add member' }).count()).toBe(0);
      expect(
        await page.getByRole('navigation', { name: 'People' }).getByRole('link', { name: 'Audit log' }).count(),
      ).toBe(0);
    } finally {
      await context.close();
    }
  });
});
