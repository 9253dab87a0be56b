/**
 * Text PostgreSQL cannot store is refused at the API's door (issue 15, finding 1): a NUL (`\u0000`) or a
 * lone surrogate (`\ud800`, `\udfff`) in a body field, a query parameter or a path parameter of an
 * authenticated endpoint answers 400 VALIDATION naming the field, and writes nothing. It used to answer
 * 500 from the user and team names, token name and team, fact notes and the audit filter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, IncidentList, UserList } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { changedTables, snapshot } from '../support/db-snapshot.ts';

/** The characters at fault, as JSON escapes (bodies) and percent-encoding (URLs; a surrogate has none). */
const hostile = [
  { name: 'NUL', json: '\\u0000', url: '%00' },
  { name: 'a lone high surrogate', json: '\\ud800', url: null },
  { name: 'a lone low surrogate', json: '\\udfff', url: null },
] as const;

interface Case {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  /** `X` stands for the hostile character. */
  path: (f: Fixtures) => string;
  body?: (f: Fixtures) => unknown;
  /** The field the answer must name. */
  field: string;
}

interface Fixtures {
  incident: number;
  userId: number;
}

const cases: Case[] = [
  {
    name: 'create a user: name',
    method: 'POST',
    path: () => '/api/v1/users',
    body: () => ({ email: 'nul-user@example.com', name: 'Ann X' }),
    field: 'name',
  },
  {
    name: 'rename a user',
    method: 'PATCH',
    path: (f) => `/api/v1/users/${f.userId}`,
    body: () => ({ name: 'Ann X' }),
    field: 'name',
  },
  {
    name: 'create a team: name',
    method: 'POST',
    path: () => '/api/v1/teams',
    body: () => ({ id: 'nul-team', name: 'Team X' }),
    field: 'name',
  },
  {
    name: 'create a token: name',
    method: 'POST',
    path: () => '/api/v1/tokens',
    body: () => ({ name: 'bot X', role: 'viewer' }),
    field: 'name',
  },
  {
    name: 'create a token: team',
    method: 'POST',
    path: () => '/api/v1/tokens',
    body: () => ({ name: 'bot', role: 'viewer', team: 'payments X' }),
    field: 'team',
  },
  {
    name: 'impact facts: note',
    method: 'POST',
    path: (f) => `/api/v1/incidents/${f.incident}/facts`,
    body: () => ({ facts: { affectedUsers: 10 }, note: 'seen by X' }),
    field: 'note',
  },
  {
    name: 'change a level: reason',
    method: 'POST',
    path: (f) => `/api/v1/incidents/${f.incident}/level`,
    body: () => ({ sequence: 'P', level: 1, reason: 'checkout X down' }),
    field: 'reason',
  },
  {
    name: 'contact method: label (nested under an array-free body)',
    method: 'POST',
    path: (f) => `/api/v1/users/${f.userId}/contact-methods`,
    body: () => ({ kind: 'email', address: 'ann@example.com', label: 'work X' }),
    field: 'label',
  },
  {
    name: 'audit filter: targetType',
    method: 'GET',
    path: () => '/api/v1/audit?targetType=userX',
    field: 'querystring.targetType',
  },
  {
    name: 'audit filter: targetId',
    method: 'GET',
    path: () => '/api/v1/audit?targetType=user&targetId=1X',
    field: 'querystring.targetId',
  },
  {
    name: 'a schedule by id: path parameter',
    method: 'GET',
    path: () => '/api/v1/schedules/nightX',
    field: 'params.id',
  },
];

describe('text PostgreSQL cannot store is refused by the API with the field named, and writes nothing', () => {
  const clock = new FakeClock('2026-11-21T14:00:00Z');
  let s: TestServer;
  const f = {} as Fixtures;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email: recordingProvider() }, engineLoop: false });
    const alert = { title: 'Checkout errors', severity: 'critical', labels: { service: 'checkout-api' } };
    expect((await s.post('/api/v1/intake/generic/quickstart-generic', alert)).status).toBe(202);
    await s.engine!.drain();
    const { incidents } = (await (await s.api('/api/v1/incidents')).json()) as IncidentList;
    f.incident = incidents[0]!.id;
    const { users } = (await (await s.api('/api/v1/users')).json()) as UserList;
    f.userId = users.find((u) => u.email === 'oncall@example.com')!.id;
  });
  afterAll(() => s.dispose());

  for (const c of cases) {
    describe(c.name, () => {
      // A lone surrogate has no percent-encoding (URLs carry UTF-8), so URL cases try NUL only.
      const variants = c.body ? hostile : hostile.filter((h) => h.url !== null);
      it.each(variants)('$name → 400 naming the field, nothing written', async (h) => {
        const path = c.path(f);
        const url = c.body ? path : path.replace('X', h.url!);
        const body = c.body ? JSON.stringify(c.body(f)).replace('X', h.json) : undefined;
        const before = await snapshot(s.rt.db);
        const res = await s.api(url, { method: c.method, ...(body ? { body } : {}) });
        expect(res.status).toBe(400);
        const err = ((await res.json()) as ApiError).error;
        expect(err.code).toBe('VALIDATION');
        expect(err.fields?.map((x) => x.path)).toContain(c.field);
        expect(changedTables(before, await snapshot(s.rt.db))).toEqual([]);
      });
    });
  }
});
