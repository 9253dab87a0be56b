/**
 * Recovery playbooks (docs/recovery.md; issue 9): a P1 incident's acting step waits for an approval by a
 * second person, then its automation is called — signed, against a local HTTP server that records the call —
 * and the answer is recorded; a failed automation is shown and is retried only when a person asks; every act
 * is on the timeline and the first executed step sets recovery_started_at.
 */
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { promisify } from 'node:util';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AuditList,
  IncidentDetail,
  IncidentList,
  IncidentPlaybooks,
  PlaybookCheck,
  PlaybookList,
  ResponseRoom,
  TokenCreated,
} from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

const SECRET = 'rollback-secret-0123456789';
const INTAKE = '/api/v1/intake/alertmanager/recovery-test';

interface Call {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A deploy tool's rollback endpoint: records each call, answers the next queued status (default 200). */
async function startDeployTool(): Promise<{ url: string; calls: Call[]; answers: number[]; close(): Promise<void> }> {
  const calls: Call[] = [];
  const answers: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      calls.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = answers.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status < 300 ? { rolledBack: 'checkout-api v1.2.2' } : { error: 'deploy lock held' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, calls, answers, close: () => new Promise((r) => server.close(() => r())) };
}

describe('recovery playbooks with approvals and automation', () => {
  const clock = new FakeClock('2026-12-01T10:00:00Z');
  let s: TestServer;
  let tool: Awaited<ReturnType<typeof startDeployTool>>;
  let incidentId: number;
  let approverToken: string;
  let requesterToken: string;
  let leadToken: string;
  let otherToken: string;

  beforeAll(async () => {
    tool = await startDeployTool();
    const configYaml = stringify({
      version: 1,
      catalog: {
        businessLines: [
          {
            id: 'commerce',
            modules: [
              {
                id: 'checkout',
                tier: 'core',
                volume: 'high',
                services: [
                  { id: 'checkout-api', team: 'payments', dependsOn: ['payments-db'] },
                  { id: 'payments-db', team: 'payments' },
                ],
              },
            ],
          },
        ],
      },
      teams: [{ id: 'payments', members: [{ name: 'Ana', email: 'ana@example.com' }], oncall: ['ana@example.com'] }],
      levels: {
        templates: false,
        rules: [{ id: 'critical', sequence: 'P', level: 1, alert: { matchers: ['severity="critical"'] } }],
      },
      integrations: [{ key: 'recovery-test', source: 'alertmanager', routeByLabel: 'service' }],
      outbound: { allow: ['127.0.0.1'] },
      changeRollbacks: [
        {
          source: 'cli',
          services: ['payments-db'],
          guidance: 'Roll back the deploy with the deploy tool',
          automation: { url: `${tool.url}/rollback-change`, secret: SECRET, timeoutMs: 2000 },
        },
      ],
      playbooks: [
        {
          id: 'checkout',
          name: 'Checkout recovery',
          match: { services: ['checkout-api'] },
          steps: [
            {
              id: 'rollback',
              method: 'rollback',
              guidance: 'Roll back the last checkout-api deploy',
              automation: { url: `${tool.url}/rollback`, secret: SECRET, timeoutMs: 2000 },
            },
            {
              id: 'restart-upstream',
              method: 'restart',
              target: 'upstream',
              guidance: 'Restart the upstream database pool',
            },
            { id: 'cut-over', method: 'cutover', guidance: 'Switch to the standby region' },
            {
              id: 'dr-switch',
              method: 'cutover',
              guidance: 'Switch checkout to the standby region by the DR tool',
              approvers: ['Lead@Example.com'],
              automation: { url: `${tool.url}/dr`, secret: SECRET, timeoutMs: 2000 },
            },
          ],
        },
        {
          id: 'search',
          match: { services: ['payments-db'], levels: ['P2'] },
          steps: [{ id: 'x', method: 'custom', guidance: 'x' }],
        },
      ],
    });
    s = await startTestServer({ clock, configYaml, providers: { email: recordingProvider() }, engineLoop: false });
    const res = await s.post(INTAKE, {
      version: '4',
      status: 'firing',
      receiver: 'faultline',
      groupKey: '{}:{alertname="CheckoutErrors"}',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'CheckoutErrors', service: 'checkout-api', severity: 'critical' },
          annotations: {},
          startsAt: '2026-12-01T09:59:00Z',
        },
      ],
    });
    expect(res.status).toBe(202);
    await s.engine!.drain();
    incidentId = ((await (await s.api('/api/v1/incidents')).json()) as IncidentList).incidents[0]!.id;
    const token = await s.api('/api/v1/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bo@example.com', role: 'responder' }),
    });
    approverToken = ((await token.json()) as TokenCreated).token;
    const tokenFor = async (name: string) => {
      const res = await s.api('/api/v1/tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, role: 'responder' }),
      });
      return ((await res.json()) as TokenCreated).token;
    };
    requesterToken = await tokenFor('cy@example.com');
    leadToken = await tokenFor('lead@example.com');
    otherToken = await tokenFor('dan@example.com');
  });
  afterAll(async () => {
    await s?.dispose();
    await tool?.close();
  });

  const act = async (path: string, token?: string, body?: unknown) => {
    const res = await s.api(`/api/v1/incidents/${incidentId}/playbooks/checkout/steps/${path}`, {
      method: 'POST',
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return res;
  };
  const claimCoordinator = async (token: string) => {
    const res = await s.api(`/api/v1/incidents/${incidentId}/roles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'claim', role: 'coordinator' }),
    });
    expect(res.status).toBe(200);
  };
  const refusal = async (res: Response) => {
    expect(res.status).toBe(403);
    return ((await res.json()) as { error: { message: string } }).error.message;
  };
  const playbooks = async () =>
    (await (await s.api(`/api/v1/incidents/${incidentId}/playbooks`)).json()) as IncidentPlaybooks;
  const step = async (id: string) => (await playbooks()).playbooks[0]!.steps.find((x) => x.stepId === id)!;
  const timeline = async () =>
    ((await (await s.api(`/api/v1/incidents/${incidentId}`)).json()) as IncidentDetail).timeline.filter(
      (t) => t.kind === 'recovery_step',
    );

  it('lists the matching playbook with targets resolved from the catalog and approvals by level and method', async () => {
    const view = await playbooks();
    expect(view.playbooks.map((p) => p.id)).toEqual(['checkout']);
    expect(view.recoveryStartedAt).toBeNull();
    const [rollback, restart, cutover] = view.playbooks[0]!.steps;
    expect(rollback).toMatchObject({
      targets: ['checkout-api'],
      automated: true,
      approvalsNeeded: 1,
      status: 'not_started',
    });
    expect(restart).toMatchObject({ targets: ['payments-db'], automated: false, approvalsNeeded: 0 });
    expect(cutover).toMatchObject({ automated: false, approvalsNeeded: 0 });
  });

  it('a P1 step waits for approval; the requester cannot approve; only the coordinator does, and the automation runs', async () => {
    expect((await act('rollback/run')).status).toBe(200);
    expect(await step('rollback')).toMatchObject({
      status: 'awaiting_approval',
      requestedBy: 'admin',
      approvers: 'the coordinator (nobody holds the role), a team manager or an admin',
      canApprove: false,
    });
    await s.engine!.drain();
    expect(tool.calls).toEqual([]);

    expect(await refusal(await act('rollback/approve'))).toBe('the person who asked for the step cannot approve it');
    // A responder who is not the coordinator may not approve a P1 step.
    expect(await refusal(await act('rollback/approve', approverToken))).toBe(
      'only the coordinator (nobody holds the role), a team manager or an admin may approve this step',
    );
    expect((await step('rollback')).approvals).toEqual([]);

    clock.advance(60_000);
    await claimCoordinator(approverToken);
    expect((await step('rollback')).approvers).toBe('the coordinator (bo@example.com), a team manager or an admin');
    expect((await act('rollback/approve', approverToken)).status).toBe(200);
    expect((await step('rollback')).status).toBe('queued');
    await s.engine!.drain();

    expect(tool.calls).toHaveLength(1);
    const call = tool.calls[0]!;
    const body = JSON.parse(call.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      incident: { id: incidentId, service: 'checkout-api' },
      playbook: 'checkout',
      step: { id: 'rollback', method: 'rollback', targets: ['checkout-api'] },
      attempt: 1,
      requestedBy: 'admin',
      approvals: [{ by: 'bo@example.com', as: 'coordinator' }],
    });
    const ts = call.headers['x-faultline-timestamp'] as string;
    expect(call.headers['x-faultline-signature']).toBe(
      `sha256=${createHmac('sha256', SECRET).update(`${ts}.${call.body}`).digest('hex')}`,
    );
    expect(await step('rollback')).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      lastAnswer: { status: 200, body: '{"rolledBack":"checkout-api v1.2.2"}' },
      lastError: null,
    });
    const view = await playbooks();
    expect(view.recoveryStartedAt).toBe('2026-12-01T10:01:00.000Z');
    const room = (await (await s.api(`/api/v1/incidents/${incidentId}/room`)).json()) as ResponseRoom;
    expect(room.keyTimes.find((k) => k.code === 'recovery_started_at')?.at).toBe('2026-12-01T10:01:00.000Z');
    const events = (await timeline()).map((t) => t.data.event);
    expect(events).toEqual(['requested', 'approved', 'queued', 'succeeded']);
    expect((await timeline()).find((t) => t.data.event === 'queued')!.data).toMatchObject({
      milestone: 'recovery_started_at',
      at: '2026-12-01T10:01:00.000Z',
    });
    expect((await act('rollback/run')).status).toBe(409);
  });

  it('a failed automation is shown and retried only when a person asks', async () => {
    // A second incident on the same playbook, with the tool failing once.
    const res = await s.post(INTAKE, {
      version: '4',
      status: 'firing',
      receiver: 'faultline',
      groupKey: '{}:{alertname="CheckoutLatency"}',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'CheckoutLatency', service: 'checkout-api', severity: 'critical' },
          annotations: {},
          startsAt: '2026-12-01T10:02:00Z',
        },
      ],
    });
    expect(res.status).toBe(202);
    await s.engine!.drain();
    const list = ((await (await s.api('/api/v1/incidents')).json()) as IncidentList).incidents;
    incidentId = list.find((i) => i.id !== incidentId)!.id;
    tool.answers.push(503);
    await claimCoordinator(approverToken);
    await act('rollback/run');
    expect((await act('rollback/approve', approverToken)).status).toBe(200);
    await s.engine!.drain();
    expect(await step('rollback')).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastAnswer: { status: 503, body: '{"error":"deploy lock held"}' },
      lastError: 'answered HTTP 503',
    });
    const failed = (await timeline()).find((t) => t.data.event === 'failed')!;
    expect(failed.message).toContain('automation attempt 1 failed: answered HTTP 503; a person may retry it');

    // Nothing retries it on its own.
    clock.advance(10 * 60_000);
    await s.engine!.drain();
    expect(tool.calls).toHaveLength(2);
    expect((await step('rollback')).status).toBe('failed');

    // A person retries: approvals already given stand, the call is made again and succeeds.
    expect((await act('rollback/run', approverToken)).status).toBe(200);
    await s.engine!.drain();
    expect(tool.calls).toHaveLength(3);
    expect(await step('rollback')).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('a cut-over needs two approvers: the coordinator and a listed approver; others are refused', async () => {
    // incidentId is the second incident, whose coordinator is bo.
    expect((await act('dr-switch/run', requesterToken)).status).toBe(200);
    expect(await step('dr-switch')).toMatchObject({
      status: 'awaiting_approval',
      approvalsNeeded: 2,
      requestedBy: 'cy@example.com',
      approvers: 'the coordinator (bo@example.com), lead@example.com, a team manager or an admin',
    });
    expect(await refusal(await act('dr-switch/approve', otherToken))).toBe(
      'only the coordinator (bo@example.com), lead@example.com, a team manager or an admin may approve this step',
    );
    expect(await refusal(await act('dr-switch/approve', requesterToken))).toBe(
      'the person who asked for the step cannot approve it',
    );
    expect((await act('dr-switch/approve', approverToken)).status).toBe(200);
    await s.engine!.drain();
    const calls = tool.calls.length;
    expect(await step('dr-switch')).toMatchObject({ status: 'awaiting_approval', approvals: [{ as: 'coordinator' }] });
    expect(await refusal(await act('dr-switch/approve', approverToken))).toBe(
      'bo@example.com has already approved this step',
    );
    expect((await act('dr-switch/approve', leadToken)).status).toBe(200);
    await s.engine!.drain();
    expect(tool.calls).toHaveLength(calls + 1);
    expect(JSON.parse(tool.calls.at(-1)!.body)).toMatchObject({
      step: { id: 'dr-switch', method: 'cutover' },
      requestedBy: 'cy@example.com',
      approvals: [
        { by: 'bo@example.com', as: 'coordinator' },
        { by: 'lead@example.com', as: 'approver' },
      ],
    });
    expect((await step('dr-switch')).status).toBe('succeeded');
    const approved = (await timeline()).filter((t) => t.data.stepId === 'dr-switch' && t.data.event === 'approved');
    expect(approved.map((t) => t.message)).toEqual([
      expect.stringContaining('approved by bo@example.com as coordinator (1 of 2)'),
      expect.stringContaining('approved by lead@example.com as listed approver (2 of 2)'),
    ]);
    // Each person's act is in the audit log too, newest first; refused approvals change nothing.
    const audit = (await (
      await s.api(`/api/v1/audit?targetType=recovery-step&targetId=${incidentId}/checkout/dr-switch`)
    ).json()) as AuditList;
    expect(audit.entries.map((e) => [e.action, e.actor])).toEqual([
      ['recovery-step.approve', 'lead@example.com'],
      ['recovery-step.approve', 'bo@example.com'],
      ['recovery-step.run', 'cy@example.com'],
    ]);
    expect(audit.entries[0]!.after).toMatchObject({
      approvals: [
        { by: 'bo@example.com', as: 'coordinator' },
        { by: 'lead@example.com', as: 'approver' },
      ],
    });
  });

  it('a step is skipped with a reason; a manual step is done by hand; bad input names the field', async () => {
    const skip = await act('cut-over/skip', undefined, { reason: 'rollback restored service' });
    expect(skip.status).toBe(200);
    expect(await step('cut-over')).toMatchObject({ status: 'skipped', skipReason: 'rollback restored service' });
    const noReason = await act('restart-upstream/skip', undefined, { reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(((await noReason.json()) as { error: { fields: Array<{ path: string }> } }).error.fields[0]!.path).toBe(
      'reason',
    );
    expect((await act('restart-upstream/run')).status).toBe(200);
    expect(await step('restart-upstream')).toMatchObject({ status: 'done', targets: ['payments-db'] });
    expect((await act('no-such-step/run')).status).toBe(404);
  });

  it('lists the configured playbooks without secrets; checks a playbook written as YAML, naming each problem', async () => {
    const list = await s.api('/api/v1/playbooks');
    expect(list.status).toBe(200);
    const text = await list.text();
    expect(text).not.toContain(SECRET);
    const { playbooks: all } = JSON.parse(text) as PlaybookList;
    expect(all.map((p) => p.id)).toEqual(['checkout', 'search']);
    expect(all[0]!.steps.find((x) => x.id === 'dr-switch')).toMatchObject({
      method: 'cutover',
      approvalsAtP1: 2,
      approvalsBelowP1: 2,
      approvers: ['lead@example.com'],
      automation: { url: `${tool.url}/dr`, timeoutMs: 2000 },
    });
    expect(all[0]!.steps.find((x) => x.id === 'rollback')).toMatchObject({ approvalsAtP1: 1, approvalsBelowP1: 0 });

    const check = async (yaml: string) => {
      const res = await s.api('/api/v1/playbooks/check', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ yaml }),
      });
      expect(res.status).toBe(200);
      return (await res.json()) as PlaybookCheck;
    };
    const bad = await check(
      [
        'id: db-restart',
        'match: { services: [billing-api] }',
        'steps:',
        '  - { id: a, method: reboot, guidance: x }',
        '  - { id: b, method: restart, guidance: x, target: ledger-db }',
      ].join('\n'),
    );
    expect(bad).toMatchObject({ ok: false, playbook: null });
    expect(bad.problems.map((p) => p.path)).toEqual(['steps.0.method']);
    const lint = await check(
      [
        'id: db-restart',
        'match: { services: [billing-api] }',
        'steps:',
        '  - { id: b, method: restart, guidance: x, target: ledger-db }',
      ].join('\n'),
    );
    expect(lint.ok).toBe(false);
    expect(lint.problems).toEqual([
      { path: 'match.services.0', message: 'unknown service "billing-api"', severity: 'error' },
      { path: 'steps.0.target', message: 'unknown service "ledger-db"', severity: 'error' },
    ]);
    expect((await check('id: [unclosed')).problems).toEqual([
      expect.objectContaining({ path: 'yaml', message: expect.stringMatching(/^not YAML \(line 1, column \d+\)$/) }),
    ]);
    const good = await check(
      [
        'id: db-restart',
        'match: { services: [payments-db] }',
        'steps:',
        '  - { id: up, method: restart, target: upstream, guidance: Restart what it depends on }',
      ].join('\n'),
    );
    expect(good).toMatchObject({ ok: true, problems: [], playbook: { id: 'db-restart', name: 'db-restart' } });
    expect(good.yaml).toContain('- id: db-restart');
    expect(good.yaml).toContain('target: upstream');
    const same = await check('id: checkout\nsteps: [{ id: x, method: custom, guidance: x }]');
    expect(same).toMatchObject({ ok: true, problems: [{ path: 'id', severity: 'warning' }] });
    const empty = await s.api('/api/v1/playbooks/check', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ yaml: '' }),
    });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(await empty.json())).toContain('yaml');
  });

  it('a suspect change from a source with a rollback automation offers "roll back" as a step, through its approval', async () => {
    const res = await s.api('/api/v1/changes', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        summary: 'payments-db v5.0.1',
        services: ['payments-db'],
        source: 'cli',
        startedAt: new Date(clock.now().getTime() - 2 * 60_000).toISOString(),
        endedAt: new Date(clock.now().getTime() - 60_000).toISOString(),
      }),
    });
    expect(res.status).toBe(201);
    const changeId = ((await res.json()) as { id: number }).id;
    const alert = await s.post(INTAKE, {
      version: '4',
      status: 'firing',
      receiver: 'faultline',
      groupKey: '{}:{alertname="CheckoutStock"}',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'CheckoutStock', service: 'checkout-api', severity: 'critical' },
          annotations: {},
          startsAt: clock.now().toISOString(),
        },
      ],
    });
    expect(alert.status).toBe(202);
    await s.engine!.drain();
    const list = ((await (await s.api('/api/v1/incidents')).json()) as IncidentList).incidents;
    const earlier = incidentId; // the CLI test below reads the second incident again
    incidentId = list.find((i) => i.title.includes('CheckoutStock'))!.id;

    const offer = (await playbooks()).playbooks.find((p) => p.id === 'change-rollback')!;
    expect(offer.name).toBe(`Roll back change #${changeId}: payments-db v5.0.1`);
    expect(offer.steps).toEqual([
      expect.objectContaining({
        stepId: 'rollback',
        method: 'rollback',
        targets: ['payments-db'],
        automated: true,
        approvalsNeeded: 1,
        status: 'not_started',
        change: expect.objectContaining({ id: changeId }),
      }),
    ]);
    const at = (path: string, token?: string) =>
      s.api(`/api/v1/incidents/${incidentId}/playbooks/change-rollback/steps/${path}`, {
        method: 'POST',
        ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
      });
    expect((await at('rollback/run', requesterToken)).status).toBe(200);
    await claimCoordinator(approverToken);
    expect((await at('rollback/approve', approverToken)).status).toBe(200);
    await s.engine!.drain();
    const call = tool.calls.at(-1)!;
    expect(call.headers['x-faultline-signature']).toBe(
      `sha256=${createHmac('sha256', SECRET)
        .update(`${call.headers['x-faultline-timestamp'] as string}.${call.body}`)
        .digest('hex')}`,
    );
    expect(JSON.parse(call.body)).toMatchObject({
      playbook: 'change-rollback',
      step: { id: 'rollback', method: 'rollback', targets: ['payments-db'] },
      change: { id: changeId, summary: 'payments-db v5.0.1', services: ['payments-db'] },
      approvals: [{ by: 'bo@example.com', as: 'coordinator' }],
    });
    const after = (await playbooks()).playbooks.find((p) => p.id === 'change-rollback')!;
    expect(after.steps[0]).toMatchObject({ status: 'succeeded', change: { id: changeId } });
    expect((await playbooks()).recoveryStartedAt).not.toBeNull();
    incidentId = earlier;
  });

  it("the CLI lists the playbooks with each step's state", async () => {
    const cli = (...args: string[]) =>
      promisify(execFile)('node_modules/.bin/node', ['apps/server/src/cli/main.ts', ...args, '--url', s.url], {
        env: { ...process.env, FAULTLINE_TOKEN: ADMIN_TOKEN },
      });
    const { stdout } = await cli('incident', 'playbooks', String(incidentId));
    expect(stdout).toContain('Checkout recovery (checkout)');
    expect(stdout).toContain('1. rollback [rollback checkout-api] succeeded · 1/1 approvals');
    expect(stdout).toContain('3. cut-over [cutover checkout-api] skipped');
    expect(stdout).toMatch(/^recovery started: 2026-12-01T10:/);
  });
});
