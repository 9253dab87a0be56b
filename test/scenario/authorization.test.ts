/**
 * Authorization (docs/identity.md, docs/security.md): one table of role × endpoint, each cell checked through
 * the real API for allow (2xx) or deny (403, or 404 for an incident or invitation the caller may not even
 * see). Memberships change by invitation (a manager) or directly (an admin); another person's contact methods
 * and rules are an admin's only. The callers are personal
 * tokens of people with each server-wide role, and a service token limited to team payments. Team roles
 * raise a person's role for their team's data only; a token of one team neither sees nor touches another's
 * incidents. Session rows: a console session started from each caller's token ends (and its live stream
 * closes) when that token is revoked or the person is disabled, for good, and cannot renew itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type {
  IncidentDetail,
  IncidentList,
  InvitationView,
  SessionInfo,
  TokenCreated,
  TokenList,
  UserView,
} from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';
import { coreCatalog } from '../support/catalog-fixture.ts';
import { openStream } from '../support/live-stream.ts';

const INTAKE = '/api/v1/intake/alertmanager/authorization-test';
const ONCALL = 'oncall@example.com';
const SAM = 'sam@example.com';

const config = stringify({
  version: 1,
  catalog: coreCatalog({ 'checkout-api': 'payments', 'promotions-api': 'storefront' }, { module: 'checkout' }),
  teams: [
    { id: 'payments', members: [{ name: 'Alex Oncall', email: ONCALL }], escalationPolicy: 'payments' },
    { id: 'storefront', members: [{ name: 'Sam', email: SAM, role: 'manager' }], oncall: [SAM] },
  ],
  levels: {
    rules: [{ id: 'critical', sequence: 'P', level: 2, kind: 'generic', alert: { matchers: ['severity="critical"'] } }],
  },
  integrations: [
    { key: 'authorization-test', source: 'alertmanager', routeByLabel: 'service', fallbackService: 'checkout-api' },
  ],
  escalationPolicies: [
    {
      id: 'payments',
      steps: [{ targets: [{ user: ONCALL }] }, { delayMinutes: 5, targets: [{ user: ONCALL }] }],
    },
  ],
});

type Caller = 'admin' | 'manager' | 'responder' | 'viewer' | 'stakeholder' | 'paymentsToken';
const CALLERS: Caller[] = ['admin', 'manager', 'responder', 'viewer', 'stakeholder', 'paymentsToken'];
const PEOPLE = ['admin', 'manager', 'responder', 'viewer', 'stakeholder'] as const;

interface Fixtures {
  /** An open incident of each team (created once). */
  payments: number;
  storefront: number;
  /** A fresh incident of team payments (for actions that change it). */
  freshPayments(): Promise<number>;
  freshStorefront(): Promise<number>;
  /** The id of the first alert of incident `id`. */
  alertOf(id: number): Promise<number>;
  /** A person's user id by server-wide role. */
  userId(role: (typeof PEOPLE)[number]): number;
  /** A fresh API token made by the admin; its id. */
  freshToken(): Promise<number>;
  /** A fresh API-made member of team payments; their user id. */
  freshMember(): Promise<number>;
  /** A fresh invitation (made by the admin) of `email` to team `team` with role stakeholder; its id. */
  freshInvitation(email: string, team?: string): Promise<number>;
}

interface Row {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: (f: Fixtures, caller: Caller) => Promise<string> | string;
  body?: (caller: Caller) => unknown;
  /** Callers that get a 2xx; every other caller gets `denied` (403 unless said otherwise). */
  allow: Caller[];
  denied?: 403 | 404;
}

/** A console session started from a fresh credential of a caller (a person's personal token, or the team token). */
interface SessionCaller {
  caller: Caller;
  /** The API token it was started with. */
  tokenId: number;
  tokenName: string;
  /** `faultline_session=…`, and the secret alone. */
  cookie: string;
  secret: string;
  /** The person, or null for the team-limited service token. */
  userId: number | null;
}

/**
 * Session rows (docs/identity.md#sessions): a session of each caller, after something happened to what made
 * it; `works` says whether it still does (200) or not (401).
 */
interface SessionRow {
  name: string;
  /** Does the thing and answers whether the session (or its stream) still works. */
  run(c: SessionCaller, h: SessionHelpers): Promise<boolean>;
  works: boolean;
  /** Only for callers that are people (disabling needs a person). */
  peopleOnly?: true;
}

