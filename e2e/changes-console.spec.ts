/**
 * Changes in the console, in a real Chromium (America/New_York) against a real Faultline server (issue 9):
 * a deploy recorded with `faultline change run` on payments-db, an unrelated deploy on promotions-api, then
 * an alert pages an incident on checkout-api (which depends on payments-db); the incident page ranks the
 * CLI deploy first with its reasons, a responder labels it caused, the change_introduced_at key time and
 * the timeline show it, and the changes page draws it on payments-db's lane. Then the rollback step of the
 * checkout playbook, asked for by a second responder, waits for approval; the admin approves it in the
 * console, its automation calls a local deploy tool, and the answer and recovery_started_at show.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeList, IncidentList, TokenCreated } from '@faultline/contracts';
import { QUICKSTART_CONFIG } from '../apps/server/src/config/env.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../test/support/server.ts';
import { recordingProvider } from '../test/support/recording-provider.ts';
import { waitFor } from '../test/support/wait.ts';
import { openConsoleBrowser, screenshotOnFailure, type ConsoleBrowser, signInWithToken } from './support/browser.ts';

const UI_TIMEOUT_MS = 15_000;

describe('changes console', () => {
  let s: TestServer;
  let cb: ConsoleBrowser;
  let incidentId: number;
  let deployId: number;
  let tool: Server;
  const toolCalls: string[] = [];
  let responderToken: string;

  beforeAll(async () => {
    tool = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        toolCalls.push(body);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"rolledBack":"payments-db v5.0.0"}');
      });
    });
    await new Promise<void>((r) => tool.listen(0, '127.0.0.1', r));
    const toolUrl = `http://127.0.0.1:${(tool.address() as AddressInfo).port}/rollback`;
    const quickstart = parse(readFileSync(QUICKSTART_CONFIG, 'utf8')) as Record<string, unknown>;
    const configYaml = stringify({
      ...quickstart,
      outbound: { allow: ['127.0.0.1'] },
      playbooks: [
        {
          id: 'checkout',
          name: 'Checkout recovery',
          match: { services: ['checkout-api'] },
          steps: [
            {
              id: 'rollback',
              method: 'rollback',
              target: 'upstream',
              guidance: 'Roll back the last payments-db deploy',
              approvals: 1,
              automation: { url: toolUrl, secret: 'e2e-rollback-secret-0123', timeoutMs: 5000 },
            },
          ],
        },
      ],
    });
    s = await startTestServer({ configYaml, providers: { email: recordingProvider() } });
    const token = await s.api('/api/v1/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bo@example.com', role: 'responder' }),
    });
    responderToken = ((await token.json()) as TokenCreated).token;
    const startedAt = new Date(s.rt.clock.now().getTime() - 60_000).toISOString();
    await s.api('/api/v1/changes', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        summary: 'promotions-api v7',
        services: ['promotions-api'],
        startedAt,
        endedAt: startedAt,
      }),
    });
    await promisify(execFile)(
      'node_modules/.bin/node',
      [
        'apps/server/src/cli/main.ts',
        'change',
        'run',
        '--service',
        'payments-db',
        '--summary',
        'payments-db v5.0.1',
        '--label',
        'region=eu-west-1',
        '--',
        'node',
        '-e',
        'console.log("deployed")',
      ],
      { env: { ...process.env, FAULTLINE_TOKEN: ADMIN_TOKEN, FAULTLINE_URL: s.url } },
    );
    deployId = ((await (await s.api('/api/v1/changes?source=cli')).json()) as ChangeList).changes[0]!.id;
    const res = await s.post('/api/v1/intake/alertmanager/quickstart', {
      version: '4',
      status: 'firing',
      receiver: 'faultline',
      groupKey: '{}:{alertname="CheckoutErrors"}',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'CheckoutErrors', service: 'checkout-api', severity: 'critical', region: 'eu-west-1' },
          annotations: { summary: 'Checkout error rate above 5%' },
          startsAt: new Date(s.rt.clock.now().getTime() + 1000).toISOString(),
        },
      ],
    });
    expect(res.status).toBe(202);
    await waitFor('the alert to open an incident', async () => {
      const list = (await (await s.api('/api/v1/incidents')).json()) as IncidentList;
      incidentId = list.incidents[0]?.id ?? 0;
      return incidentId > 0;
    });
    cb = await openConsoleBrowser(s.url, s.rt.clock);
  });

  afterAll(async () => {
    await cb?.close();
    await s?.dispose();
    await new Promise((r) => tool?.close(r));
  });

  screenshotOnFailure(() => cb?.page);

  it('ranks the CLI deploy first with its reasons, labels it caused, runs the rollback step through its approval, and draws the deploy on its lane', async () => {
    const { page } = cb;
    await signInWithToken(page, ADMIN_TOKEN, UI_TIMEOUT_MS);

    await page.goto(`/incidents/${incidentId}`);
    const card = page.getByRole('region', { name: 'Suspect changes' });
    const first = card.locator('[data-testid^="suspect-"]').first();
    await first.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await first.getAttribute('data-testid')).toBe(`suspect-${deployId}`);
    expect(await first.getByTestId('suspect-rank').textContent()).toBe('#1');
    const reasons = (await first.getByTestId('suspect-reasons').textContent()) ?? '';
    expect(reasons).toContain('on payments-db, upstream of checkout-api (1 hop: checkout-api depends on it)');
    expect(reasons).toContain('landed in region=eu-west-1, where the fault is');
    expect(reasons).toMatch(/started [\d.]+ min before impact \(deploy half-life 60 min\)/);

    await first.getByRole('button', { name: 'Label…' }).click();
    await first.getByLabel('Why').fill('pool settings changed in v5.0.1');
    await first.getByRole('button', { name: 'Save verdict' }).click();
    await first.getByTestId('suspect-verdict').waitFor({ timeout: UI_TIMEOUT_MS });
    await first.getByText('caused', { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await first.getByTestId('suspect-verdict').textContent()).toBe('caused');
    await card.getByTestId('change-introduced-at').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByText('Change labelled').first().waitFor({ timeout: UI_TIMEOUT_MS });

    // The rollback step: a second responder asks for it; it waits for approval; the admin approves here.
    const asked = await s.api(`/api/v1/incidents/${incidentId}/playbooks/checkout/steps/rollback/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${responderToken}` },
    });
    expect(asked.status).toBe(200);
    const step = page.getByTestId('step-rollback');
    await step.getByText('awaiting approval').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await step.textContent()).toContain('on payments-db');
    expect(await step.getByTestId('step-change').textContent()).toBe(
      `Rolls back change #${deployId} (deploy on payments-db): payments-db v5.0.1`,
    );
    expect(toolCalls).toEqual([]);
    // Only the coordinator, a listed approver, a team manager or an admin approves; the admin may.
    expect(await step.getByTestId('step-approvers').textContent()).toBe(
      'May approve: the coordinator (nobody holds the role), a team manager or an admin',
    );
    await step.getByRole('button', { name: 'Approve' }).click();
    await step.getByTestId('step-answer').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await step.getByTestId('step-answer').textContent()).toBe('HTTP 200: {"rolledBack":"payments-db v5.0.0"}');
    expect(await step.getByTestId('step-status').textContent()).toBe('succeeded');
    await page.getByTestId('recovery-started-at').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(toolCalls).toHaveLength(1);
    expect(JSON.parse(toolCalls[0]!)).toMatchObject({
      step: { id: 'rollback', targets: ['payments-db'] },
      change: { id: deployId, summary: 'payments-db v5.0.1', services: ['payments-db'] },
    });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Changes' }).click();
    await page.waitForURL((url) => url.pathname === '/changes', { timeout: UI_TIMEOUT_MS });
    const lane = page.getByTestId('lane-payments-db');
    await lane.waitFor({ timeout: UI_TIMEOUT_MS });
    await lane.getByLabel('deploy payments-db v5.0.1').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('lane-promotions-api').waitFor({ timeout: UI_TIMEOUT_MS });

    // The ranking's evaluation over the range: the one incident with a caused change, which the ranking
    // put first (first 1, top 3 1, not ranked 0, MRR 1).
    const evaluation = page.getByRole('region', { name: 'How the suspect ranking did' });
    await evaluation.getByTestId('evaluation-incidents').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await evaluation.getByTestId('evaluation-incidents').textContent()).toBe(
      '1 incident with a change labelled caused',
    );
    const cells = await evaluation.getByTestId('evaluation-ranking').locator('td').allTextContents();
    expect(cells).toEqual(['ranking', '1', '1', '0', '1']);

    // The Playbooks page: the configured playbook without its secret, and the editor's check.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Playbooks' }).click();
    await page.waitForURL((url) => url.pathname === '/playbooks', { timeout: UI_TIMEOUT_MS });
    const listed = page.getByTestId('playbook-checkout');
    await listed.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await listed.getByTestId('playbook-step-rollback').textContent()).toContain('automated');
    expect(await page.content()).not.toContain('e2e-rollback-secret-0123');
    const editor = page.getByLabel('Playbook (YAML)');
    await editor.fill(
      'id: pay-restart\nmatch: { services: [no-such-api] }\nsteps:\n  - { id: up, method: restart, target: upstream, guidance: Restart it }\n',
    );
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByTestId('playbook-check-failed').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('playbook-problems').textContent()).toContain(
      'match.services.0 unknown service "no-such-api"',
    );
    await editor.fill(
      'id: pay-restart\nmatch: { services: [checkout-api] }\nsteps:\n  - { id: up, method: restart, target: upstream, guidance: Restart it }\n',
    );
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByTestId('playbook-check-ok').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('playbook-yaml').textContent()).toContain('id: pay-restart');

    // Saving from the editor (issue 9 point 5): the config playbook is read-only (no Edit); a refused save
    // shows the server's field error on the YAML field; a good one is listed as editable and offered on the
    // incident at once; then it is deleted from the editor.
    expect(await listed.getByTestId('config-badge').count()).toBe(1);
    expect(await listed.getByRole('button', { name: /Edit/ }).count()).toBe(0);
    await editor.fill('id: pay-restart\nsteps:\n  - { id: up, method: reboot, guidance: Restart it }\n');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/steps\.0\.method: /).waitFor({ timeout: UI_TIMEOUT_MS });
    await editor.fill(
      'id: pay-restart\nname: Pay restart\nmatch: { services: [checkout-api] }\nsteps:\n  - { id: up, method: restart, target: upstream, guidance: Restart it }\n',
    );
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByTestId('playbook-saved').waitFor({ timeout: UI_TIMEOUT_MS });
    const saved = page.getByTestId('playbook-pay-restart');
    await saved.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await saved.textContent()).toContain('editable');
    expect(await saved.textContent()).toContain('Saved by');
    const offered = (await (await s.api(`/api/v1/incidents/${incidentId}/playbooks`)).json()) as {
      playbooks: Array<{ id: string }>;
    };
    expect(offered.playbooks.map((p) => p.id)).toContain('pay-restart');
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('button', { name: 'Delete pay-restart for good' }).click();
    await saved.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
  });
});
