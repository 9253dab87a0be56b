/**
 * A real Chromium for console tests, driven by playwright-core: Debian's /usr/bin/chromium (no downloaded
 * browsers), one context per test file in a fixed non-UTC time zone so time rendering is actually tested,
 * on the server's clock (Playwright's clock API) so the date is the test's and not the machine's, and a
 * screenshot in test-results/ whenever a test fails.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { beforeEach } from 'vitest';
import type { Clock } from '../../apps/server/src/lib/clock.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The browser's time zone: not UTC and not the server's, so a missing conversion shows. */
export const BROWSER_TIME_ZONE = 'America/New_York';
export const BROWSER_LOCALE = 'en-US';

/** test-results/ at the repository root (gitignored). */
export const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

const LAUNCH_ARGS = [
  '--no-sandbox', // running as root in a container
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  // Keep Chromium off the network it cannot reach anyway (update checks, sync, component downloads).
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ConsoleBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Saves a full-page screenshot of `page` as test-results/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The environment Chromium starts with: the test's, less a preloaded time-faking library (libfaketime, which
 * CI's Sunday run puts under the test process). Chromium's own scheduling does not survive it (pages render
 * but never settle), and the page's time comes from Playwright's clock ({@link openConsoleBrowser}) anyway.
 */
function browserEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] => e[1] !== undefined && e[0] !== 'LD_PRELOAD' && !e[0].startsWith('FAKETIME'),
    ),
  );
}

/** Launches Debian's Chromium; fails with install advice when it is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Browser tests use the Debian package: install it with ` +
        '`apt-get install chromium` (playwright browser downloads are not used).',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: LAUNCH_ARGS, env: browserEnv() });
}

/**
 * A browser context on `baseURL` in {@link BROWSER_TIME_ZONE} and {@link BROWSER_LOCALE}, whose pages read
 * the time from `clock` (the server's): Playwright's clock is installed at `clock.now()` and runs on from
 * there, so the console's "today" is the server's and never the machine's.
 */
export async function newConsoleContext(browser: Browser, baseURL: string, clock: Clock): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    timezoneId: BROWSER_TIME_ZONE,
    locale: BROWSER_LOCALE,
    viewport: { width: 1440, height: 900 },
    colorScheme: 'light',
  });
  try {
    await context.clock.install({ time: clock.now() });
    return context;
  } catch (e) {
    await context.close();
    throw e;
  }
}

/** A browser with one page of a {@link newConsoleContext} on `baseURL`, on the server's `clock`. */
export async function openConsoleBrowser(baseURL: string, clock: Clock): Promise<ConsoleBrowser> {
  const browser = await launchChromium();
  try {
    const context = await newConsoleContext(browser, baseURL, clock);
    const page = await context.newPage();
    return {
      browser,
      context,
      page,
      screenshot: (name) => saveScreenshot(page, name),
      async close() {
        await context.close().catch(() => undefined);
        await browser.close();
      },
    };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

/** Writes a full-page screenshot to test-results/<name>.png (name made file-safe) and returns the path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(
    RESULTS_DIR,
    `${name
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 120)}.png`,
  );
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Registers, for every test of the calling file/suite, a screenshot of the current page when the test fails
 * (test-results/<file>--<test>--failed.png). Call at collection time, e.g. inside `describe`.
 */
export function screenshotOnFailure(currentPage: () => Page | undefined): void {
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      const page = currentPage();
      if (!page || page.isClosed()) return;
      const file = task.file.name.split('/').pop() ?? 'spec';
      try {
        const path = await saveScreenshot(page, `${file}--${task.name}--failed`);
        console.error(`screenshot of the failed test: ${path}`);
      } catch (e) {
        console.error(`could not save a failure screenshot: ${String(e)}`);
      }
    });
  });
}

/**
 * Opens `/signin` and signs in with API token `token` (switching to the token form when the password form
 * shows first), then waits for the incident list. `timeoutMs` bounds each wait.
 */
export async function signInWithToken(page: Page, token: string, timeoutMs = 15_000): Promise<void> {
  await page.goto('/signin');
  const tokenField = page.getByTestId('signin-token');
  await page
    .getByRole('button', { name: /sign in/i })
    .first()
    .waitFor({ timeout: timeoutMs });
  if (!(await tokenField.isVisible()))
    await page
      .getByText(/API token/)
      .first()
      .click();
  await tokenField.fill(token);
  await page.getByTestId('signin-submit').click();
  await page.waitForURL((url) => url.pathname === '/incidents', { timeout: timeoutMs });
}
