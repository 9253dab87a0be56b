/**
 * Authorization of the on-call endpoints (issue 4: "the console, API and CLI enforce the same
 * permissions"): one table of caller × endpoint for schedules, overrides, policies, the simulator, the lint
 * and feed links, each cell checked through the real API for allow (2xx) or deny (403). Permissions are
 * `oncall:read` / `oncall:write` on the owning team (auth/roles.ts); a responder may put themselves on call;
 * a person's calendar link is made by the person or an admin, a schedule's by its readers.
 * The callers are personal tokens of people with each server-wide role, a viewer who manages team payments,
 * and a responder token limited to team payments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { FeedLinkView, TokenCreated, UserList, UserView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { coreCatalog } from '../support/catalog-fixture.ts';

const config = stringify({
  version: 1,
  catalog: coreCatalog({ 'checkout-api': 'payments', 'promotions-api': 'storefront' }, { module: 'checkout' }),
  teams: [
    { id: 'payments', members: [{ name: 'Pat', email: 'pat@example.com' }], escalationPolicy: 'payments' },
    { id: 'storefront', members: [{ name: 'Sam', email: 'sam@example.com' }], oncall: ['sam@example.com'] },
  ],
  schedules: [
    {
      id: 'pay-primary',
      timeZone: 'UTC',
      layers: [
        { id: 'w', participants: ['pat@example.com'], shift: { every: 1, unit: 'weeks' }, start: '2026-11-16T09:00' },
      ],
    },
  ],
  escalationPolicies: [{ id: 'payments', steps: [{ targets: [{ schedule: 'pay-primary' }] }] }],
});

type Caller = 'admin' | 'manager' | 'responder' | 'viewer' | 'stakeholder' | 'payManager' | 'payToken';
const CALLERS: Caller[] = ['admin', 'manager', 'responder', 'viewer', 'stakeholder', 'payManager', 'payToken'];
const PEOPLE = ['admin', 'manager', 'responder', 'viewer', 'stakeholder'] as const;
const payReaders: Caller[] = ['admin', 'manager', 'responder', 'viewer', 'payManager', 'payToken'];
const payWriters: Caller[] = ['admin', 'manager', 'payManager'];
let seq = 0;

interface Row {
  name: string;
  method: 'GET' | 'POST' | 'DELETE';
  path: string | ((caller: Caller) => string | Promise<string>);
  body?: (caller: Caller) => unknown;
  allow: Caller[];
  /** What every other caller gets (default 403). */
  denied?: 403 | 404;
}

/** User ids by caller (people only) and of Pat; a fresh feed link of Pat's calendar made by the admin. */
const fx = {
  ids: {} as Record<string, number>,
  freshPatLink: async (): Promise<number> => 0,
};
/** The person behind a caller (the payments token is no person: it stands in for Pat). */
const idOf = (c: Caller) => fx.ids[c === 'payToken' ? 'pat' : c]!;

const schedule = (team: string) => () => ({
  id: `s-${++seq}`,
  team,
  timeZone: 'UTC',
  layers: [
    { id: 'l', participants: ['pat@example.com'], shift: { every: 1, unit: 'days' }, start: '2026-11-16T09:00' },
  ],
});
const window = () => {
  const start = Date.parse('2026-12-01T00:00:00Z') + ++seq * 3_600_000;
  return { start: new Date(start).toISOString(), end: new Date(start + 1_800_000).toISOString() };
};

