/**
 * Mirroring improvement actions to Jira (issue 10 item 6: "a sub-task of the fault's issue, due date and assignee
 * set"), against a local HTTP server that checks the documented requests of Jira Cloud's REST API (basic
 * authentication with an email and an API token; POST /rest/api/3/search/jql; POST /rest/api/2/issue with the
 * fields Jira requires; GET and POST /rest/api/3/issue/{key}/transitions) and answers as Jira does, errors
 * included (401 with errorMessages, 400 with field errors). The fault's issue is made once for all its actions;
 * done transitions the sub-task into the done category; a signed jira:issue_updated delivery that changes the
 * status flows back.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ActionView, IncidentList, PostmortemView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { signJiraDelivery } from '../../apps/server/src/postmortem/trackers/index.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const EMAIL = 'faultline-bot@example.com';
const TOKEN = 'jira-api-token-0123456789';
const SECRET = 'jira-webhook-secret-0123456789';
const ANA = { name: 'Ana', email: 'ana@example.com' };
const DAN = { name: 'Dan', email: 'dan@example.com' };

interface Issue {
  key: string;
  fields: Record<string, unknown>;
  category: string;
}

/** Jira Cloud's issue endpoints for project PAY, with its Task → Sub-task hierarchy and a three-status workflow. */
function fakeJira(seen: Array<{ method: string; url: string; body: Record<string, unknown> | null }>) {
  const issues = new Map<string, Issue>();
  let next = 100;
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let s = '';
      req.on('data', (c: Buffer) => (s += c.toString('utf8')));
      req.on('end', () => resolve(s));
    });
  const server = createServer(async (req, res) => {
    const raw = await read(req);
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
    seen.push({ method: req.method!, url: req.url!, body });
    const answer = (status: number, json?: unknown) => {
      res.writeHead(status, json === undefined ? {} : { 'content-type': 'application/json;charset=UTF-8' });
      res.end(json === undefined ? undefined : JSON.stringify(json));
    };
    if (req.headers.authorization !== `Basic ${Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64')}`)
      return answer(401, {
        errorMessages: ['You are not authenticated. Authentication required to perform this operation.'],
        errors: {},
      });
    if (req.method === 'POST' && req.url === '/rest/api/3/search/jql') {
      const m = /labels = "([^"]+)"/.exec(String(body?.jql));
      const hits = [...issues.values()].filter((i) => (i.fields.labels as string[]).includes(m?.[1] ?? ''));
      return answer(200, {
        issues: hits.slice(0, Number(body?.maxResults ?? 50)).map((i) => ({ id: i.key, key: i.key })),
        isLast: true,
      });
    }
    if (req.method === 'POST' && req.url === '/rest/api/2/issue') {
      const f = (body?.fields ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      const errors: Record<string, string> = {};
      if (f.project?.key !== 'PAY') errors.project = 'valid project is required';
      if (!f.summary) errors.summary = 'You must specify a summary of the issue.';
      if (f.issuetype?.name === 'Sub-task' && !issues.has(f.parent?.key))
        errors.parent = 'Could not find issue by id or key.';
      if (f.duedate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(f.duedate))
        errors.duedate = 'Error parsing date string';
      if (Object.keys(errors).length) return answer(400, { errorMessages: [], errors });
      const key = `PAY-${next++}`;
      issues.set(key, { key, fields: f, category: 'new' });
      return answer(201, { id: String(next), key, self: `http://jira.local/rest/api/2/issue/${next}` });
    }
    const t = /^\/rest\/api\/3\/issue\/(PAY-\d+)\/transitions$/.exec(req.url!);
    if (t && issues.has(t[1]!)) {
      const issue = issues.get(t[1]!)!;
      const transitions = [
        { id: '11', name: 'To Do', to: { name: 'To Do', statusCategory: { key: 'new' } } },
        { id: '21', name: 'In Progress', to: { name: 'In Progress', statusCategory: { key: 'indeterminate' } } },
        { id: '31', name: 'Done', to: { name: 'Done', statusCategory: { key: 'done' } } },
      ];
      if (req.method === 'GET') return answer(200, { expand: 'transitions', transitions });
      const id = (body?.transition as { id?: string } | undefined)?.id;
      const to = transitions.find((x) => x.id === id);
      if (!to)
        return answer(400, { errorMessages: ["Transition id '" + id + "' is not valid for this issue."], errors: {} });
      issue.category = to.to.statusCategory.key;
      return answer(204);
    }
    return answer(404, {
      errorMessages: ['Issue does not exist or you do not have permission to see it.'],
      errors: {},
    });
  });
  return { server, issues };
}

