/**
 * The console in another language (issue 14), in a real Chromium against a real Faultline server:
 *
 * - **Chinese**: a browser whose language is zh-CN, in Asia/Shanghai, on the server's fixed clock, signs in with a
 *   token (a token is nobody, so the browser's language decides), opens an incident and acknowledges it; every
 *   word on the way is the Chinese catalog's (the only Latin words on the page are ones the Chinese catalog itself
 *   writes, such as "API" or "Faultline", or the test's own data).
 * - **Pseudo-locale** (`?pseudo=1`, en-XA): every catalog message is accented and bracketed in ⟦ ⟧; the sign-in page,
 *   the list and the translated parts of the incident page are read, and any visible letters outside brackets that
 *   are not data (marked `data-i18n-value`, or seeded by this test) fail the test with the text found.
 *
 * Screenshots at 390 px and at desktop width go to test-results/ (i18n-*.png) for the layout check.
 */
import { catalog } from '@faultline/i18n';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../test/support/server.ts';
import { waitFor } from '../test/support/wait.ts';
import { launchChromium, saveScreenshot, screenshotOnFailure } from './support/browser.ts';
import type { Browser } from 'playwright-core';

const UI_TIMEOUT_MS = 15_000;
const INTAKE_PATH = '/api/v1/intake/alertmanager/quickstart';
const zh = catalog('zh-CN');

/**
 * The parts of the incident page already translated (a ratchet like eslint.config.js's TRANSLATED_CONSOLE_FILES:
 * it grows until it is the whole page): the header and its actions, the timeline, and the response room's cards.
 */
const INCIDENT_REGIONS = [
  'header',
  '[data-testid="incident-header"]',
  '[data-testid^="lifecycle-"]',
  ...['timeline', 'clock', 'roles', 'group', 'key-times', 'note', 'war-room'].map(
    (id) => `section[aria-labelledby="${id}-heading"]`,
  ),
];

/** The test's own data, which the page shows as it is in every language. */
const SUMMARY = 'Checkout p99 latency above 2s';
const SEEDED = [SUMMARY, 'checkout', 'quickstart', 'admin', 'CheckoutLatency'];

/** One firing Alertmanager alert (webhook version 4) that examples/quickstart.yaml grades P1 (checkout-critical). */
function alertmanagerPayload(now: Date) {
  const labels = { alertname: 'CheckoutLatency', service: 'checkout', severity: 'critical', instance: 'checkout-1' };
  return {
    receiver: 'faultline',
    status: 'firing',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations: { summary: SUMMARY },
        startsAt: new Date(now.getTime() - 20_000).toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.test:9090/graph',
        fingerprint: 'c0ffee00000000aa',
      },
    ],
    groupLabels: { alertname: labels.alertname },
    commonLabels: labels,
    commonAnnotations: { summary: SUMMARY },
    externalURL: 'http://alertmanager.test:9093',
    version: '4',
    groupKey: '{}:{alertname="CheckoutLatency"}',
    truncatedAlerts: 0,
  };
}

/**
 * The visible text under `roots` (CSS selectors) that is not data: text nodes inside `[data-i18n-value]` are left
 * out, and so are hidden ones. Nodes are joined in document order, so a message split by an element inside it
 * (a link, a code span) reads as one.
 */
function visibleText(page: Page, roots: string[]): Promise<string> {
  return page.evaluate((selectors) => {
    const parts: string[] = [];
    for (const selector of selectors) {
      for (const root of document.querySelectorAll(selector)) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const parent = node.parentElement;
          if (!parent || parent.closest('[data-i18n-value], script, style')) continue;
          if (!parent.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
          parts.push(node.textContent ?? '');
        }
        // What an empty field shows is read too.
        for (const input of root.querySelectorAll<HTMLInputElement>('input[placeholder], textarea[placeholder]')) {
          if (input.checkVisibility() && !input.value) parts.push(`\n${input.placeholder}\n`);
        }
        parts.push('\n');
      }
    }
    return parts.join('');
  }, roots);
}

/** `text` without the test's seeded data. */
const withoutSeeded = (text: string): string => SEEDED.reduce((rest, s) => rest.split(s).join(' '), text);

/**
 * What is left of a pseudo-locale page's text once every ⟦…⟧ message (innermost first: messages nest) and the
 * seeded data are taken out: any word of letters in it was not written through the catalog.
 */
