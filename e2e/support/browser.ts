/**
 * A real Chromium for console tests, driven by playwright-core: Debian's /usr/bin/chromium (no downloaded
 * browsers), one context per test file in a fixed non-UTC time zone so time rendering is actually tested,
 * and a screenshot in test-results/ whenever a test fails.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { beforeEach } from 'vitest';

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

/** Launches Debian's Chromium; fails with install advice when it is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Browser tests use the Debian package: install it with ` +
        '`apt-get install chromium` (playwright browser downloads are not used).',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: LAUNCH_ARGS });
}

/** A browser with one page on `baseURL`, in {@link BROWSER_TIME_ZONE} and {@link BROWSER_LOCALE}. */
export async function openConsoleBrowser(baseURL: string): Promise<ConsoleBrowser> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({
      baseURL,
      timezoneId: BROWSER_TIME_ZONE,
      locale: BROWSER_LOCALE,
      viewport: { width: 1440, height: 900 },
      colorScheme: 'light',
    });
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
