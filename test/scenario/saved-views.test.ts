/**
 * Saved views of the incident list on the server, per person (issue 12; they were in one browser only): a
 * person saves, lists, replaces and deletes their own views through `/api/v1/me/views`; another person never
 * sees them; a service token has none (403); a malformed body is refused with the field named; the views go
 * with the person.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { SavedViewList, TokenCreated, UserList } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { coreCatalog } from '../support/catalog-fixture.ts';

const ANN = 'ann@example.com';
const BOB = 'bob@example.com';

const config = stringify({
  version: 1,
  catalog: coreCatalog({ 'pay-api': 'payments' }),
  teams: [
    {
      id: 'payments',
      members: [
        { name: 'Ann', email: ANN },
        { name: 'Bob', email: BOB },
      ],
    },
  ],
});

describe('saved views: per person, on the server', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  let s: TestServer;
  const tokens: Record<string, string> = {};

  const as = async <T = unknown>(who: string, path: string, method = 'GET', body?: unknown) => {
    const res = await fetch(`${s.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };

  beforeAll(async () => {
    s = await startTestServer({ clock, configYaml: config, engineLoop: false });
    for (const who of [ANN, BOB]) {
      const t = await s.api('/api/v1/tokens', {
        method: 'POST',
        body: JSON.stringify({ name: `${who} laptop`, role: 'responder', user: who }),
      });
      expect(t.status).toBe(201);
      tokens[who] = ((await t.json()) as TokenCreated).token;
    }
  });
  afterAll(() => s.dispose());

  it('Ann saves, lists, replaces and deletes her views; Bob never sees them', async () => {
    expect((await as<SavedViewList>(ANN, '/api/v1/me/views')).body).toEqual({ views: [] });
    const put = await as(ANN, '/api/v1/me/views', 'PUT', { name: '  P1 payments ', query: 'level=P1&team=payments' });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      name: 'P1 payments',
      query: 'level=P1&team=payments',
      updatedAt: '2026-11-21T12:00:00.000Z',
    });
    await as(ANN, '/api/v1/me/views', 'PUT', { name: 'All', query: 'status=all' });
    clock.advance(60_000);
    // The same name again replaces the view.
    await as(ANN, '/api/v1/me/views', 'PUT', { name: 'P1 payments', query: 'level=P1&level=P2&team=payments' });
    const listed = await as<SavedViewList>(ANN, '/api/v1/me/views');
    expect(listed.body.views).toEqual([
      { name: 'All', query: 'status=all', updatedAt: '2026-11-21T12:00:00.000Z' },
      { name: 'P1 payments', query: 'level=P1&level=P2&team=payments', updatedAt: '2026-11-21T12:01:00.000Z' },
    ]);

    expect((await as<SavedViewList>(BOB, '/api/v1/me/views')).body).toEqual({ views: [] });
    // Bob deleting a view of the same name deletes nothing of Ann's.
    expect((await as(BOB, `/api/v1/me/views/${encodeURIComponent('P1 payments')}`, 'DELETE')).status).toBe(404);
    expect((await as(ANN, `/api/v1/me/views/${encodeURIComponent('P1 payments')}`, 'DELETE')).status).toBe(204);
    expect((await as<SavedViewList>(ANN, '/api/v1/me/views')).body.views.map((v) => v.name)).toEqual(['All']);
  });

  it('refuses a malformed view with the field named, and hostile text', async () => {
    const bad = async (body: unknown) => {
      const res = await as<{ error: { fields?: { path: string }[] } }>(ANN, '/api/v1/me/views', 'PUT', body);
      expect(res.status).toBe(400);
      return res.body.error.fields?.map((f) => f.path);
    };
    expect(await bad({ name: '   ', query: 'status=all' })).toEqual(['name']);
    expect(await bad({ name: 'x'.repeat(61), query: '' })).toEqual(['name']);
    expect(await bad({ name: 'Mine', query: 7 })).toEqual(['query']);
    expect(await bad({ name: 'Mine', query: '?level=P1' })).toEqual(['query']);
    expect(await bad({ name: 'Mine', query: '', extra: 1 })).toEqual(['body']); // "unrecognized key: extra"
    expect(await bad({ name: 'Mi\u0000ne', query: '' })).toEqual(['name']);
    expect(await bad({ name: 'Mine', query: 'q=\ud800' })).toEqual(['query']);
  });

  it('a service token is no person and has no views', async () => {
    const res = await s.api('/api/v1/me/views');
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('not a person');
  });

  it('keeps at most 50 views per person; replacing one at the limit still works', async () => {
    for (let i = 0; i < 49; i++) {
      expect((await as(BOB, '/api/v1/me/views', 'PUT', { name: `v${i}`, query: `q=${i}` })).status).toBe(200);
    }
    expect((await as(BOB, '/api/v1/me/views', 'PUT', { name: 'v49', query: '' })).status).toBe(200);
    expect((await as(BOB, '/api/v1/me/views', 'PUT', { name: 'one more', query: '' })).status).toBe(409);
    expect((await as(BOB, '/api/v1/me/views', 'PUT', { name: 'v3', query: 'q=again' })).status).toBe(200);
  });

  it("the views go with the person's account", async () => {
    const { users } = (await (await s.api('/api/v1/users')).json()) as UserList;
    expect(users.map((u) => u.email)).toContain(ANN);
    expect((await as<SavedViewList>(ANN, '/api/v1/me/views')).body.views).toHaveLength(1);
  });
});
