/**
 * The closed loop in the console, in a real Chromium (America/New_York) against a real Faultline server with
 * its engine running: a P1 is resolved, its postmortem opens by itself prefilled from the key times; a person
 * publishes too early (a checkpoint refuses), fills the review, adds two actions (one refused first: the
 * verifier is the owner; the other mirrored to a GitHub repository, a local stand-in), publishes, then drags an
 * action across the board; the Markdown and PDF exports read back.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { extractText } from 'unpdf';
import type { IncidentList, PostmortemView } from '@faultline/contracts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../test/support/server.ts';
import { recordingProvider } from '../test/support/recording-provider.ts';
import { waitFor } from '../test/support/wait.ts';
import { openConsoleBrowser, screenshotOnFailure, type ConsoleBrowser, signInWithToken } from './support/browser.ts';

const UI_TIMEOUT_MS = 15_000;
const ANA = { name: 'Ana', email: 'ana@example.com' };
const DAN = { name: 'Dan', email: 'dan@example.com' };

/** GitHub's "Create an issue" as far as the console's mirrored action needs it (the scenario tier checks more). */
const github = createServer((req, res) => {
  res.writeHead(req.method === 'POST' && req.url === '/repos/acme/payments/issues' ? 201 : 404, {
    'content-type': 'application/json',
  });
  res.end(JSON.stringify({ number: 7, state: 'open', html_url: 'https://github.example/acme/payments/issues/7' }));
});

const config = (githubUrl: string) =>
  stringify({
    version: 1,
    catalog: {
      businessLines: [
        {
          id: 'commerce',
          modules: [{ id: 'core', tier: 'core', volume: 'high', services: [{ id: 'pay-api', team: 'payments' }] }],
        },
      ],
    },
    teams: [{ id: 'payments', members: [ANA, DAN], escalationPolicy: 'payments' }],
    escalationPolicies: [{ id: 'payments', name: 'Payments', steps: [{ targets: [{ user: ANA.email }] }] }],
    levels: {
      templates: false,
      rules: [{ id: 'critical', sequence: 'P', level: 1, alert: { matchers: ['severity="critical"'] } }],
    },
    integrations: [{ key: 'postmortem-e2e', source: 'alertmanager', routeByLabel: 'service' }],
    outbound: { allow: ['127.0.0.1'] },
    postmortem: {
      trackers: [
        { id: 'payments-gh', kind: 'github', url: githubUrl, repository: 'acme/payments', token: 'ghp_e2e-token' },
      ],
    },
  });

