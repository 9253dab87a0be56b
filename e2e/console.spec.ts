/**
 * The web console in a real Chromium against a real Faultline server (engine loop, HTTP, event stream):
 * sign in, watch an Alertmanager alert become an incident live, read why it has its level and why its
 * alert belongs to it, see times in the browser's time zone, acknowledge, watch a second alert join, and resolve.
 *
 * The tests of this file run in order and share one server, one browser page and one incident.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { IncidentDetail, IncidentList } from '@faultline/contracts';
import type { Provider } from '../apps/server/src/notify/provider.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../test/support/server.ts';
import { recordingProvider, type RecordingProvider } from '../test/support/recording-provider.ts';
import { waitFor } from '../test/support/wait.ts';
import { BROWSER_TIME_ZONE, openConsoleBrowser, screenshotOnFailure, type ConsoleBrowser } from './support/browser.ts';

const INTAKE_PATH = '/api/v1/intake/alertmanager/quickstart';
const UI_TIMEOUT_MS = 15_000;

const GROUP = { alertname: 'CheckoutLatency', service: 'checkout', severity: 'critical' };
const SUMMARY = 'Checkout p99 latency above 2s';
/**
 * examples/quickstart.yaml: `service: checkout` is an alias of checkout-api (module checkout, core), and a
 * critical `Checkout.*` alert matches the business rule checkout-critical (P1) as well as the generic
 * critical-alert (P2); the most severe level wins.
 */
const EXPECTED_LEVEL = 'P1';
const EXPECTED_RULE = { id: 'checkout-critical', description: 'A critical checkout alert stops orders' };

/** An Alertmanager (webhook version 4) notification with one firing alert of GROUP on `instance`, started 20 s before `now`. */
function alertmanagerPayload(instance: string, fingerprint: string, now: Date) {
  const labels = { ...GROUP, instance };
  return {
    receiver: 'faultline',
    status: 'firing',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations: { summary: SUMMARY, runbook_url: 'https://runbooks.example/checkout-latency' },
        startsAt: new Date(now.getTime() - 20_000).toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.test:9090/graph?g0.expr=checkout_latency',
        fingerprint,
      },
    ],
    groupLabels: { alertname: GROUP.alertname, service: GROUP.service },
    commonLabels: labels,
    commonAnnotations: { summary: SUMMARY },
    externalURL: 'http://alertmanager.test:9093',
    version: '4',
    groupKey: `{}:{alertname="${GROUP.alertname}", service="${GROUP.service}"}`,
    truncatedAlerts: 0,
  };
}

/** Waits until `locator`'s attribute `name` equals `expected`; the error names the last value seen. */
async function attributeBecomes(
  locator: Locator,
  name: string,
  expected: string,
  timeoutMs = UI_TIMEOUT_MS,
): Promise<void> {
  let last: string | null = null;
  await waitFor(
    `${name}="${expected}"`,
    async () => {
      last = await locator.getAttribute(name, { timeout: 500 }).catch(() => null);
      return last === expected;
    },
    timeoutMs,
  ).catch((e: Error) => {
    throw new Error(
      `${e.message} on ${String(locator)}; last seen: ${last === null ? 'no element/attribute' : `"${last}"`}`,
    );
  });
}

/** Waits until `locator` matches exactly `n` elements; the error names the last count seen. */
async function countBecomes(locator: Locator, n: number, timeoutMs = UI_TIMEOUT_MS): Promise<void> {
  let last = -1;
  await waitFor(`${n} × ${String(locator)}`, async () => (last = await locator.count()) === n, timeoutMs).catch(
    (e: Error) => {
      throw new Error(`${e.message}; last count: ${last}`);
    },
  );
}

/** The data-kind of every timeline entry on the page, in display order. */
const timelineKinds = (page: Page): Promise<Array<string | null>> =>
  page.getByTestId('timeline-entry').evaluateAll((entries) => entries.map((entry) => entry.getAttribute('data-kind')));

/** Sets a value on `window` that only survives as long as the document does (i.e. no full reload). */
const setMarker = (page: Page, value: string): Promise<void> =>
  page.evaluate((v) => {
    (window as unknown as { __faultlineMarker?: string }).__faultlineMarker = v;
  }, value);
const readMarker = (page: Page): Promise<string | undefined> =>
  page.evaluate(() => (window as unknown as { __faultlineMarker?: string }).__faultlineMarker);

