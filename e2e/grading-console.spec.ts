/**
 * Grading in the web console, in a real Chromium against a real Faultline server, through the UI only (the
 * API is used to send alerts, to create the owner's token and to check what the UI did):
 *
 * - impact facts entered on the incident page re-grade it P3 → P1 live (rule `many-users`), with history
 *   and a timeline entry;
 * - a person changes the level with a reason;
 * - risks (signals below every level) are listed with a count in the header, promoted and dismissed;
 * - a module's level rules are generated from the template, submitted, refused to an admin (not the
 *   owner), and approved by the module's owner after signing in with the owner's token.
 *
 * The tests of this file run in order and share one server, one browser page and their incidents.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { parse, stringify } from 'yaml';
import type { IncidentDetail, IncidentList, ModuleLevelRules } from '@faultline/contracts';
import { QUICKSTART_CONFIG } from '../apps/server/src/config/env.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../test/support/server.ts';
import { recordingProvider, type RecordingProvider } from '../test/support/recording-provider.ts';
import { waitFor } from '../test/support/wait.ts';
import { openConsoleBrowser, screenshotOnFailure, type ConsoleBrowser } from './support/browser.ts';

const INTAKE_PATH = '/api/v1/intake/alertmanager/quickstart';
const UI_TIMEOUT_MS = 15_000;
const OWNER = 'owner@example.com';

/** The quickstart, with `owner` on module checkout and an impact-facts rule: ≥ 10,000 affected users is P1. */
function gradingConfig(): string {
  const doc = parse(readFileSync(QUICKSTART_CONFIG, 'utf8'));
  const checkout = doc.catalog.businessLines[0].modules.find((m: { id: string }) => m.id === 'checkout');
  if (!checkout) throw new Error('the quickstart has no module checkout');
  checkout.owner = OWNER;
  doc.levels.rules.push({
    id: 'many-users',
    sequence: 'P',
    level: 1,
    kind: 'generic',
    facts: { affectedUsers: 10000 },
  });
  return stringify(doc);
}

/** An Alertmanager (webhook version 4) notification with one firing alert, started 20 s before `now`. */
function alertmanagerPayload(labels: Record<string, string>, summary: string, fingerprint: string, now: Date) {
  return {
    receiver: 'faultline',
    status: 'firing',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations: { summary },
        startsAt: new Date(now.getTime() - 20_000).toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.test:9090/graph',
        fingerprint,
      },
    ],
    groupLabels: { alertname: labels.alertname ?? '' },
    commonLabels: labels,
    commonAnnotations: { summary },
    externalURL: 'http://alertmanager.test:9093',
    version: '4',
    groupKey: `{}:{alertname="${labels.alertname ?? ''}"}`,
    truncatedAlerts: 0,
  };
}

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

/** Waits until `locator` matches exactly `n` elements; the error names the last count seen. */
async function countBecomes(locator: Locator, n: number): Promise<void> {
  let last = -1;
  await waitFor(`${n} × ${String(locator)}`, async () => (last = await locator.count()) === n, UI_TIMEOUT_MS).catch(
    (e: Error) => {
      throw new Error(`${e.message}; last count: ${last}`);
    },
  );
}

/** Waits until `read()` gives `expected` (compared as JSON); the error names the last value read. */
async function valueBecomes<T>(what: string, read: () => Promise<T>, expected: T): Promise<void> {
  let last: T | undefined;
  await waitFor(
    what,
    async () => {
      last = await read();
      return JSON.stringify(last) === JSON.stringify(expected);
    },
    UI_TIMEOUT_MS,
  ).catch((e: Error) => {
    throw new Error(`${e.message}: expected ${JSON.stringify(expected)}, last seen ${JSON.stringify(last)}`);
  });
}

/**
 * The `data-level` of every counted level badge on the page, in document order: on the incident page the
 * header's badges come first, then one per sequence in "Level and why" (history badges are not counted).
 */
const levelBadges = (page: Page): Promise<Array<string | null>> =>
  page.getByTestId('level-badge').evaluateAll((badges) => badges.map((b) => b.getAttribute('data-level')));

