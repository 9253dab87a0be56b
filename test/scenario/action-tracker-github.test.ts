/**
 * Mirroring improvement actions to GitHub issues (issue 10 item 6), against a local HTTP server that checks the
 * documented requests of GitHub's REST API ("Create an issue": POST /repos/{owner}/{repo}/issues; "Update an
 * issue": PATCH /repos/{owner}/{repo}/issues/{issue_number}; token authentication, JSON bodies) and answers as
 * GitHub does, errors included (401 Bad credentials, 404 for a repository the token cannot see, 502 from a
 * proxy). Out: adding a synced action creates its issue once, assigned when the owner's login is known; done
 * closes it, a reopen reopens it, and nothing is written when the states already agree. In: the `issues`
 * webhook's signed `closed` delivery completes the action, a bad signature is 401, a repeat changes nothing.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ActionView, IncidentDetail, IncidentList, PostmortemView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { signGithubDelivery } from '../../apps/server/src/postmortem/trackers/index.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const TOKEN = 'ghp_faultlineTestToken0123456789';
const WEBHOOK_SECRET = 'a-webhook-secret-of-some-length';
const ANA = { name: 'Ana', email: 'ana@example.com' };
const DAN = { name: 'Dan', email: 'dan@example.com' };

interface Seen {
  method: string;
  url: string;
  auth: string | undefined;
  accept: string | undefined;
  body: Record<string, unknown> | null;
}

/** GitHub's REST API as far as issues go, for repository acme/payments only. */
function fakeGithub(seen: Seen[], failNext: { status: number } | null = null) {
  let next = 41;
  const state = new Map<number, string>();
  const fail = { next: failNext };
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let s = '';
      req.on('data', (c: Buffer) => (s += c.toString('utf8')));
      req.on('end', () => resolve(s));
    });
  const server = createServer(async (req, res) => {
    const raw = await read(req);
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
    seen.push({
      method: req.method!,
      url: req.url!,
      auth: req.headers.authorization,
      accept: req.headers.accept,
      body,
    });
    const answer = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(json));
    };
    if (fail.next) {
      const { status } = fail.next;
      fail.next = null;
      return answer(status, { message: status === 502 ? 'Bad Gateway' : 'Server Error' });
    }
    if (req.headers.authorization !== `token ${TOKEN}`)
      return answer(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    const docs = 'https://docs.github.com/rest/issues/issues';
    if (req.method === 'POST' && req.url === '/repos/acme/payments/issues') {
      if (typeof body?.title !== 'string' || body.title === '')
        return answer(422, { message: 'Validation Failed', errors: [{ field: 'title', code: 'missing_field' }] });
      const number = next++;
      state.set(number, 'open');
      return answer(201, {
        number,
        state: 'open',
        title: body.title,
        html_url: `https://github.example/acme/payments/issues/${number}`,
        assignees: ((body.assignees as string[] | undefined) ?? []).map((login) => ({ login })),
      });
    }
    const m = /^\/repos\/acme\/payments\/issues\/(\d+)$/.exec(req.url!);
    if (req.method === 'PATCH' && m && state.has(Number(m[1]))) {
      if (body?.state !== 'open' && body?.state !== 'closed')
        return answer(422, { message: 'Validation Failed', documentation_url: docs });
      state.set(Number(m[1]), body.state);
      return answer(200, { number: Number(m[1]), state: body.state });
    }
    return answer(404, { message: 'Not Found', documentation_url: docs });
  });
  return { server, fail, state };
}