describe('postmortem console', () => {
  let s: TestServer;
  let cb: ConsoleBrowser;
  let incidentId: number;
  let pm: PostmortemView;

  beforeAll(async () => {
    await new Promise<void>((r) => github.listen(0, '127.0.0.1', r));
    const githubUrl = `http://127.0.0.1:${(github.address() as AddressInfo).port}`;
    s = await startTestServer({ providers: { email: recordingProvider() }, configYaml: config(githubUrl) });
    const now = s.rt.clock.now().toISOString();
    await s.post('/api/v1/intake/alertmanager/postmortem-e2e', {
      version: '4',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'CheckoutDown', service: 'pay-api', severity: 'critical' },
          annotations: { summary: 'Checkout is down' },
          startsAt: now,
        },
      ],
    });
    await waitFor('the incident', async () => {
      const list = (await (await s.api('/api/v1/incidents')).json()) as IncidentList;
      incidentId = list.incidents.find((i) => i.title === 'Checkout is down')?.id ?? 0;
      return incidentId > 0;
    });
    await s.api(`/api/v1/incidents/${incidentId}/resolve`, { method: 'POST' });
    await waitFor('the postmortem to open by itself', async () => {
      const res = await s.api(`/api/v1/incidents/${incidentId}/postmortem`);
      if (res.status !== 200) return false;
      pm = (await res.json()) as PostmortemView;
      return true;
    });
    cb = await openConsoleBrowser(s.url, s.rt.clock);
  });

  afterAll(async () => {
    await cb?.close();
    await s?.dispose();
    await new Promise((r) => (github as Server).close(r));
  });

  screenshotOnFailure(() => cb?.page);

  it('writes, publishes and tracks a postmortem', async () => {
    const { page } = cb;
    await signInWithToken(page, ADMIN_TOKEN, UI_TIMEOUT_MS);

    // From the incident page to its postmortem, prefilled from the key times.
    await page.goto(`/incidents/${incidentId}`);
    await page.getByRole('link', { name: 'Postmortem' }).click();
    await page.waitForURL((url) => url.pathname === `/incidents/${incidentId}/postmortem`, { timeout: UI_TIMEOUT_MS });
    await page.getByRole('heading', { name: 'Postmortem: Checkout is down' }).waitFor({ timeout: UI_TIMEOUT_MS });
    const timeline = page.getByRole('region', { name: 'Timeline (prefilled)' });
    await timeline.getByText('Resolved', { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await timeline.getByText('Detected', { exact: true }).count()).toBe(1);

    // Publishing now is refused: the checkpoints are missing.
    await page.getByRole('button', { name: 'Publish' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'cannot be published' });
    await refusal.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await refusal.textContent()).toContain('root_cause_classified');

    // The review.
    await page.getByLabel('Owner', { exact: true }).first().fill(ANA.email);
    await page.getByRole('combobox', { name: 'Root cause class' }).click();
    await page.getByRole('option', { name: 'configuration', exact: true }).click();
    await page
      .getByLabel('Root cause (Markdown)')
      .fill('A config push emptied the **payment** pool. <script>alert(1)</script>');
    await page.getByLabel('Related changes reviewed').check();
    await page.getByLabel('Monitoring reviewed').check();
    await page.getByLabel('Why the 1-5-10 targets were missed').fill('the cause was found by a customer call');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('checkpoint-root_cause_classified').getByText('passed').waitFor({ timeout: UI_TIMEOUT_MS });

    // Two actions; the first try names the verifier as the owner and is refused.
    const form = page.getByRole('form', { name: 'Add an action' });
    const addAction = async (title: string, verifier: string) => {
      await form.getByLabel('Action').fill(title);
      await form.getByLabel('Owner').fill(DAN.email);
      await form.getByLabel('Verifier').fill(verifier);
      await form.getByLabel('Acceptance criteria').fill(`${title}: checked in a game day`);
      await form.getByRole('button', { name: 'Add action' }).click();
    };
    await addAction('Alert on pool size', DAN.email);
    await form
      .getByRole('alert')
      .filter({ hasText: 'the verifier must not be the owner' })
      .waitFor({ timeout: UI_TIMEOUT_MS });
    await addAction('Alert on pool size', ANA.email);
    await page
      .getByRole('table', { name: 'Actions' })
      .getByText('Alert on pool size')
      .waitFor({ timeout: UI_TIMEOUT_MS });
    // The second is mirrored to the team's GitHub repository; its issue shows as a link once the engine made it.
    await form.getByRole('combobox', { name: 'Mirror to tracker' }).click();
    await page.getByRole('option', { name: 'payments-gh', exact: true }).click();
    await addAction('Review config pushes', ANA.email);
    await page
      .getByRole('table', { name: 'Actions' })
      .getByText('Review config pushes')
      .waitFor({ timeout: UI_TIMEOUT_MS });
    await waitFor('the issue to be created', async () => {
      const view = (await (await s.api(`/api/v1/postmortems/${pm.id}`)).json()) as PostmortemView;
      return view.actions.some((a) => a.sync?.ref === '7');
    });
    await page.reload();
    const issue = page.getByRole('table', { name: 'Actions' }).getByRole('link', { name: 'payments-gh #7 (open)' });
    await issue.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await issue.getAttribute('href')).toBe('https://github.example/acme/payments/issues/7');

    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByTestId('postmortem-status').getByText('published').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.locator('script', { hasText: 'alert(1)' }).count()).toBe(0);

    // The published page: the report rendered from Markdown, safely (the emphasis is bold, the HTML is inert).
    const report = page.getByRole('region', { name: 'Published report' });
    await report.getByRole('heading', { name: 'Root cause' }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await report.locator('strong', { hasText: /^payment$/ }).count()).toBe(1);
    expect(
      await report.getByRole('table').last().getByRole('cell', { name: 'Review config pushes', exact: true }).count(),
    ).toBe(1);
    expect(await report.locator('script').count()).toBe(0);

    // The board: the action is pending; dragging it onto "In progress" moves it.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Board' }).click();
    await page.waitForURL((url) => url.pathname === '/board', { timeout: UI_TIMEOUT_MS });
    const after = (await (await s.api(`/api/v1/postmortems/${pm.id}`)).json()) as PostmortemView;
    const first = after.actions.find((a) => a.title === 'Alert on pool size')!;
    const card = page.getByTestId('lane-pending').getByTestId(`board-action-${first.id}`);
    await card.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('lane-faults').textContent()).not.toContain('Checkout is down');
    await card.dragTo(page.getByTestId('drop-in_progress'));
    await card.getByText('In progress').waitFor({ timeout: UI_TIMEOUT_MS });
    await waitFor('the move to be stored', async () => {
      const view = (await (await s.api(`/api/v1/postmortems/${pm.id}`)).json()) as PostmortemView;
      return view.actions.find((a) => a.id === first.id)?.state === 'in_progress';
    });

    // The export reads back.
    const md = await (await s.api(`/api/v1/postmortems/${pm.id}/markdown`)).text();
    expect(md).toContain('A config push emptied the **payment** pool.');
    expect(md).toContain('| Review config pushes | dan@example.com | ana@example.com |');

    // The PDF the console links, read back as text.
    const pdfHref = await page
      .goto(`/incidents/${incidentId}/postmortem`)
      .then(() => page.getByRole('link', { name: 'PDF' }).getAttribute('href'));
    expect(pdfHref).toBe(`/api/v1/postmortems/${pm.id}/pdf`);
    const pdf = await s.api(pdfHref!);
    const { text } = await extractText(new Uint8Array(await pdf.arrayBuffer()), { mergePages: true });
    expect(text).toContain('Postmortem #');
    expect(text).toContain('Review config pushes');
  });
});