/** The data-kind of every timeline entry, in display order. */
const timelineKinds = (page: Page): Promise<Array<string | null>> =>
  page.getByTestId('timeline-entry').evaluateAll((entries) => entries.map((e) => e.getAttribute('data-kind')));

/** Sets a value on `window` that only survives as long as the document does (i.e. no full reload). */
const setMarker = (page: Page, value: string): Promise<void> =>
  page.evaluate((v) => {
    (window as unknown as { __gradingMarker?: string }).__gradingMarker = v;
  }, value);
const readMarker = (page: Page): Promise<string | undefined> =>
  page.evaluate(() => (window as unknown as { __gradingMarker?: string }).__gradingMarker);

/**
 * Before a full-page screenshot: no tooltip (pointer away), and scrolled to the top, so the sticky header
 * is drawn at the top of the picture rather than over the content where the last click scrolled to.
 */
async function settleForPicture(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForFunction(() => window.scrollY === 0);
}

/** Opens a Mantine select (its input carries `testId`) and picks the option named exactly `option`. */
async function choose(page: Page, scope: Locator, testId: string, option: string): Promise<void> {
  await scope.getByTestId(testId).click();
  const choice = page.getByRole('option', { name: option, exact: true });
  await choice.waitFor({ timeout: UI_TIMEOUT_MS });
  await choice.click();
  await choice.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
}