const TABLE: Row[] = [
  { name: 'read a schedule of payments', method: 'GET', path: '/api/v1/schedules/pay-primary', allow: payReaders },
  { name: 'final schedule', method: 'GET', path: '/api/v1/schedules/pay-primary/final', allow: payReaders },
  { name: 'who is on call on it', method: 'GET', path: '/api/v1/schedules/pay-primary/oncall', allow: payReaders },
  {
    name: 'make a feed link of the payments schedule',
    method: 'POST',
    path: '/api/v1/schedules/pay-primary/ical-links',
    body: () => ({}),
    allow: payReaders,
  },
  {
    name: "make a feed link of one's own calendar",
    method: 'POST',
    path: (c) => `/api/v1/users/${idOf(c)}/ical-links`,
    body: () => ({}),
    allow: [...PEOPLE, 'payManager'],
  },
  {
    name: "make a feed link of Pat's calendar",
    method: 'POST',
    path: () => `/api/v1/users/${fx.ids.pat}/ical-links`,
    body: () => ({}),
    allow: ['admin'],
  },
  { name: 'list feed links (one’s own)', method: 'GET', path: '/api/v1/ical-links', allow: CALLERS },
  {
    name: "revoke a link of Pat's calendar made by the admin",
    method: 'DELETE',
    path: async () => `/api/v1/ical-links/${await fx.freshPatLink()}`,
    allow: ['admin'],
    denied: 404, // someone else's link does not exist for them
  },
  {
    name: 'create a payments schedule',
    method: 'POST',
    path: '/api/v1/schedules',
    body: schedule('payments'),
    allow: payWriters,
  },
  {
    name: 'create a storefront schedule',
    method: 'POST',
    path: '/api/v1/schedules',
    body: schedule('storefront'),
    allow: ['admin', 'manager'],
  },
  {
    name: 'override: put someone else on call',
    method: 'POST',
    path: '/api/v1/schedules/pay-primary/overrides',
    body: () => ({ user: 'pat@example.com', ...window() }),
    allow: payWriters,
  },
  {
    name: 'override: put oneself on call',
    method: 'POST',
    path: '/api/v1/schedules/pay-primary/overrides',
    body: (c) => ({ user: `${c === 'payManager' ? 'paymanager' : c}@example.com`, ...window() }),
    // A responder may; a viewer or stakeholder may not; a service token is nobody.
    allow: ['admin', 'manager', 'responder', 'payManager'],
  },
  {
    name: 'create a payments policy',
    method: 'POST',
    path: '/api/v1/escalation-policies',
    body: () => ({ id: `p-${++seq}`, team: 'payments', steps: [{ targets: [{ schedule: 'pay-primary' }] }] }),
    allow: payWriters,
  },
  {
    name: 'simulate a payments service',
    method: 'POST',
    path: '/api/v1/escalation/simulate',
    body: () => ({ service: 'checkout-api', level: 'P2' }),
    allow: payReaders,
  },
  {
    name: 'simulate a storefront service',
    method: 'POST',
    path: '/api/v1/escalation/simulate',
    body: () => ({ service: 'promotions-api', level: 'P2' }),
    allow: ['admin', 'manager', 'responder', 'viewer', 'payManager'],
  },
  {
    name: 'on-call lint (server-wide)',
    method: 'GET',
    path: '/api/v1/oncall/lint',
    allow: ['admin', 'manager', 'responder', 'viewer', 'payManager'],
  },
];

describe('authorization of the on-call endpoints: caller × endpoint', () => {
  const clock = new FakeClock('2026-11-21T14:00:00Z');
  let s: TestServer;
  const tokens = {} as Record<Caller, string>;
  const admin = (path: string, body: unknown) => s.api(path, { method: 'POST', body: JSON.stringify(body) });

  beforeAll(async () => {
    s = await startTestServer({ clock, configYaml: config, engineLoop: false });
    const person = async (key: Caller, email: string, role: string) => {
      const made = await admin('/api/v1/users', { email, name: key, role });
      expect(made.status).toBe(201);
      fx.ids[key] = ((await made.json()) as UserView).id;
      const t = await admin('/api/v1/tokens', { name: `${key} laptop`, role, user: email });
      expect(t.status).toBe(201);
      tokens[key] = ((await t.json()) as TokenCreated).token;
    };
    for (const role of PEOPLE) await person(role, `${role}@example.com`, role);
    await person('payManager', 'paymanager@example.com', 'viewer');
    expect(
      (await admin('/api/v1/teams/payments/members', { email: 'paymanager@example.com', role: 'manager' })).status,
    ).toBe(200);
    const limited = await admin('/api/v1/tokens', { name: 'payments-bot', role: 'responder', team: 'payments' });
    expect(limited.status).toBe(201);
    tokens.payToken = ((await limited.json()) as TokenCreated).token;
    const { users } = (await (await s.api('/api/v1/users')).json()) as UserList;
    fx.ids.pat = users.find((u) => u.email === 'pat@example.com')!.id;
    fx.freshPatLink = async () => {
      const link = await admin(`/api/v1/users/${fx.ids.pat}/ical-links`, {});
      expect(link.status).toBe(201);
      return ((await link.json()) as FeedLinkView).id;
    };
  });
  afterAll(() => s.dispose());

  for (const row of TABLE) {
    describe(row.name, () => {
      for (const caller of CALLERS) {
        const allowed = row.allow.includes(caller);
        it(`${caller}: ${allowed ? 'allowed (2xx)' : `denied (${row.denied ?? 403})`}`, async () => {
          const body = row.body?.(caller);
          const path = typeof row.path === 'string' ? row.path : await row.path(caller);
          const res = await fetch(`${s.url}${path}`, {
            method: row.method,
            headers: {
              authorization: `Bearer ${tokens[caller]}`,
              ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          const text = await res.text();
          if (allowed) expect(res.status, text).toBeLessThan(300);
          else expect(res.status, text).toBe(row.denied ?? 403);
        });
      }
    });
  }

  it('a list shows only what the caller may read', async () => {
    const list = async (c: Caller) =>
      (
        (await (
          await fetch(`${s.url}/api/v1/schedules`, { headers: { authorization: `Bearer ${tokens[c]}` } })
        ).json()) as {
          schedules: Array<{ id: string; team: string | null }>;
        }
      ).schedules;
    expect((await list('stakeholder')).length).toBe(0);
    const mine = await list('payToken');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((x) => x.team === 'payments')).toBe(true);
    expect((await list('admin')).some((x) => x.team === 'storefront')).toBe(true);
  });
});