describe('actions mirrored to Jira sub-tasks', () => {
  const clock = new FakeClock('2026-07-06T13:00:00Z');
  const seen: Array<{ method: string; url: string; body: Record<string, unknown> | null }> = [];
  const jira = fakeJira(seen);
  let jiraServer: Server;
  let s: TestServer;
  let pm: PostmortemView;
  const made: ActionView[] = [];
  /** The Jira key of each action's sub-task (the two sync jobs may run in either order). */
  const keys: string[] = [];
  const api = async <T>(path: string, method = 'GET', body?: unknown): Promise<T> => {
    const res = await s.api(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBe(200);
    return (await res.json()) as T;
  };
  const action = async (id: number) =>
    (await api<PostmortemView>(`/api/v1/postmortems/${pm.id}`)).actions.find((a) => a.id === id)!;

  beforeAll(async () => {
    jiraServer = jira.server;
    await new Promise<void>((r) => jiraServer.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(jiraServer.address() as AddressInfo).port}`;
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
        integrations: [{ key: 'jira-sync-test', source: 'alertmanager', routeByLabel: 'service' }],
        outbound: { allow: ['127.0.0.1'] },
        postmortem: {
          inviteToReview: false,
          calendars: [{ id: 'ny', timeZone: 'America/New_York' }],
          teamCalendars: { payments: 'ny' },
          trackers: [
            {
              id: 'pay-jira',
              kind: 'jira',
              url,
              project: 'PAY',
              email: EMAIL,
              token: TOKEN,
              webhookSecret: SECRET,
              assignees: { [DAN.email]: '5b10ac8d82e05b22cc7d4ef5' },
            },
            { id: 'stale-jira', kind: 'jira', url, project: 'PAY', email: EMAIL, token: 'revoked' },
          ],
        },
      }),
    });
    await s.post('/api/v1/intake/alertmanager/jira-sync-test', {
      version: '4',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'SettlementLate', service: 'pay-api', severity: 'critical' },
          annotations: { summary: 'Settlement is late' },
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
    await new Promise((r) => jiraServer.close(r));
  });

  it("files each action as a sub-task of the fault's one issue, with its due day, assignee and text", async () => {
    for (const [title, dueAt] of [
      ['Page on settlement lag', '2026-07-10T04:00:00.000Z'], // the end of Thursday 9 July in New York
      ['Document the manual settlement', '2026-07-17T04:00:00.000Z'],
    ])
      made.push(
        await api<ActionView>(`/api/v1/postmortems/${pm.id}/actions`, 'POST', {
          title,
          owner: DAN.email,
          verifier: ANA.email,
          acceptanceCriteria: `${title}: shown in a drill`,
          type: 'detect',
          dueAt,
          sync: 'pay-jira',
        }),
      );
    await s.engine!.drain();
    const creates = seen.filter((r) => r.url === '/rest/api/2/issue').map((r) => r.body!.fields as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(creates).toHaveLength(3); // the fault's issue once, then one sub-task per action
    expect(creates[0]).toMatchObject({
      project: { key: 'PAY' },
      issuetype: { name: 'Task' },
      summary: `Incident #${pm.incidentId}: Settlement is late`,
      labels: ['faultline', `faultline-incident-${pm.incidentId}`],
    });
    const paging = creates.find((c) => c.summary === 'Page on settlement lag');
    expect(paging).toMatchObject({
      parent: { key: 'PAY-100' },
      issuetype: { name: 'Sub-task' },
      duedate: '2026-07-09',
      assignee: { accountId: '5b10ac8d82e05b22cc7d4ef5' },
    });
    expect(paging!.description).toContain('**Acceptance criteria:** Page on settlement lag: shown in a drill');
    expect(creates.find((c) => c.summary === 'Document the manual settlement')).toMatchObject({
      parent: { key: 'PAY-100' },
      duedate: '2026-07-16',
    });
    expect(seen.filter((r) => r.url === '/rest/api/3/search/jql').map((r) => r.body!.jql)).toEqual([
      `project = "PAY" AND labels = "faultline-incident-${pm.incidentId}" ORDER BY created ASC`,
      `project = "PAY" AND labels = "faultline-incident-${pm.incidentId}" ORDER BY created ASC`,
    ]);
    for (const a of made) {
      const sync = (await action(a.id)).sync!;
      expect(sync).toMatchObject({ ref: expect.stringMatching(/^PAY-10[12]$/), state: 'open', error: null });
      expect(sync.url).toMatch(new RegExp(`/browse/${sync.ref}$`));
      keys.push(sync.ref!);
    }
    expect(new Set(keys).size).toBe(2);
  });

  it('done moves the sub-task through the transition into the done category', async () => {
    const before = seen.length;
    await api(`/api/v1/actions/${made[0]!.id}/move`, 'POST', { to: 'done' });
    await s.engine!.drain();
    expect(seen.slice(before).map((r) => [`${r.method} ${r.url}`, r.body])).toEqual([
      [`GET /rest/api/3/issue/${keys[0]}/transitions`, null],
      [`POST /rest/api/3/issue/${keys[0]}/transitions`, { transition: { id: '31' } }],
    ]);
    expect(jira.issues.get(keys[0]!)!.category).toBe('done');
  });

  it('a signed status change in Jira moves the action; other changes and bad signatures do not', async () => {
    const delivery = (category: string, items = [{ field: 'status', fromString: 'To Do', toString: 'Done' }]) =>
      JSON.stringify({
        webhookEvent: 'jira:issue_updated',
        user: { displayName: 'Dan D.' },
        issue: { key: keys[1], fields: { status: { name: 'Done', statusCategory: { key: category } } } },
        changelog: { items },
      });
    const post = (raw: string, secret = SECRET) =>
      fetch(`${s.url}/api/v1/trackers/pay-jira/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature': signJiraDelivery(secret, raw) },
        body: raw,
      });
    expect((await post(delivery('done'), 'wrong-secret-0123456789')).status).toBe(401);
    expect(
      await (await post(delivery('done', [{ field: 'summary', fromString: 'a', toString: 'b' }]))).json(),
    ).toMatchObject({
      actionId: null,
    });
    expect(await (await post(delivery('done'))).json()).toEqual({
      actionId: made[1]!.id,
      state: 'done',
      changed: true,
    });
    const before = seen.length;
    await s.engine!.drain();
    expect(seen.length).toBe(before); // Jira already shows it done
  });

  it('shows a refused token as the sync error', async () => {
    const a = await api<ActionView>(`/api/v1/postmortems/${pm.id}/actions`, 'POST', {
      title: 'Reconcile nightly',
      owner: DAN.email,
      verifier: ANA.email,
      acceptanceCriteria: 'a reconciliation report each night',
      type: 'process',
      sync: 'stale-jira',
    });
    await s.engine!.drain();
    expect((await action(a.id)).sync?.error).toMatch(/^Jira create issue: 401 You are not authenticated/);
  });
});