function untranslatedWords(text: string): string[] {
  let rest = withoutSeeded(text);
  for (let before = ''; before !== rest;) {
    before = rest;
    rest = rest.replace(/⟦[^⟦⟧]*⟧/g, ' ');
  }
  return [...new Set(rest.match(/[A-Za-z][A-Za-z'-]*/g) ?? [])];
}

/** Latin-letter words the Chinese catalog itself writes (product and protocol names such as Faultline, API, KPI). */
const LATIN_IN_ZH = new Set(Object.values(zh).flatMap((m) => m.replace(/\{[^{}]*\}/g, ' ').match(/[A-Za-z]+/g) ?? []));

/** Latin words on a zh-CN page that neither the Chinese catalog nor the test's data explains. */
function englishWords(text: string): string[] {
  const words = withoutSeeded(text).match(/[A-Za-z]+/g) ?? [];
  return [...new Set(words.filter((w) => !LATIN_IN_ZH.has(w)))];
}

async function newContext(
  browser: Browser,
  s: TestServer,
  locale: string,
  timezoneId: string,
  width = 1440,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: s.url,
    locale,
    timezoneId,
    viewport: { width, height: 900 },
    colorScheme: 'light',
  });
  await context.clock.install({ time: s.rt.clock.now() });
  return { context, page: await context.newPage() };
}

/** Signs in with the admin token through test ids only (no words: the page is in another language). */
async function signIn(page: Page, path = '/signin'): Promise<void> {
  await page.goto(path);
  await page.getByTestId('signin-token').fill(ADMIN_TOKEN);
  await page.getByTestId('signin-submit').click();
  await page.waitForURL((url) => url.pathname === '/incidents', { timeout: UI_TIMEOUT_MS });
}

describe('web console in Chinese and in the pseudo-locale', () => {
  let s: TestServer;
  let browser: Browser | undefined;
  let current: Page | undefined;
  let incidentId: number;

  beforeAll(async () => {
    s = await startTestServer();
    browser = await launchChromium();
    const res = await s.post(INTAKE_PATH, alertmanagerPayload(s.rt.clock.now()));
    expect(res.status).toBe(202);
    // Convergence runs on the engine loop: wait until the alert has opened its incident.
    incidentId = await waitFor('the incident the alert opens', async () => {
      const list = (await (await s.api('/api/v1/incidents')).json()) as { incidents: Array<{ id: number }> };
      return list.incidents[0]?.id;
    });
  });

  afterAll(async () => {
    await browser?.close();
    await s?.dispose();
  });

  screenshotOnFailure(() => current);

  it('zh-CN browser in Asia/Shanghai: sign in, open the incident, acknowledge — every word from the Chinese catalog', async () => {
    const { context, page } = await newContext(browser!, s, 'zh-CN', 'Asia/Shanghai');
    current = page;
    try {
      await page.goto('/signin');
      const title = page.locator('#signin-heading');
      await title.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await title.textContent()).toBe(zh['console.signIn.title']);
      expect(await page.getByTestId('signin-submit').textContent()).toBe(zh['console.signIn.submitToken']);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
      expect(englishWords(await visibleText(page, ['body']))).toEqual([]);

      await signIn(page);
      const row = page.getByTestId('incident-row').first();
      await row.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await page.locator('h1').textContent()).toBe(zh['console.nav.incidents']);
      expect(await row.getByTestId('incident-status').textContent()).toBe(zh['console.status.triggered']);
      // Intl in Chinese: "1分钟前"-style relative times, never English ones.
      expect(await row.locator('time').textContent()).toMatch(/前|刚刚/);
      expect(englishWords(await visibleText(page, ['body']))).toEqual([]);
      await saveScreenshot(page, 'i18n-zh-list-desktop');

      await page.goto(`/incidents/${incidentId}`);
      const ack = page.getByTestId('ack-button');
      await ack.waitFor({ timeout: UI_TIMEOUT_MS });
      expect((await ack.textContent())?.trim()).toBe(zh['console.acknowledge.label']);
      await ack.click();
      const status = page.getByTestId('incident-header').getByTestId('incident-status');
      await expect.poll(() => status.textContent(), { timeout: UI_TIMEOUT_MS }).toBe(zh['console.status.acknowledged']);
      await expect
        .poll(() => page.getByTestId('timeline-entry').last().getAttribute('data-kind'), { timeout: UI_TIMEOUT_MS })
        .toBeTruthy();
      expect(englishWords(await visibleText(page, INCIDENT_REGIONS))).toEqual([]);
      expect(await page.getByText(zh['console.timeline.acknowledged']!).count()).toBeGreaterThan(0);
      await saveScreenshot(page, 'i18n-zh-incident-desktop');

      await page.setViewportSize({ width: 390, height: 844 });
      await saveScreenshot(page, 'i18n-zh-incident-390');
      await page.goto('/incidents');
      await page.getByTestId('incident-row').first().waitFor({ timeout: UI_TIMEOUT_MS });
      await saveScreenshot(page, 'i18n-zh-list-390');
    } finally {
      await context.close();
    }
  });

  it('pseudo-locale: no visible word on sign-in, the list and the incident page escapes the catalog', async () => {
    const { context, page } = await newContext(browser!, s, 'en-US', 'America/New_York');
    current = page;
    try {
      await page.goto('/signin?pseudo=1');
      await page.locator('#signin-heading').waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await page.locator('#signin-heading').textContent()).toMatch(/^⟦Šíĝñ íñ ţó Ƒáúļţļíñé⟧$/);
      expect(untranslatedWords(await visibleText(page, ['body']))).toEqual([]);

      await signIn(page); // the flag stays in localStorage from here on
      await page.getByTestId('incident-row').first().waitFor({ timeout: UI_TIMEOUT_MS });
      expect(untranslatedWords(await visibleText(page, ['body']))).toEqual([]);
      await saveScreenshot(page, 'i18n-pseudo-list-desktop');

      await page.goto(`/incidents/${incidentId}`);
      await page.getByTestId('incident-header').waitFor({ timeout: UI_TIMEOUT_MS });
      await page.getByTestId('timeline-entry').first().waitFor({ timeout: UI_TIMEOUT_MS });
      expect(untranslatedWords(await visibleText(page, INCIDENT_REGIONS))).toEqual([]);
      await saveScreenshot(page, 'i18n-pseudo-incident-desktop');
      await page.setViewportSize({ width: 390, height: 844 });
      await saveScreenshot(page, 'i18n-pseudo-incident-390');
    } finally {
      await context.close();
    }
  });
});