describe('actions mirrored to GitHub issues', () => {
  const clock = new FakeClock('2026-07-06T09:00:00Z');
  const seen: Seen[] = [];
  const gh = fakeGithub(seen);
  let ghServer: Server;
  let s: TestServer;
  let pm: PostmortemView;
  let incidentId = 0;
  const api = async <T>(path: string, method: string, body?: unknown): Promise<T> => {
    const res = await s.api(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBe(200);
    return (await res.json()) as T;
  };
  // The first action's verifier is the admin the test acts as, so it may reject the work back to in progress.
  const addAction = (title: string, sync: string, verifier = ANA.email) =>
    s.api(`/api/v1/postmortems/${pm.id}/actions`, {
      method: 'POST',
      body: JSON.stringify({
        title,
        owner: DAN.email,
        verifier,
        acceptanceCriteria: `${title}: proven in a game day`,
        type: 'prevent',
        sync,
      }),
    });
  const action = async (id: number) =>
    (await api<PostmortemView>(`/api/v1/postmortems/${pm.id}`, 'GET')).actions.find((a) => a.id === id)!;
  const deliver = (payload: unknown, secret = WEBHOOK_SECRET, event = 'issues') => {
    const raw = JSON.stringify(payload);
    return fetch(`${s.url}/api/v1/trackers/payments-gh/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': event,
        'x-github-delivery': crypto.randomUUID(),
        'x-hub-signature-256': signGithubDelivery(secret, raw),
      },
      body: raw,
    });
  };

  beforeAll(async () => {
    ghServer = gh.server;
    await new Promise<void>((r) => ghServer.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(ghServer.address() as AddressInfo).port}`;
    s = await startTestServer({
      clock,
      providers: { email: recordingProvider() },
      engineLoop: false,
      configYaml: stringify({
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
          rules: [{ id: 'c', sequence: 'P', level: 1, alert: { matchers: ['severity="critical"'] } }],
        },
        integrations: [{ key: 'tracker-test', source: 'alertmanager', routeByLabel: 'service' }],
        outbound: { allow: ['127.0.0.1'] },
        postmortem: {
          inviteToReview: false,
          trackers: [
            {
              id: 'payments-gh',
              kind: 'github',
              url,
              repository: 'acme/payments',
              token: TOKEN,
              webhookSecret: WEBHOOK_SECRET,
              assignees: { [DAN.email]: 'dan-gh' },
            },
            { id: 'wrong-token', kind: 'github', url, repository: 'acme/payments', token: 'ghp_revoked' },
            { id: 'hidden-repo', kind: 'github', url, repository: 'acme/secret', token: TOKEN },
          ],
        },
      }),
    });
    await s.post('/api/v1/intake/alertmanager/tracker-test', {
      version: '4',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'PayoutsStuck', service: 'pay-api', severity: 'critical' },
          annotations: { summary: 'Payouts are stuck' },
          startsAt: clock.now().toISOString(),
        },
      ],
    });
    await s.engine!.drain();
    incidentId = ((await (await s.api('/api/v1/incidents')).json()) as IncidentList).incidents[0]!.id;
    await api(`/api/v1/incidents/${incidentId}/resolve`, 'POST');
    await s.engine!.drain();
    pm = await api<PostmortemView>(`/api/v1/incidents/${incidentId}/postmortem`, 'GET');
  });
  afterAll(async () => {
    await s?.dispose();
    await new Promise((r) => ghServer.close(r));
  });

  let synced: ActionView;

  it('creates the issue once, with the documented request, and shows it on the action', async () => {
    const res = await addAction('Retry payouts idempotently', 'payments-gh', 'admin');
    expect(res.status).toBe(200);
    synced = (await res.json()) as ActionView;
    expect(synced.sync).toEqual({ tracker: 'payments-gh', ref: null, url: null, state: null, error: null });
    await s.engine!.drain();
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /repos/acme/payments/issues']);
    const create = seen[0]!;
    expect(create.auth).toBe(`token ${TOKEN}`);
    expect(create.accept).toBe('application/vnd.github.v3+json');
    expect(create.body).toMatchObject({
      title: 'Retry payouts idempotently',
      labels: ['faultline'],
      assignees: ['dan-gh'],
    });
    expect(create.body!.body).toContain('**Acceptance criteria:** Retry payouts idempotently: proven in a game day');
    expect(create.body!.body).toContain(`/incidents/${incidentId}/postmortem`);
    expect((await action(synced.id)).sync).toEqual({
      tracker: 'payments-gh',
      ref: '41',
      url: 'https://github.example/acme/payments/issues/41',
      state: 'open',
      error: null,
    });
    const timeline = (await api<IncidentDetail>(`/api/v1/incidents/${incidentId}`, 'GET')).timeline;
    expect(timeline.map((t) => t.message)).toContain(
      `action #${synced.id} mirrored to payments-gh: https://github.example/acme/payments/issues/41`,
    );
    // Starting work leaves the issue open: nothing to write.
    await api(`/api/v1/actions/${synced.id}/move`, 'POST', { to: 'in_progress' });
    await s.engine!.drain();
    expect(seen).toHaveLength(1);
  });

  it('closes the issue when the action is done and reopens it when the verifier rejects the work', async () => {
    await api(`/api/v1/actions/${synced.id}/move`, 'POST', { to: 'done' });
    await s.engine!.drain();
    expect(seen.slice(1).map((r) => [`${r.method} ${r.url}`, r.body])).toEqual([
      ['PATCH /repos/acme/payments/issues/41', { state: 'closed', state_reason: 'completed' }],
    ]);
    expect(gh.state.get(41)).toBe('closed');
    await api(`/api/v1/actions/${synced.id}/move`, 'POST', { to: 'in_progress', reason: 'still flaky under load' });
    await s.engine!.drain();
    expect(seen.slice(2).map((r) => [`${r.method} ${r.url}`, r.body])).toEqual([
      ['PATCH /repos/acme/payments/issues/41', { state: 'open', state_reason: 'reopened' }],
    ]);
    expect((await action(synced.id)).sync?.state).toBe('open');
  });

  it('a signed "closed" delivery completes the action without writing back; a repeat changes nothing', async () => {
    const closed = {
      action: 'closed',
      issue: { number: 41, state: 'closed', html_url: 'https://github.example/acme/payments/issues/41' },
      repository: { full_name: 'acme/payments' },
      sender: { login: 'dan-gh' },
    };
    expect((await deliver(closed, 'not-the-secret-at-all')).status).toBe(401);
    expect((await action(synced.id)).state).toBe('in_progress');
    const first = await deliver(closed);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ actionId: synced.id, state: 'done', changed: true });
    const before = seen.length;
    await s.engine!.drain();
    expect(seen.length).toBe(before); // the issue is already closed
    expect(await (await deliver(closed)).json()).toEqual({ actionId: synced.id, state: 'done', changed: false });
    const timeline = (await api<IncidentDetail>(`/api/v1/incidents/${incidentId}`, 'GET')).timeline;
    expect(timeline.filter((t) => t.message.includes('issue 41 closed in payments-gh by dan-gh'))).toHaveLength(1);
    // Other events, repositories and issues are ignored.
    expect(await (await deliver({ ...closed, repository: { full_name: 'acme/other' } })).json()).toMatchObject({
      changed: false,
      actionId: null,
    });
    expect(await (await deliver({ zen: 'Keep it logically awesome.' }, WEBHOOK_SECRET, 'ping')).json()).toMatchObject({
      actionId: null,
    });
    // A reopened issue sends the done action back to work.
    const reopened = await deliver({ ...closed, action: 'reopened', issue: { ...closed.issue, state: 'open' } });
    expect(await reopened.json()).toEqual({ actionId: synced.id, state: 'in_progress', changed: true });
    expect((await s.api('/api/v1/trackers/nope/webhook', { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('shows a refused token or a repository it cannot see as the sync error, without retrying', async () => {
    const revoked = (await (await addAction('Page the payouts team', 'wrong-token')).json()) as ActionView;
    const hidden = (await (await addAction('Split the payouts job', 'hidden-repo')).json()) as ActionView;
    const before = seen.length;
    await s.engine!.drain();
    expect(seen.length - before).toBe(2);
    expect((await action(revoked.id)).sync?.error).toMatch(/^GitHub create issue: 401 Bad credentials/);
    expect((await action(hidden.id)).sync?.error).toMatch(/^GitHub create issue: 404 Not Found/);
    clock.advance(3_600_000);
    await s.engine!.drain();
    expect(seen.length - before).toBe(2);
  });

  it('retries a 502 and then creates the issue once', async () => {
    gh.fail.next = { status: 502 };
    const a = (await (await addAction('Alert on payout lag', 'payments-gh')).json()) as ActionView;
    await s.engine!.drain();
    expect((await action(a.id)).sync).toMatchObject({ ref: null, error: expect.stringMatching(/502/) });
    clock.advance(60_000);
    await s.engine!.drain();
    expect((await action(a.id)).sync).toMatchObject({ ref: '42', state: 'open', error: null });
  });

  it('refuses an unknown tracker naming the field', async () => {
    const res = await addAction('Anything', 'jira-nope');
    expect(res.status).toBe(400);
    expect(
      ((await res.json()) as { error: { fields: Array<{ path: string }> } }).error.fields.map((f) => f.path),
    ).toEqual(['sync']);
  });
});