/** Date, time and zone name of `iso` in `timeZone`, computed here independently of the console's code. */
function zonedParts(iso: string, timeZone: string) {
  const at = new Date(iso);
  const part = (locale: string, options: Intl.DateTimeFormatOptions, type: Intl.DateTimeFormatPartTypes) =>
    new Intl.DateTimeFormat(locale, { timeZone, ...options }).formatToParts(at).find((p) => p.type === type)?.value ??
    '';
  const clock = (zone: string) => {
    const f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    return f.format(at);
  };
  return {
    date: `${part('en-GB', { day: 'numeric' }, 'day')} ${part('en-GB', { month: 'short' }, 'month')} ${part('en-GB', { year: 'numeric' }, 'year')}`,
    time: clock(timeZone),
    utcTime: clock('UTC'),
    /** e.g. EST or EDT for America/New_York */
    zone: part('en-US', { timeZoneName: 'short' }, 'timeZoneName'),
  };
}

describe('web console: sign in, live incident, level and why, acknowledge, resolve', () => {
  let s: TestServer;
  let cb: ConsoleBrowser | undefined;
  let recording: RecordingProvider;
  /** Holds the first email until the detail page is open, so its timeline entry must arrive live. */
  let releaseEmail: () => void = () => undefined;
  let setupError: unknown;
  const requireSetup = (): ConsoleBrowser => {
    if (setupError) throw setupError;
    if (!cb) throw new Error('the browser did not start');
    return cb;
  };

  /** What the Content-Security-Policy refused while the tests ran (checked by the last test). */
  const cspViolations: string[] = [];
  /** The incident the tests share, set by the live-list test. */
  let incidentId: number | undefined;
  const requireIncident = (): number => {
    if (incidentId === undefined) throw new Error('no incident: the live-list test did not get one');
    return incidentId;
  };
  const detail = async (id: number): Promise<IncidentDetail> => {
    const res = await s.api(`/api/v1/incidents/${id}`);
    expect(res.status).toBe(200);
    return (await res.json()) as IncidentDetail;
  };

  beforeAll(async () => {
    try {
      recording = recordingProvider();
      const emailGate = new Promise<void>((resolve) => {
        releaseEmail = resolve;
      });
      const email: Provider = {
        ...recording,
        async send(recipient, message) {
          await emailGate;
          return recording.send(recipient, message);
        },
      };
      s = await startTestServer({ providers: { email } });
      cb = await openConsoleBrowser(s.url, s.rt.clock);
      // Chromium reports what the Content-Security-Policy refused on the console.
      cb.page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
      });
    } catch (e) {
      setupError = e;
    }
  });

  afterAll(async () => {
    releaseEmail();
    await cb?.close();
    await s?.dispose();
  });

  screenshotOnFailure(() => cb?.page);

  it('rejects a wrong token, then signs in with the admin token and lands on an empty, live incident list', async () => {
    const { page, context, screenshot } = requireSetup();

    await page.goto('/');
    await page.waitForURL((url) => url.pathname === '/signin');
    await page.getByTestId('signin-token').fill('not-the-right-token-42');
    await page.getByTestId('signin-submit').click();
    const error = page.getByTestId('signin-error');
    await error.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await error.textContent()).toContain('That token was not accepted');
    expect(new URL(page.url()).pathname).toBe('/signin');
    await screenshot('console-01-signin-error');

    // Typing again clears the error; the right token signs in and goes to the list.
    await page.getByTestId('signin-token').fill(ADMIN_TOKEN);
    await error.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await page.getByTestId('signin-submit').click();
    await page.waitForURL((url) => url.pathname === '/incidents', { timeout: UI_TIMEOUT_MS });

    await page.getByTestId('incidents-empty').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('incidents-empty').textContent()).toContain('No open incidents');
    await attributeBecomes(page.getByTestId('live-indicator'), 'data-state', 'live');
    expect((await page.getByTestId('session-name').textContent())?.trim()).toBeTruthy();

    // The session is an HttpOnly cookie; the token itself is kept nowhere page scripts can read.
    const cookies = await context.cookies();
    expect(cookies.length).toBeGreaterThan(0);
    expect(cookies.every((c) => c.httpOnly)).toBe(true);
    const visibleToScripts = await page.evaluate(() =>
      JSON.stringify([document.cookie, { ...localStorage }, { ...sessionStorage }]),
    );
    expect(visibleToScripts).not.toContain(ADMIN_TOKEN);
  });

  it('shows a new incident from an Alertmanager webhook without a reload, with its level and status', async () => {
    const { page, screenshot } = requireSetup();
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url());
    });
    await setMarker(page, 'list-before-alert');
    const listUrl = page.url();

    const res = await s.post(INTAKE_PATH, alertmanagerPayload('checkout-1', 'c0ffee0000000001', s.rt.clock.now()));
    expect(res.status).toBe(202);

    const rows = page.getByTestId('incident-row');
    await countBecomes(rows, 1);
    const row = rows.first();
    incidentId = Number(await row.getAttribute('data-incident-id'));
    expect(Number.isSafeInteger(incidentId)).toBe(true);

    // Same document, same address: the row came in over the event stream.
    expect(await readMarker(page)).toBe('list-before-alert');
    expect(page.url()).toBe(listUrl);
    expect(navigations).toEqual([]);
    expect(await page.getByTestId('incidents-empty').count()).toBe(0);

    expect(await row.getAttribute('data-new')).toBe('true');
    expect((await row.getByTestId('incident-title').textContent())?.trim()).toBe(SUMMARY);
    const badges = row.getByTestId('level-badge');
    expect(await badges.count()).toBe(1);
    expect(await badges.getAttribute('data-level')).toBe(EXPECTED_LEVEL);
    expect((await badges.textContent())?.trim()).toBe(EXPECTED_LEVEL);
    expect(await row.getByTestId('incident-status').getAttribute('data-status')).toBe('triggered');
    expect(await row.textContent()).toContain('checkout-api');

    // The API agrees with what the row shows.
    const list = (await (await s.api('/api/v1/incidents')).json()) as IncidentList;
    expect(list.incidents.map((i) => i.id)).toEqual([incidentId]);
    expect(list.incidents[0]).toMatchObject({ title: SUMMARY, status: 'triggered', levels: { P: EXPECTED_LEVEL } });

    await screenshot('console-02-incident-list');
  });

  it('opens the incident: title, level and why, the alert with its join reason, and a timeline that grows live', async () => {
    const { page } = requireSetup();
    const id = requireIncident();

    await page.getByTestId('incident-row').first().getByTestId('incident-title').click();
    await page.waitForURL((url) => url.pathname === `/incidents/${id}`, { timeout: UI_TIMEOUT_MS });
    await page.getByTestId('incident-title').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await readMarker(page)).toBe('list-before-alert'); // client-side navigation
    expect((await page.getByTestId('incident-title').textContent())?.trim()).toBe(SUMMARY);
    expect(await page.getByTestId('incident-status').getAttribute('data-status')).toBe('triggered');

    // Level and why: the rule with its id, and the evidence it matched on.
    const explanations = page.getByTestId('level-explanation');
    expect(await explanations.count()).toBe(1);
    const why = (await explanations.textContent()) ?? '';
    expect(await explanations.getByTestId('level-badge').getAttribute('data-level')).toBe(EXPECTED_LEVEL);
    expect(why).toContain(EXPECTED_RULE.id);
    expect(why).toContain(EXPECTED_RULE.description);
    expect(why).toContain(`alertname="${GROUP.alertname}"`);
    expect(why).toContain(`severity="${GROUP.severity}"`);
    expect(why).toContain('by rule');

    // The alert and why it belongs here.
    expect(await page.getByTestId('alert-row').count()).toBe(1);
    const joinReason =
      (await page.getByTestId('alert-row').first().getByTestId('alert-join-reason').textContent()) ?? '';
    expect(joinReason).toContain('group key service=checkout-api,alertname=CheckoutLatency');
    expect(joinReason).toContain('label service="checkout" routes to service checkout-api');

    // The email is still held: the notification is pending and not on the timeline yet. Then let it go
    // and watch the page catch up live. (Always let it go: a held send also holds the engine loop.)
    try {
      expect(await timelineKinds(page)).toEqual(['incident_opened', 'alert_joined', 'level_set']);
      expect(await page.getByTestId('notification-row').count()).toBe(1);
      expect(await page.getByTestId('notification-row').first().getAttribute('data-status')).toBe('pending');
      await setMarker(page, 'detail-before-email');
    } finally {
      releaseEmail();
    }

    await countBecomes(page.locator('[data-testid="timeline-entry"][data-kind="notification_sent"]'), 1);
    expect(await timelineKinds(page)).toEqual(['incident_opened', 'alert_joined', 'level_set', 'notification_sent']);
    await attributeBecomes(page.getByTestId('notification-row').first(), 'data-status', 'sent');
    expect(await page.getByTestId('notification-row').first().textContent()).toContain('oncall@example.com');
    expect(await readMarker(page)).toBe('detail-before-email');
    expect(recording.sent.map((m) => m.recipient)).toEqual(['oncall@example.com']);
  });

  it(`shows absolute times in the browser's time zone (${BROWSER_TIME_ZONE}), not in UTC`, async () => {
    const { page } = requireSetup();
    const incident = await detail(requireIncident());

    // The header's "Opened" time: relative text, absolute time in a tooltip on hover.
    const opened = page.locator(`time[datetime="${incident.createdAt}"]`).first();
    expect((await opened.textContent())?.trim()).toMatch(/just now|seconds? ago|minutes? ago/);
    await opened.hover();
    const tooltip = page.getByRole('tooltip');
    await tooltip.waitFor({ timeout: UI_TIMEOUT_MS });
    const shown = (await tooltip.textContent())?.trim() ?? '';

    const expected = zonedParts(incident.createdAt, BROWSER_TIME_ZONE);
    expect(expected.zone).toMatch(/^E[SD]T$/); // the test's own premise
    expect(shown).toContain(expected.date);
    expect(shown).toContain(expected.time);
    expect(shown).toMatch(new RegExp(`\\b${expected.zone}$`));
    expect(shown).not.toContain(expected.utcTime);
    expect(shown).not.toMatch(/UTC|GMT/);

    await page.mouse.move(0, 0);
    await tooltip.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
  });

  it('acknowledges from the page: status, timeline and API agree', async () => {
    const { page } = requireSetup();
    const id = requireIncident();

    const ack = page.getByTestId('ack-button');
    expect(await ack.isEnabled()).toBe(true);
    await ack.click();

    await attributeBecomes(page.getByTestId('incident-status'), 'data-status', 'acknowledged');
    const ackEntries = page.locator('[data-testid="timeline-entry"][data-kind="acknowledged"]');
    await countBecomes(ackEntries, 1);
    expect((await timelineKinds(page)).at(-1)).toBe('acknowledged');
    expect(await ack.isDisabled()).toBe(true);

    const incident = await detail(id);
    expect(incident.status).toBe('acknowledged');
    expect(incident.acknowledgedAt).not.toBeNull();
    const apiEntry = incident.timeline.find((e) => e.kind === 'acknowledged');
    expect(apiEntry).toBeDefined();
    // Who did it is shown on the entry.
    expect(await ackEntries.first().textContent()).toContain(apiEntry?.actor ?? '?');
  });

  it('shows a second alert of the same group live on the detail page', async () => {
    const { page, screenshot } = requireSetup();
    const id = requireIncident();
    await setMarker(page, 'detail-before-second-alert');

    const res = await s.post(INTAKE_PATH, alertmanagerPayload('checkout-2', 'c0ffee0000000002', s.rt.clock.now()));
    expect(res.status).toBe(202);

    const rows = page.getByTestId('alert-row');
    await countBecomes(rows, 2);
    expect(await readMarker(page)).toBe('detail-before-second-alert');
    expect(new URL(page.url()).pathname).toBe(`/incidents/${id}`);
    const texts = await rows.allTextContents();
    expect(texts.some((t) => t.includes('instance=checkout-1'))).toBe(true);
    expect(texts.some((t) => t.includes('instance=checkout-2'))).toBe(true);
    expect(await page.getByTestId('alert-join-reason').count()).toBe(2);
    expect(await page.getByTestId('incident-status').getAttribute('data-status')).toBe('acknowledged');

    const incident = await detail(id);
    expect(incident.alertCount).toBe(2);
    expect(incident.alerts).toHaveLength(2);

    await countBecomes(page.locator('[data-testid="timeline-entry"][data-kind="alert_joined"]'), 2);
    await page.mouse.move(0, 0); // no tooltip in the picture
    await screenshot('console-03-incident-detail');
  });

  it('resolves from the page after a confirmation: status, "resolved by" entry and API agree', async () => {
    const { page } = requireSetup();
    const id = requireIncident();

    const resolve = page.getByTestId('resolve-button');
    expect(await resolve.isEnabled()).toBe(true);
    await resolve.click();
    const dialog = page.getByRole('dialog', { name: 'Resolve this incident?' });
    await dialog.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await dialog.textContent()).toContain('opens a new incident');
    await page.getByTestId('resolve-confirm').click();
    await dialog.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });

    await attributeBecomes(page.getByTestId('incident-status'), 'data-status', 'resolved');
    const resolvedEntries = page.locator('[data-testid="timeline-entry"][data-kind="resolved"]');
    await countBecomes(resolvedEntries, 1);
    expect(await resolve.isDisabled()).toBe(true);
    // Acknowledging a resolved incident is not offered either.
    expect(await page.getByTestId('ack-button').isDisabled()).toBe(true);

    const incident = await detail(id);
    expect(incident.status).toBe('resolved');
    const apiEntry = incident.timeline.find((e) => e.kind === 'resolved');
    expect(apiEntry?.message).toMatch(/^resolved by .+ via console$/);
    expect(await resolvedEntries.first().textContent()).toContain(apiEntry?.message ?? '?');
  });

  it('ran every step above under the Content-Security-Policy without a violation, and so does the API viewer', async () => {
    const { page } = requireSetup();
    const res = await page.goto('/api/docs');
    expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.locator('.swagger-ui .info .title').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.locator('.swagger-ui .info .title').textContent()).toContain('Faultline API');
    expect(cspViolations).toEqual([]);
  });
});