interface SessionHelpers {
  /** GET /api/v1/session with the cookie: true for 200, false for 401 (anything else fails the test). */
  use(cookie: string): Promise<boolean>;
  revoke(tokenId: number): Promise<void>;
  setDisabled(userId: number, disabled: boolean): Promise<void>;
  /** An admin-made token of this name (`user`: personal, `team`: limited); its id and secret. */
  token(name: string, role: string, user?: string, team?: string): Promise<{ id: number; token: string }>;
  baseUrl: string;
}

const SESSION_ROWS: SessionRow[] = [
  { name: 'used as it is', run: (c, h) => h.use(c.cookie), works: true },
  {
    name: 'after the token it was started with is revoked',
    run: async (c, h) => {
      await h.revoke(c.tokenId);
      return h.use(c.cookie);
    },
    works: false,
  },
  {
    name: 'after another token of the same name is revoked',
    run: async (c, h) => {
      await h.revoke((await h.token(c.tokenName, 'viewer')).id);
      return h.use(c.cookie);
    },
    works: true,
  },
  {
    name: 'renewed from itself (POST /api/v1/session with its own secret)',
    run: async (c, h) => {
      const res = await fetch(`${h.baseUrl}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: c.secret }),
      });
      expect([200, 401]).toContain(res.status);
      return res.status === 200;
    },
    works: false,
  },
  {
    name: 'after its person is disabled',
    run: async (c, h) => {
      await h.setDisabled(c.userId!, true);
      return h.use(c.cookie);
    },
    works: false,
    peopleOnly: true,
  },
  {
    name: 'after its person is disabled and enabled again',
    run: async (c, h) => {
      await h.setDisabled(c.userId!, true);
      await h.setDisabled(c.userId!, false);
      return h.use(c.cookie);
    },
    works: false,
    peopleOnly: true,
  },
  {
    name: 'its live stream, after the token the session came from is revoked',
    run: async (c, h) => {
      const stream = await openStream(h.baseUrl, { cookie: c.cookie });
      expect(stream.status).toBe(200);
      await h.revoke(c.tokenId);
      const closed = await waitFor('the stream to close', async () => stream.ended(), 3_000).catch(() => false);
      await stream.close();
      return !closed;
    },
    works: false,
  },
];

const responders: Caller[] = ['admin', 'manager', 'responder', 'paymentsToken'];
const viewers: Caller[] = ['admin', 'manager', 'responder', 'viewer'];
const everyone: Caller[] = CALLERS;
let seq = 0;
/** The person behind a caller (the payments token is no person: it stands in for the viewer's invitation). */
const personOf = (c: Caller) => (c === 'paymentsToken' ? 'viewer' : c);

const TABLE: Row[] = [
  { name: 'list incidents', method: 'GET', path: () => '/api/v1/incidents', allow: everyone },
  { name: 'list risks', method: 'GET', path: () => '/api/v1/risks', allow: everyone },
  { name: 'who am I', method: 'GET', path: () => '/api/v1/session', allow: everyone },
  { name: "get own team's incident", method: 'GET', path: (f) => `/api/v1/incidents/${f.payments}`, allow: everyone },
  {
    name: "get another team's incident",
    method: 'GET',
    path: (f) => `/api/v1/incidents/${f.storefront}`,
    allow: PEOPLE.slice(),
    denied: 404,
  },
  {
    name: 'acknowledge',
    method: 'POST',
    path: async (f) => `/api/v1/incidents/${await f.freshPayments()}/acknowledge`,
    allow: responders,
  },
  {
    name: "acknowledge another team's incident",
    method: 'POST',
    path: async (f) => `/api/v1/incidents/${await f.freshStorefront()}/acknowledge`,
    allow: ['admin', 'manager', 'responder'],
    // The team-limited token may not see it (404); viewers and stakeholders may see it but not act (403).
  },
  {
    name: 'escalate',
    method: 'POST',
    path: async (f) => `/api/v1/incidents/${await f.freshPayments()}/escalate`,
    allow: responders,
  },
  {
    name: 'set level',
    method: 'POST',
    path: async (f) => `/api/v1/incidents/${await f.freshPayments()}/level`,
    body: () => ({ sequence: 'P', level: 1, reason: 'checkout is down for everyone' }),
    allow: responders,
  },
  {
    name: 'record impact facts',
    method: 'POST',
    path: async (f) => `/api/v1/incidents/${await f.freshPayments()}/facts`,
    body: () => ({ facts: { affectedUsers: 10 } }),
    allow: responders,
  },
  {
    name: 'mark an incident as noise',
    method: 'POST',
    path: async (f) => `/api/v1/incidents/${await f.freshPayments()}/noise`,
    body: () => ({ reason: 'flapping probe' }),
    allow: responders,
  },
  {
    name: "take back an incident's noise mark",
    method: 'DELETE',
    path: (f) => `/api/v1/incidents/${f.payments}/noise`,
    allow: responders,
  },
  {
    name: 'mark an alert as noise',
    method: 'POST',
    path: async (f) => {
      const id = await f.freshPayments();
      return `/api/v1/incidents/${id}/alerts/${await f.alertOf(id)}/noise`;
    },
    body: () => ({ reason: 'flapping probe' }),
    allow: responders,
  },
  {
    name: "take back an alert's noise mark",
    method: 'DELETE',
    path: async (f) => `/api/v1/incidents/${f.payments}/alerts/${await f.alertOf(f.payments)}/noise`,
    allow: responders,
  },
  {
    name: "mark another team's incident as noise",
    method: 'POST',
    path: async (f) => `/api/v1/incidents/${await f.freshStorefront()}/noise`,
    body: () => ({ reason: 'flapping probe' }),
    allow: ['admin', 'manager', 'responder'],
  },
  { name: 'list modules', method: 'GET', path: () => '/api/v1/modules', allow: viewers },
  {
    name: 'level rules of a module',
    method: 'GET',
    path: () => '/api/v1/modules/checkout/level-rules',
    allow: viewers,
  },
  {
    name: 'lint level rules',
    method: 'POST',
    path: () => '/api/v1/modules/checkout/level-rules/lint',
    body: () => ({ rules: [] }),
    allow: ['admin', 'manager', 'responder'],
  },
  { name: 'list KPI watches', method: 'GET', path: () => '/api/v1/kpi-watches', allow: viewers },
  {
    name: 'list tokens (people see their own)',
    method: 'GET',
    path: () => '/api/v1/tokens',
    allow: PEOPLE.slice(),
  },
  {
    name: 'create an admin token',
    method: 'POST',
    path: () => '/api/v1/tokens',
    body: (c) => ({ name: `made-by-${c}-${++seq}`, role: 'admin' }),
    allow: ['admin'],
  },
  { name: 'list users', method: 'GET', path: () => '/api/v1/users', allow: viewers },
  // Names only (no contact details), for showing names where the API gives emails: whoever sees some team.
  { name: 'the people directory', method: 'GET', path: () => '/api/v1/people', allow: everyone },
  // Alerts are incident detail: a stakeholder, who sees headers only, may not list them.
  { name: 'list alerts', method: 'GET', path: () => '/api/v1/alerts', allow: [...viewers, 'paymentsToken'] },
  { name: 'list services', method: 'GET', path: () => '/api/v1/services', allow: [...viewers, 'paymentsToken'] },
  {
    name: "link an escalation policy to a team's service",
    method: 'PATCH',
    path: () => '/api/v1/services/checkout-api',
    body: () => ({ escalationPolicy: null }),
    allow: ['admin', 'manager'],
  },
  {
    name: 'create a user',
    method: 'POST',
    path: () => '/api/v1/users',
    body: (c) => ({ email: `new-${c}-${++seq}@example.com`, name: 'New Person' }),
    allow: ['admin'],
  },
  { name: 'list teams', method: 'GET', path: () => '/api/v1/teams', allow: [...viewers, 'paymentsToken'] },
  {
    name: 'create a team',
    method: 'POST',
    path: () => '/api/v1/teams',
    body: (c) => ({ id: `team-${c.toLowerCase()}-${++seq}`, name: 'A team' }),
    allow: ['admin', 'manager'],
  },
  {
    name: 'add a team member directly, without their consent',
    method: 'POST',
    path: () => '/api/v1/teams/payments/members',
    body: (c) => ({ email: `invitee-${c}@example.com`, role: 'viewer' }),
    allow: ['admin'],
  },
  {
    name: 'invite someone to a team',
    method: 'POST',
    path: () => '/api/v1/teams/storefront/invitations',
    body: (c) => ({ email: `invitee-${c}@example.com`, role: 'viewer' }),
    allow: ['admin', 'manager'],
  },
  {
    name: "a team's pending invitations",
    method: 'GET',
    path: () => '/api/v1/teams/payments/invitations',
    allow: [...viewers, 'paymentsToken'],
  },
  { name: 'own pending invitations', method: 'GET', path: () => '/api/v1/invitations', allow: everyone },
  {
    name: 'accept an invitation made for oneself',
    method: 'POST',
    path: async (f, c) => `/api/v1/invitations/${await f.freshInvitation(`${personOf(c)}@example.com`)}/accept`,
    allow: PEOPLE.slice(),
    denied: 404, // the payments token is no person: the invitation (of nobody it is) does not exist for it
  },
  {
    name: 'decline an invitation made for oneself',
    method: 'POST',
    path: async (f, c) => `/api/v1/invitations/${await f.freshInvitation(`${personOf(c)}@example.com`)}/decline`,
    allow: PEOPLE.slice(),
    denied: 404,
  },
  {
    name: "accept someone else's invitation",
    method: 'POST',
    path: async (f, c) => `/api/v1/invitations/${await f.freshInvitation(`invitee-${c}@example.com`)}/accept`,
    allow: [],
    denied: 404,
  },
  {
    name: 'cancel an invitation',
    method: 'DELETE',
    path: async (f, c) => `/api/v1/invitations/${await f.freshInvitation(`invitee-${c}@example.com`, 'payments')}`,
    allow: ['admin', 'manager'],
  },
  {
    name: 'revoke a token',
    method: 'DELETE',
    path: async (f) => `/api/v1/tokens/${await f.freshToken()}`,
    allow: ['admin'],
    denied: 404, // someone else's token is not shown to a non-admin
  },
  { name: 'me', method: 'GET', path: () => '/api/v1/users/me', allow: PEOPLE.slice(), denied: 404 },
  {
    name: 'get a user',
    method: 'GET',
    path: (f) => `/api/v1/users/${f.userId('admin')}`,
    allow: viewers,
  },
  {
    name: 'change own name',
    method: 'PATCH',
    path: (f, c) => `/api/v1/users/${f.userId(c === 'paymentsToken' ? 'viewer' : c)}`,
    body: (c) => ({ name: `The ${c}` }),
    allow: PEOPLE.slice(),
  },
  {
    name: "change someone's role",
    method: 'PATCH',
    path: (f) => `/api/v1/users/${f.userId('stakeholder')}`,
    body: () => ({ role: 'stakeholder' }),
    allow: ['admin'],
  },
  { name: 'get a team', method: 'GET', path: () => '/api/v1/teams/payments', allow: [...viewers, 'paymentsToken'] },
  {
    name: "change a member's role",
    method: 'PATCH',
    path: async (f) => `/api/v1/teams/payments/members/${await f.freshMember()}`,
    body: () => ({ role: 'responder' }),
    allow: ['admin', 'manager'],
  },
  {
    name: 'remove a team member',
    method: 'DELETE',
    path: async (f) => `/api/v1/teams/payments/members/${await f.freshMember()}`,
    allow: ['admin', 'manager'],
  },
  { name: 'who is on call', method: 'GET', path: () => '/api/v1/oncall', allow: viewers },
  {
    name: 'escalation policies (those one may read)',
    method: 'GET',
    path: () => '/api/v1/escalation-policies',
    allow: everyone,
  },
  {
    name: 'resolve',
    method: 'POST',
    path: async (f) => `/api/v1/incidents/${await f.freshPayments()}/resolve`,
    allow: responders,
  },
  { name: 'schedules (those one may read)', method: 'GET', path: () => '/api/v1/schedules', allow: everyone },
  { name: 'lint the on-call setup', method: 'GET', path: () => '/api/v1/oncall/lint', allow: viewers },
  {
    name: "a stakeholder's contact methods (theirs, or an admin's to read)",
    method: 'GET',
    path: (f) => `/api/v1/users/${f.userId('stakeholder')}/contact-methods`,
    allow: ['admin', 'stakeholder'],
  },
  {
    name: 'own contact methods',
    method: 'GET',
    path: (f, c) => `/api/v1/users/${f.userId(c === 'paymentsToken' ? 'viewer' : c)}/contact-methods`,
    allow: PEOPLE.slice(),
  },
  {
    name: "add a contact method to the viewer (theirs, or an admin's)",
    method: 'POST',
    path: (f) => `/api/v1/users/${f.userId('viewer')}/contact-methods`,
    body: (c) => ({ kind: 'email', address: `from-${c}-${++seq}@example.com` }),
    allow: ['admin', 'viewer'],
  },
  {
    name: "the viewer's notification rules",
    method: 'GET',
    path: (f) => `/api/v1/users/${f.userId('viewer')}/notification-rules`,
    allow: ['admin', 'viewer'],
  },
  {
    name: "replace the viewer's notification rules",
    method: 'PUT',
    path: (f) => `/api/v1/users/${f.userId('viewer')}/notification-rules`,
    body: () => ({ rules: [] }),
    allow: ['admin', 'viewer'],
  },
  { name: 'read the audit log', method: 'GET', path: () => '/api/v1/audit', allow: ['admin', 'manager'] },
  { name: 'reload the config', method: 'POST', path: () => '/api/v1/config/reload', allow: ['admin'] },
];

describe('authorization: role × endpoint', () => {
  const clock = new FakeClock('2026-11-21T14:00:00Z');
  let s: TestServer;
  const tokens = {} as Record<Caller, string>;
  let f: Fixtures;
  let alertSeq = 0;
  const userIds: Record<string, number> = {};

  async function open(service: string): Promise<number> {
    const name = `Authz-${++alertSeq}-alert`;
    const res = await s.post(INTAKE, {
      version: '4',
      alerts: [{ status: 'firing', labels: { alertname: name, service, severity: 'critical' } }],
    });
    expect(res.status).toBe(202);
    await s.engine!.drain();
    const { incidents } = (await (await s.api('/api/v1/incidents')).json()) as IncidentList;
    return incidents.find((i) => i.title.startsWith(name))!.id;
  }

  const as = (caller: Caller, path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${s.url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${tokens[caller]}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });

  beforeAll(async () => {
    s = await startTestServer({
      clock,
      configYaml: config,
      providers: { email: recordingProvider() },
      engineLoop: false,
    });
    for (const caller of CALLERS) {
      const invitee = await s.api('/api/v1/users', {
        method: 'POST',
        body: JSON.stringify({ email: `invitee-${caller}@example.com`, name: `Invitee of ${caller}` }),
      });
      expect(invitee.status).toBe(201);
    }
    // Invitations the callers accept go to a team of their own, so no caller gains a role on payments.
    expect(
      (await s.api('/api/v1/teams', { method: 'POST', body: JSON.stringify({ id: 'lounge', name: 'Lounge' }) })).status,
    ).toBe(201);
    for (const role of PEOPLE) {
      const email = `${role}@example.com`;
      const created = await s.api('/api/v1/users', {
        method: 'POST',
        body: JSON.stringify({ email, name: `The ${role}`, role }),
      });
      expect(created.status).toBe(201);
      userIds[role] = ((await created.json()) as UserView).id;
      const t = await s.api('/api/v1/tokens', {
        method: 'POST',
        body: JSON.stringify({ name: `${role} laptop`, role, user: email }),
      });
      expect(t.status).toBe(201);
      tokens[role] = ((await t.json()) as TokenCreated).token;
    }
    const limited = await s.api('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'payments-bot', role: 'responder', team: 'payments' }),
    });
    expect(limited.status).toBe(201);
    tokens.paymentsToken = ((await limited.json()) as TokenCreated).token;
    f = {
      payments: await open('checkout-api'),
      storefront: await open('promotions-api'),
      freshPayments: () => open('checkout-api'),
      freshStorefront: () => open('promotions-api'),
      alertOf: async (id) => ((await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail).alerts[0]!.id,
      userId: (role) => userIds[role]!,
      async freshToken() {
        const t = await s.api('/api/v1/tokens', {
          method: 'POST',
          body: JSON.stringify({ name: 'temp', role: 'viewer' }),
        });
        return ((await t.json()) as TokenCreated & { id: number }).id;
      },
      async freshMember() {
        const email = `member-${++seq}@example.com`;
        const u = await s.api('/api/v1/users', { method: 'POST', body: JSON.stringify({ email, name: 'Member' }) });
        const id = ((await u.json()) as UserView).id;
        const m = await s.api('/api/v1/teams/payments/members', {
          method: 'POST',
          body: JSON.stringify({ email, role: 'viewer' }),
        });
        expect(m.status).toBe(200);
        return id;
      },
      async freshInvitation(email, team = 'lounge') {
        // A member of the team cannot be invited: take them off it first (an admin may).
        const users = (await (await s.api('/api/v1/users')).json()) as { users: UserView[] };
        const u = users.users.find((x) => x.email === email.toLowerCase())!;
        if (u.teams.some((t) => t.team === team))
          await s.api(`/api/v1/teams/${team}/members/${u.id}`, { method: 'DELETE' });
        const inv = await s.api(`/api/v1/teams/${team}/invitations`, {
          method: 'POST',
          body: JSON.stringify({ email, role: 'stakeholder' }),
        });
        expect(inv.status).toBe(201);
        return ((await inv.json()) as InvitationView).id;
      },
    };
  });
  afterAll(() => s.dispose());

  for (const row of TABLE) {
    describe(row.name, () => {
      for (const caller of CALLERS) {
        const allowed = row.allow.includes(caller);
        it(`${caller}: ${allowed ? 'allowed (2xx)' : `denied`}`, async () => {
          const path = await row.path(f, caller);
          const res = await as(caller, path, { method: row.method, body: row.body?.(caller) });
          const text = await res.text();
          if (allowed) {
            expect(res.status, text).toBeGreaterThanOrEqual(200);
            expect(res.status, text).toBeLessThan(300);
          } else {
            const expected =
              row.denied ??
              (caller === 'paymentsToken' && path.includes(`/incidents/`) && row.name.includes('another') ? 404 : 403);
            expect(res.status, text).toBe(expected);
          }
        });
      }
    });
  }

  it("a team-limited token does not see another team's incidents in lists", async () => {
    const list = (await (await as('paymentsToken', '/api/v1/incidents?status=all')).json()) as IncidentList;
    expect(list.incidents.length).toBeGreaterThan(0);
    expect(new Set(list.incidents.map((i) => i.team))).toEqual(new Set(['payments']));
    const all = (await (await as('viewer', '/api/v1/incidents?status=all')).json()) as IncidentList;
    expect(all.incidents.some((i) => i.team === 'storefront')).toBe(true);
  });

  it("a team-limited token's live stream carries only its team's incidents", async () => {
    const abort = new AbortController();
    const res = await fetch(`${s.url}/api/v1/stream`, {
      headers: { authorization: `Bearer ${tokens.paymentsToken}` },
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    const seen: number[] = [];
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    const pump = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffered += decoder.decode(value, { stream: true });
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) {
          if (line.startsWith('data: ')) seen.push((JSON.parse(line.slice(6)) as { incidentId: number }).incidentId);
        }
      }
    })().catch(() => undefined);
    const storefront = await f.freshStorefront();
    const payments = await f.freshPayments();
    await waitFor('the payments incident on the stream', async () => seen.includes(payments));
    // One more payments message, so any lookup for the storefront one has finished too.
    await s.api(`/api/v1/incidents/${payments}/acknowledge`, { method: 'POST' });
    await waitFor('the acknowledgement on the stream', async () => seen.filter((id) => id === payments).length > 1);
    expect(seen).not.toContain(storefront);
    abort.abort();
    await pump;
  });

  it('a stakeholder gets only the header of an incident: no alerts, timeline or deliveries', async () => {
    const d = (await (await as('stakeholder', `/api/v1/incidents/${f.payments}`)).json()) as IncidentDetail;
    expect(d).toMatchObject({ id: f.payments, team: 'payments', alerts: [], timeline: [], notifications: [] });
    const full = (await (await as('viewer', `/api/v1/incidents/${f.payments}`)).json()) as IncidentDetail;
    expect(full.alerts.length).toBeGreaterThan(0);
    expect(full.timeline.length).toBeGreaterThan(0);
  });

  it("a team role raises a person's role for that team only", async () => {
    // Sam is a config member of storefront with role manager, and a viewer server-wide.
    const users = (await (await s.api('/api/v1/users')).json()) as { users: UserView[] };
    const sam = users.users.find((u) => u.email === SAM)!;
    expect(sam).toMatchObject({ role: 'viewer', source: 'config', teams: [{ team: 'storefront', role: 'manager' }] });
    const t = await s.api('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'sam laptop', role: 'viewer', user: SAM }),
    });
    tokens.viewer = ((await t.json()) as TokenCreated).token; // reuse the viewer slot for Sam
    const who = (await (await as('viewer', '/api/v1/session')).json()) as SessionInfo;
    expect(who.teamRoles).toEqual({ storefront: 'manager' });
    expect(who.teamPermissions?.storefront).toContain('oncall:write');
    expect(who.permissions).not.toContain('oncall:write');
    expect(
      (await as('viewer', `/api/v1/incidents/${await f.freshStorefront()}/acknowledge`, { method: 'POST' })).status,
    ).toBe(200);
    expect(
      (await as('viewer', `/api/v1/incidents/${await f.freshPayments()}/acknowledge`, { method: 'POST' })).status,
    ).toBe(403);
    // A team manager invites to their own team only, and adds nobody directly.
    const invite = await as('viewer', '/api/v1/teams/storefront/invitations', {
      method: 'POST',
      body: { email: 'responder@example.com', role: 'viewer' },
    });
    expect(invite.status).toBe(201);
    const add = await as('viewer', '/api/v1/teams/storefront/members', {
      method: 'POST',
      body: { email: 'responder@example.com', role: 'viewer' },
    });
    expect(add.status).toBe(403);
    const other = await as('viewer', '/api/v1/teams/payments/invitations', {
      method: 'POST',
      body: { email: 'responder@example.com', role: 'viewer' },
    });
    expect(other.status).toBe(403);
  });

  it("a disabled person's tokens stop working at once; a role change applies at the next request", async () => {
    const users = (await (await s.api('/api/v1/users')).json()) as { users: UserView[] };
    const responder = users.users.find((u) => u.email === 'responder@example.com')!;
    const down = await s.api(`/api/v1/users/${responder.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ role: 'viewer' }),
    });
    expect(down.status).toBe(200);
    const id = await f.freshPayments();
    expect((await as('responder', `/api/v1/incidents/${id}/acknowledge`, { method: 'POST' })).status).toBe(403);
    const off = await s.api(`/api/v1/users/${responder.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ disabled: true }),
    });
    expect(off.status).toBe(200);
    expect((await as('responder', '/api/v1/incidents')).status).toBe(401);
  });

  it('a person may not give a token a stronger role than their own, nor make one for someone else', async () => {
    const up = await as('responder', '/api/v1/tokens', { method: 'POST', body: { name: 'x', role: 'admin' } });
    expect([401, 403]).toContain(up.status); // the responder was disabled above
    const mine = await as('manager', '/api/v1/tokens', { method: 'POST', body: { name: 'mgr cli', role: 'manager' } });
    expect(mine.status).toBe(201);
    const stronger = await as('manager', '/api/v1/tokens', { method: 'POST', body: { name: 'x', role: 'admin' } });
    expect(stronger.status).toBe(403);
    const other = await as('manager', '/api/v1/tokens', {
      method: 'POST',
      body: { name: 'x', role: 'viewer', user: 'viewer@example.com' },
    });
    expect(other.status).toBe(403);
    const limitedWiden = await as('paymentsToken', '/api/v1/tokens', {
      method: 'POST',
      body: { name: 'x', role: 'viewer' },
    });
    expect(limitedWiden.status).toBe(403);
  });

  it('a personal token made weaker than its person stays that weak', async () => {
    const t = await s.api('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'manager dashboard', role: 'viewer', user: 'manager@example.com' }),
    });
    const token = ((await t.json()) as TokenCreated).token;
    const call = (path: string, method = 'GET') =>
      fetch(`${s.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
    expect(((await (await call('/api/v1/session')).json()) as SessionInfo).role).toBe('viewer');
    expect((await call(`/api/v1/incidents/${f.payments}`)).status).toBe(200);
    expect((await call(`/api/v1/incidents/${await f.freshPayments()}/acknowledge`, 'POST')).status).toBe(403);
    expect((await call('/api/v1/audit')).status).toBe(403);
  });

  it('records when a token was last used, at most once a minute', async () => {
    const t = await s.api('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'poller', role: 'viewer' }),
    });
    const created = (await t.json()) as TokenCreated & { id: number };
    const usedAt = async () => {
      const { tokens } = (await (await s.api('/api/v1/tokens')).json()) as TokenList;
      return tokens.find((x) => x.id === created.id)!.lastUsedAt;
    };
    const use = () => fetch(`${s.url}/api/v1/incidents`, { headers: { authorization: `Bearer ${created.token}` } });
    expect(await usedAt()).toBeNull();
    await use();
    const first = await usedAt();
    expect(first).toBe(clock.now().toISOString());
    clock.advance(30_000);
    await use();
    expect(await usedAt()).toBe(first);
    clock.advance(31_000);
    await use();
    expect(await usedAt()).toBe(clock.now().toISOString());
  });

  it('a scoped token may do only what its scopes name', async () => {
    const t = await s.api('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'dashboard', role: 'admin', scopes: ['incident:read'] }),
    });
    const token = ((await t.json()) as TokenCreated).token;
    const call = (path: string, method = 'GET') =>
      fetch(`${s.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
    expect((await call(`/api/v1/incidents/${f.payments}`)).status).toBe(200);
    expect((await call('/api/v1/incidents')).status).toBe(200);
    expect((await call(`/api/v1/incidents/${await f.freshPayments()}/acknowledge`, 'POST')).status).toBe(403);
    expect((await call('/api/v1/users')).status).toBe(403);
    expect((await call('/api/v1/config/reload', 'POST')).status).toBe(403);
  });
  describe('sessions: role × what happened to the credential', () => {
    let n = 0;
    const helpers = (): SessionHelpers => ({
      baseUrl: s.url,
      async use(cookie) {
        const res = await fetch(`${s.url}/api/v1/session`, { headers: { cookie } });
        expect([200, 401]).toContain(res.status);
        return res.status === 200;
      },
      async revoke(tokenId) {
        expect((await s.api(`/api/v1/tokens/${tokenId}`, { method: 'DELETE' })).status).toBe(200);
      },
      async setDisabled(userId, disabled) {
        const res = await s.api(`/api/v1/users/${userId}`, { method: 'PATCH', body: JSON.stringify({ disabled }) });
        expect(res.status).toBe(200);
      },
      async token(name, role, user, team) {
        const res = await s.api('/api/v1/tokens', { method: 'POST', body: JSON.stringify({ name, role, user, team }) });
        expect(res.status).toBe(201);
        return (await res.json()) as TokenCreated;
      },
    });

    /** A fresh credential of `caller` (a new person with that role, or a new payments token) and its session. */
    async function sessionOf(caller: Caller): Promise<SessionCaller> {
      const h = helpers();
      const tokenName = `session-${caller}-${++n}`;
      let userId: number | null = null;
      let made: { id: number; token: string };
      if (caller === 'paymentsToken') {
        made = await h.token(tokenName, 'responder', undefined, 'payments');
      } else {
        const email = `${tokenName}@example.com`;
        const u = await s.api('/api/v1/users', {
          method: 'POST',
          body: JSON.stringify({ email, name: tokenName, role: caller }),
        });
        expect(u.status).toBe(201);
        userId = ((await u.json()) as UserView).id;
        made = await h.token(tokenName, caller, email);
      }
      const secret = made.token;
      const res = await fetch(`${s.url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: secret }),
      });
      expect(res.status).toBe(200);
      const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
      return {
        caller,
        tokenId: made.id,
        tokenName,
        cookie,
        secret: decodeURIComponent(cookie.split('=')[1]!),
        userId,
      };
    }

    for (const row of SESSION_ROWS) {
      describe(row.name, () => {
        for (const caller of CALLERS) {
          if (row.peopleOnly && caller === 'paymentsToken') continue;
          it(`${caller}: ${row.works ? 'works' : 'ended'}`, async () => {
            const c = await sessionOf(caller);
            expect(await row.run(c, helpers())).toBe(row.works);
          });
        }
      });
    }
  });
});
