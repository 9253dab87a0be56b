/**
 * Mirroring improvement actions to GitLab issues (issue 10 item 6), against a local HTTP server that checks the
 * documented requests of GitLab's REST API v4 ("New issue": POST /api/v4/projects/:id/issues with the project path
 * URL-encoded; "Edit an issue": PUT /api/v4/projects/:id/issues/:issue_iid with state_event; PRIVATE-TOKEN
 * authentication) and answers as GitLab does, errors included (401 {"message":"401 Unauthorized"}). A signed Issue
 * Hook (X-Gitlab-Token) that closes the issue completes the action.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ActionView, IncidentList, PostmortemView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const TOKEN = 'glpat-faultline-test-0123456789';
const SECRET = 'gitlab-hook-secret-0123456789';
const ANA = { name: 'Ana', email: 'ana@example.com' };
const DAN = { name: 'Dan', email: 'dan@example.com' };

describe('actions mirrored to GitLab issues', () => {
  const clock = new FakeClock('2026-07-06T13:00:00Z');
  const seen: Array<{ method: string; url: string; token: string | undefined; body: Record<string, unknown> | null }> =
    [];
  const state = new Map<number, string>();
  let gitlab: Server;
  let s: TestServer;
  let pm: PostmortemView;
  let synced: ActionView;
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let t = '';
      req.on('data', (c: Buffer) => (t += c.toString('utf8')));
      req.on('end', () => resolve(t));
    });
  const api = async <T>(path: string, method = 'GET', body?: unknown): Promise<T> => {
    const res = await s.api(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBe(200);
    return (await res.json()) as T;
  };
  const action = async (id: number) =>
    (await api<PostmortemView>(`/api/v1/postmortems/${pm.id}`)).actions.find((a) => a.id === id)!;
  const add = (title: string, sync: string) =>
    api<ActionView>(`/api/v1/postmortems/${pm.id}/actions`, 'POST', {
      title,
      owner: DAN.email,
      verifier: ANA.email,
      acceptanceCriteria: `${title}: shown in a drill`,
      type: 'detect',
      dueAt: '2026-07-10T04:00:00.000Z',
      sync,
    });

  beforeAll(async () => {
    let iid = 6;
    gitlab = createServer(async (req, res) => {
      const raw = await read(req);
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
      const token = req.headers['private-token'] as string | undefined;
      seen.push({ method: req.method!, url: req.url!, token, body });
      const answer = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (token !== TOKEN) return answer(401, { message: '401 Unauthorized' });
      if (req.method === 'POST' && req.url === '/api/v4/projects/acme%2Fpayments/issues') {
        if (!body?.title) return answer(400, { error: 'title is missing' });
        const n = ++iid;
        state.set(n, 'opened');
        return answer(201, {
          id: 9000 + n,
          iid: n,
          state: 'opened',
          web_url: `https://gitlab.example/acme/payments/-/issues/${n}`,
        });
      }
      const m = /^\/api\/v4\/projects\/acme%2Fpayments\/issues\/(\d+)$/.exec(req.url!);
      if (req.method === 'PUT' && m && state.has(Number(m[1]))) {
        const event = body?.state_event;
        if (event !== 'close' && event !== 'reopen')
          return answer(400, { error: 'state_event does not have a valid value' });
        state.set(Number(m[1]), event === 'close' ? 'closed' : 'opened');
        return answer(200, { iid: Number(m[1]), state: state.get(Number(m[1])) });
      }
      return answer(404, { message: '404 Project Not Found' });
    });
    await new Promise<void>((r) => gitlab.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(gitlab.address() as AddressInfo).port}`;
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
        integrations: [{ key: 'gitlab-sync-test', source: 'alertmanager', routeByLabel: 'service' }],
        outbound: { allow: ['127.0.0.1'] },
        postmortem: {
          inviteToReview: false,
          trackers: [
            {
              id: 'pay-gl',
              kind: 'gitlab',
              url,
              project: 'acme/payments',
              token: TOKEN,
              webhookSecret: SECRET,
              assignees: { [DAN.email]: 42 },
            },
            { id: 'old-gl', kind: 'gitlab', url, project: 'acme/payments', token: 'glpat-revoked' },
          ],
        },
      }),
    });
    await s.post('/api/v1/intake/alertmanager/gitlab-sync-test', {
      version: '4',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'RefundsLate', service: 'pay-api', severity: 'critical' },
          annotations: { summary: 'Refunds are late' },
          startsAt: clock.now().toISOString(),
        },
      ],
    });
    await s.engine!.drain();
    const incidentId = ((await (await s.api('/api/v1/incidents')).json()) as IncidentList).incidents[0]!.id;
    await api(`/api/v1/incidents/${incidentId}/resolve`, 'POST');
    await s.engine!.drain();
    pm = await api<PostmortemView>(`/api/v1/incidents/${incidentId}/postmortem`);
  });
  afterAll(async () => {
    await s?.dispose();
    await new Promise((r) => gitlab.close(r));
  });

  it('creates the issue with its due date, labels and assignee, and closes it when the action is done', async () => {
    synced = await add('Alert on refund lag', 'pay-gl');
    await s.engine!.drain();
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/v4/projects/acme%2Fpayments/issues']);
    expect(seen[0]!.body).toMatchObject({
      title: 'Alert on refund lag',
      due_date: '2026-07-10',
      labels: 'faultline',
      assignee_ids: [42],
    });
    expect(String(seen[0]!.body!.description)).toContain(
      '**Acceptance criteria:** Alert on refund lag: shown in a drill',
    );
    expect((await action(synced.id)).sync).toMatchObject({
      ref: '7',
      url: 'https://gitlab.example/acme/payments/-/issues/7',
      state: 'open',
      error: null,
    });
    await api(`/api/v1/actions/${synced.id}/move`, 'POST', { to: 'done' });
    await s.engine!.drain();
    expect(seen.slice(1).map((r) => [`${r.method} ${r.url}`, r.body])).toEqual([
      ['PUT /api/v4/projects/acme%2Fpayments/issues/7', { state_event: 'close' }],
    ]);
    expect(state.get(7)).toBe('closed');
  });

  it('a reopen in GitLab sends the action back to work; a wrong token is 401', async () => {
    const hook = JSON.stringify({
      object_kind: 'issue',
      event_type: 'issue',
      user: { username: 'dan' },
      project: { id: 3, path_with_namespace: 'acme/payments' },
      object_attributes: { iid: 7, action: 'reopen', state: 'opened' },
    });
    const post = (token: string) =>
      fetch(`${s.url}/api/v1/trackers/pay-gl/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-gitlab-event': 'Issue Hook', 'x-gitlab-token': token },
        body: hook,
      });
    expect((await post('not-the-token-0123456789')).status).toBe(401);
    expect(await (await post(SECRET)).json()).toEqual({ actionId: synced.id, state: 'in_progress', changed: true });
    const before = seen.length;
    await s.engine!.drain();
    expect(seen.length).toBe(before);
  });

  it('shows a refused token as the sync error', async () => {
    const a = await add('Page on refund lag', 'old-gl');
    await s.engine!.drain();
    expect((await action(a.id)).sync?.error).toBe('GitLab create issue: 401 401 Unauthorized');
  });
});