describe('web console: impact facts, level changes, risks and level-rule approval', () => {
  let s: TestServer;
  let cb: ConsoleBrowser | undefined;
  let email: RecordingProvider;
  let setupError: unknown;
  /** Uncaught errors of the page's scripts (a crashed React tree leaves a blank page and nothing else). */
  const pageErrors: string[] = [];
  let pageErrorsBefore = 0;
  /** Fails when the page's scripts threw since the current test started. */
  const noNewPageErrors = (): void => expect(pageErrors.slice(pageErrorsBefore)).toEqual([]);
  const requireSetup = (): ConsoleBrowser => {
    if (setupError) throw setupError;
    if (!cb) throw new Error('the browser did not start');
    return cb;
  };

  /** The checkout incident the facts and level-change tests share. */
  let incidentId: number | undefined;
  const requireIncident = (): number => {
    if (incidentId === undefined) throw new Error('no incident: the facts test did not open one');
    return incidentId;
  };
  const detail = async (id: number): Promise<IncidentDetail> => {
    const res = await s.api(`/api/v1/incidents/${id}`);
    expect(res.status).toBe(200);
    return (await res.json()) as IncidentDetail;
  };
  const sendAlert = async (labels: Record<string, string>, summary: string, fingerprint: string): Promise<void> => {
    const res = await s.post(INTAKE_PATH, alertmanagerPayload(labels, summary, fingerprint, s.rt.clock.now()));
    expect(res.status).toBe(202);
  };
  /**
   * Signs in on /signin with `token` and waits to leave it (for the incident list, or the page the sign-in
   * was sent from) with the session shown.
   */
  const signIn = async (page: Page, token: string): Promise<void> => {
    await page.waitForURL((url) => url.pathname === '/signin', { timeout: UI_TIMEOUT_MS });
    await page.getByTestId('signin-token').fill(token);
    await page.getByTestId('signin-submit').click();
    await page.waitForURL((url) => url.pathname !== '/signin', { timeout: UI_TIMEOUT_MS });
    await page.getByTestId('session-name').waitFor({ timeout: UI_TIMEOUT_MS });
  };
  const nav = (page: Page, name: string): Locator =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: false });

  beforeAll(async () => {
    try {
      email = recordingProvider();
      s = await startTestServer({ providers: { email }, configYaml: gradingConfig() });
      cb = await openConsoleBrowser(s.url, s.rt.clock);
      cb.page.on('pageerror', (error) => pageErrors.push(`${cb?.page.url() ?? '?'}: ${error.message}`));
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
    pageErrorsBefore = pageErrors.length;
  });

  it('signs in as admin', async () => {
    const { page } = requireSetup();
    await page.goto('/');
    await signIn(page, ADMIN_TOKEN);
    expect(new URL(page.url()).pathname).toBe('/incidents');
    expect(await page.getByTestId('session-name').textContent()).toContain('admin');
    await attributeBecomes(page.getByTestId('live-indicator'), 'data-state', 'live');
    noNewPageErrors();
  });

  it('impact facts re-grade a P3 incident to P1 live, with history and a timeline entry', async () => {
    const { page, screenshot } = requireSetup();
    const summary = 'Checkout pages are slow';
    await sendAlert({ alertname: 'SlowPages', service: 'checkout', severity: 'warning' }, summary, 'facts-0001');

    // The incident arrives on the list live; open it.
    const row = page.getByTestId('incident-row').filter({ hasText: summary });
    await countBecomes(row, 1);
    incidentId = Number(await row.getAttribute('data-incident-id'));
    expect(Number.isSafeInteger(incidentId)).toBe(true);
    await row.getByTestId('incident-title').click();
    await page.waitForURL((url) => url.pathname === `/incidents/${incidentId}`, { timeout: UI_TIMEOUT_MS });
    await page.getByTestId('incident-title').waitFor({ timeout: UI_TIMEOUT_MS });

    // warning-alert: P3 on a core module. Header badge and the "Level and why" badge.
    await valueBecomes('the P3 badges', () => levelBadges(page), ['P3', 'P3']);
    await page.getByTestId('facts-empty').waitFor({ timeout: UI_TIMEOUT_MS });
    const form = page.getByTestId('facts-form');
    const submit = page.getByTestId('facts-submit');
    expect(await submit.isDisabled()).toBe(true); // nothing entered yet

    await setMarker(page, 'before-facts');
    await form.getByLabel('Affected users', { exact: true }).fill('12000');
    await form.getByLabel('Note').fill('support tickets');
    await waitFor('Save facts to be enabled', () => submit.isEnabled(), UI_TIMEOUT_MS);
    await submit.click();

    // many-users: ≥ 10,000 affected users is P1; the page changes without a reload.
    await valueBecomes('the P1 badges', () => levelBadges(page), ['P1', 'P1']);
    expect(await readMarker(page)).toBe('before-facts');
    await page.getByTestId('facts-outcome').filter({ hasText: 'Re-graded' }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect((await page.getByTestId('facts-outcome').textContent())?.trim()).toBe('Saved. Re-graded: P3 → P1.');
    const fact = page.getByTestId('facts-current').locator('[data-fact="affectedUsers"]');
    await fact.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await fact.textContent()).toContain('12,000');

    const why = page.locator('[data-testid="level-explanation"][data-sequence="P"]');
    expect(await why.textContent()).toContain('many-users');

    const history = page.locator('[data-testid="level-history-entry"][data-sequence="P"]');
    await countBecomes(history, 2);
    expect(
      await history.evaluateAll((entries) =>
        entries.map((e) => [e.getAttribute('data-from'), e.getAttribute('data-to'), e.getAttribute('data-actor')]),
      ),
    ).toEqual([
      ['', 'P3', 'rule'],
      ['P3', 'P1', 'rule'],
    ]);
    const upgrade = history.nth(1);
    expect(await upgrade.textContent()).toContain('many-users');
    expect(await upgrade.textContent()).toContain('12000');

    await countBecomes(page.locator('[data-testid="timeline-entry"][data-kind="facts_updated"]'), 1);
    expect(await timelineKinds(page)).toContain('facts_updated');

    // The API agrees.
    const d = await detail(incidentId);
    expect(d.levels).toEqual({ P: 'P1' });
    expect(d.facts).toMatchObject({ affectedUsers: 12000 });
    expect(d.levelHistory.map((h) => [h.from, h.to, h.ruleId])).toEqual([
      [null, 'P3', 'warning-alert'],
      ['P3', 'P1', 'many-users'],
    ]);

    await settleForPicture(page);
    await screenshot('grading-01-incident-facts');
    noNewPageErrors();
  });

  it('a person lowers the level to P2 with a reason: badge, history and API agree', async () => {
    const { page, screenshot } = requireSetup();
    const id = requireIncident();
    const reason = 'Only one region was affected';

    await page.getByTestId('change-level-button').click();
    const dialog = page.getByTestId('change-level-form');
    await dialog.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await dialog.getByTestId('change-level-sequence').inputValue()).toContain('P');
    await choose(page, dialog, 'change-level-level', 'P2');
    await dialog.getByTestId('downgrade-warning').waitFor({ timeout: UI_TIMEOUT_MS });
    await dialog.getByTestId('change-level-reason').fill(reason);
    const submit = dialog.getByTestId('change-level-submit');
    await waitFor('the change-level submit button to be enabled', () => submit.isEnabled(), UI_TIMEOUT_MS);
    await submit.click();
    await dialog.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });

    await valueBecomes('the P2 badges', () => levelBadges(page), ['P2', 'P2']);
    const change = page.locator('[data-testid="level-history-entry"][data-sequence="P"][data-from="P1"][data-to="P2"]');
    await countBecomes(change, 1);
    expect(await change.getAttribute('data-actor')).toBe('admin');
    expect(await change.textContent()).toContain(reason);
    await countBecomes(page.locator('[data-testid="timeline-entry"][data-kind="level_changed"]'), 1);

    const d = await detail(id);
    expect(d.levels).toEqual({ P: 'P2' });
    expect(d.levelHistory.at(-1)).toMatchObject({ sequence: 'P', from: 'P1', to: 'P2', actor: 'admin', reason });
    expect(d.levelExplanation.find((e) => e.sequence === 'P')).toMatchObject({ actor: 'admin' });

    await settleForPicture(page);
    await screenshot('grading-02-incident-level-changed');
    noNewPageErrors();
  });

  it('lists a risk with a count in the header, promotes it to P3, and dismisses another', async () => {
    const { page, screenshot } = requireSetup();
    const promoteReason = 'Customers complain about missing orders';
    const dismissReason = 'Known nightly export job';

    // A warning on a non-core module is graded two levels lower than P3: past P4, a risk.
    const riskTitle = 'Order history is slow';
    await sendAlert(
      { alertname: 'SlowHistory', service: 'order-history-api', severity: 'warning' },
      riskTitle,
      'risk-0001',
    );
    const count = page.getByTestId('risk-count');
    await count.waitFor({ timeout: UI_TIMEOUT_MS }); // live, on the incident page
    await valueBecomes('the risk count', async () => (await count.textContent())?.trim(), '1');

    await nav(page, 'Risks').click();
    await page.waitForURL((url) => url.pathname === '/risks', { timeout: UI_TIMEOUT_MS });
    const rows = page.getByTestId('risk-row');
    await countBecomes(rows, 1);
    const riskId = Number(await rows.first().getAttribute('data-incident-id'));
    expect(await rows.first().textContent()).toContain(riskTitle);
    expect(await rows.first().textContent()).toContain('order-history-api');
    await rows.first().getByTestId('risk-signal').waitFor({ timeout: UI_TIMEOUT_MS });
    await settleForPicture(page);
    await screenshot('grading-03-risks');

    // Promote at P3 with a reason.
    await rows.first().getByTestId('promote-button').click();
    const promote = page.getByTestId('promote-form');
    await promote.waitFor({ timeout: UI_TIMEOUT_MS });
    await choose(page, promote, 'promote-level', 'P3');
    await promote.getByTestId('risk-reason').fill(promoteReason);
    const promoteSubmit = promote.getByTestId('promote-submit');
    await waitFor('the promote button to be enabled', () => promoteSubmit.isEnabled(), UI_TIMEOUT_MS);
    await promoteSubmit.click();
    await promote.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });

    await countBecomes(rows, 0);
    await page.getByTestId('risks-empty').waitFor({ timeout: UI_TIMEOUT_MS });
    await count.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    const done = page.getByTestId('risk-action-done');
    await done.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await done.textContent()).toContain(`Risk #${riskId} is now a P3 incident`);

    // The promoted incident's page shows P3.
    await done.getByRole('link', { name: `Open #${riskId}` }).click();
    await page.waitForURL((url) => url.pathname === `/incidents/${riskId}`, { timeout: UI_TIMEOUT_MS });
    await page.getByTestId('incident-title').waitFor({ timeout: UI_TIMEOUT_MS });
    await valueBecomes('the promoted incident badges', () => levelBadges(page), ['P3', 'P3']);
    await countBecomes(page.locator('[data-testid="timeline-entry"][data-kind="risk_promoted"]'), 1);
    const promoted = await detail(riskId);
    expect(promoted).toMatchObject({ risk: false, levels: { P: 'P3' } });

    // A second risk, dismissed with a reason.
    const secondTitle = 'Order export is slow';
    await sendAlert(
      { alertname: 'SlowExport', service: 'order-history-api', severity: 'warning' },
      secondTitle,
      'risk-0002',
    );
    await count.waitFor({ timeout: UI_TIMEOUT_MS });
    await nav(page, 'Risks').click();
    await page.waitForURL((url) => url.pathname === '/risks', { timeout: UI_TIMEOUT_MS });
    await countBecomes(rows, 1);
    const secondId = Number(await rows.first().getAttribute('data-incident-id'));
    expect(secondId).not.toBe(riskId);
    expect(await rows.first().textContent()).toContain(secondTitle);

    await rows.first().getByTestId('dismiss-button').click();
    const dismiss = page.getByTestId('dismiss-form');
    await dismiss.waitFor({ timeout: UI_TIMEOUT_MS });
    await dismiss.getByTestId('risk-reason').fill(dismissReason);
    const dismissSubmit = dismiss.getByTestId('dismiss-submit');
    await waitFor('the dismiss button to be enabled', () => dismissSubmit.isEnabled(), UI_TIMEOUT_MS);
    await dismissSubmit.click();
    await dismiss.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });

    await countBecomes(rows, 0);
    await page.getByTestId('risks-empty').waitFor({ timeout: UI_TIMEOUT_MS });
    await count.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    expect(await done.textContent()).toContain(`Risk #${secondId} dismissed`);

    const dismissed = await detail(secondId);
    expect(dismissed).toMatchObject({ status: 'closed', closeReason: dismissReason });
    const risks = (await (await s.api('/api/v1/risks')).json()) as IncidentList;
    expect(risks.incidents).toEqual([]);
    noNewPageErrors();
  });

  it('lists the modules with their owner; a module row opens its levels page', async () => {
    const { page } = requireSetup();

    await nav(page, 'Levels').click();
    await page.waitForURL((url) => url.pathname === '/modules', { timeout: UI_TIMEOUT_MS });
    const moduleRow = page.locator('[data-testid="module-row"][data-module-id="checkout"]');
    await moduleRow.waitFor({ timeout: UI_TIMEOUT_MS }).catch((e: Error) => {
      throw new Error(`${e.message}\nuncaught page errors: ${pageErrors.join(' | ') || 'none'}`);
    });
    expect(await page.getByTestId('module-row').count()).toBe(3);
    expect(await moduleRow.textContent()).toContain(OWNER);
    await moduleRow.click();
    await page.waitForURL((url) => url.pathname === '/modules/checkout/levels', { timeout: UI_TIMEOUT_MS });
    await page.getByTestId('draft-editor').waitFor({ timeout: UI_TIMEOUT_MS });
    noNewPageErrors();
  });

  it('generates level rules from the template, submits them, and only the owner may approve', async () => {
    const { page, screenshot } = requireSetup();
    const rulesOf = async (): Promise<ModuleLevelRules> =>
      (await (await s.api('/api/v1/modules/checkout/level-rules')).json()) as ModuleLevelRules;

    // By address, so this flow is tested on its own even if the module list above failed.
    await page.goto('/modules/checkout/levels');
    await page.getByTestId('draft-editor').waitFor({ timeout: UI_TIMEOUT_MS });
    expect((await page.getByTestId('module-title').textContent())?.trim()).toBe('Checkout — levels');

    // The editor starts from the configured rules, so the template asks before replacing them.
    await page.getByTestId('generate-template-button').click();
    await page.getByTestId('generate-template-confirm').click();
    await page.getByTestId('generate-template-confirm').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    const draftRows = page.getByTestId('draft-rule-row');
    await countBecomes(draftRows, 3);
    await countBecomes(page.locator('[data-testid="version-row"][data-status="draft"]'), 1);
    // The editor now holds the saved draft, unchanged. (Soft: the approval flow below is still exercised.)
    expect
      .soft(await page.getByTestId('draft-dirty').count(), 'an "unsaved changes" badge right after generating')
      .toBe(0);

    await page.getByTestId('submit-draft-button').click();
    const pending = page.getByTestId('pending-version');
    await pending.waitFor({ timeout: UI_TIMEOUT_MS });
    await countBecomes(page.locator('[data-testid="version-row"][data-status="pending"][data-version="1"]'), 1);

    // An admin is not the owner: the server's refusal names the owner, and nothing changes.
    await pending.getByTestId('approve-button').click();
    const refusal = page.getByTestId('decision-error');
    await refusal.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await refusal.textContent()).toContain(OWNER);
    expect(await refusal.textContent()).toContain('only the technical owner');
    const before = await rulesOf();
    expect(before.versions.map((v) => [v.version, v.status])).toEqual([[1, 'pending']]);
    expect(before.module.activeVersion).toBeNull();
    await settleForPicture(page);
    await screenshot('grading-04-levels-refused');

    // The owner signs in with their own token and approves.
    const created = await s.api('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: OWNER, role: 'responder' }),
    });
    expect(created.status).toBe(201);
    const ownerToken = ((await created.json()) as { token: string }).token;

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/signin', { timeout: UI_TIMEOUT_MS });
    await signIn(page, ownerToken);
    expect(await page.getByTestId('session-name').textContent()).toContain(OWNER);

    await page.goto('/modules/checkout/levels');
    await pending.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('decision-error').count()).toBe(0);
    await pending.getByTestId('approve-button').click();

    const approved = page.locator('[data-testid="version-row"][data-status="approved"]');
    await countBecomes(approved, 1);
    expect(await approved.getAttribute('data-version')).toBe('1');
    expect(await approved.textContent()).toContain(OWNER);
    await pending.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('decision-error').count()).toBe(0);

    const after = await rulesOf();
    expect(after.module.activeVersion).toBe(1);
    expect(after.effectiveSource).toBe('version');
    expect(after.versions[0]).toMatchObject({ version: 1, status: 'approved', decidedBy: OWNER });
    // The rules in effect now come from version 1.
    await countBecomes(page.locator('[data-testid="rule-row"][data-rule-id="checkout.p1"]'), 1);
    expect(await page.locator('[data-testid="rule-row"][data-rule-id="checkout-critical"]').count()).toBe(0);
    // Only version 1's rules are "version 1": rules of the config file (if listed at all) are not.
    const versionRuleIds = new Set(after.versions[0]?.rules.map((rule) => String(rule.id)));
    const mislabelled = await page
      .getByTestId('rule-row')
      .evaluateAll((rows) =>
        rows.map((row) => [row.getAttribute('data-rule-id') ?? '', row.textContent ?? ''] as const),
      )
      .then((rows) =>
        rows.filter(([id, text]) => !versionRuleIds.has(id) && text.includes('version 1')).map(([id]) => id),
      );
    expect.soft(mislabelled, 'config rules shown with source "version 1"').toEqual([]);
    // Nothing was edited after the approval.
    expect
      .soft(await page.getByTestId('draft-dirty').count(), 'an "unsaved changes" badge right after the approval')
      .toBe(0);
    await settleForPicture(page);
    await screenshot('grading-05-levels-approved');
    noNewPageErrors();
  });
});
