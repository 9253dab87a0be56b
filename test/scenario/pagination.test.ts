/**
 * Every list endpoint pages with one cursor design (docs/api.md#lists-and-pagination): `?limit=&cursor=` in,
 * `{ <items>: [...], nextCursor }` out. Walking any list a page at a time gives exactly the items of one big
 * page, in the same fixed order; an item added while paging neither repeats nor shifts what follows; and a
 * bad `limit` or `cursor` answers 400 naming the field. Before, lists stopped at their limit (1,000 at most)
 * with no way to page on.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, UserView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const ONCALL = 'oncall@example.com';
const INCIDENTS = 7;
// The quickstart (two teams, three modules) plus two KPI watches, two schedules and two policies.
const config = `${readFileSync(QUICKSTART_CONFIG, 'utf8')}
kpiWatches:
  - { id: orders-b, module: checkout, source: push, baseline: { kind: static, value: 1000 }, everySeconds: 60 }
  - { id: orders-a, module: checkout, source: push, baseline: { kind: static, value: 1000 }, everySeconds: 60 }
schedules:
  - id: primary
    timeZone: Europe/Berlin
    layers: [{ id: weekly, participants: [${ONCALL}], shift: { every: 1, unit: weeks }, start: '2026-11-16T09:00' }]
  - id: backup
    timeZone: UTC
    layers: [{ id: daily, participants: [${ONCALL}], shift: { every: 1, unit: days }, start: '2026-11-16T09:00' }]
escalationPolicies:
  - { id: zulu, steps: [{ targets: [{ schedule: primary }] }] }
  - { id: alpha, steps: [{ targets: [{ schedule: backup }] }] }
`;

type Page = Record<string, unknown> & { nextCursor: string | null };

describe('cursor pagination on every list', () => {
  const clock = new FakeClock('2026-11-21T14:00:00Z');
  let s: TestServer;
  let userId: number;

  const get = async (path: string): Promise<Response> => s.api(path);
  const send = async (path: string, body: unknown): Promise<void> => {
    const res = await s.api(path, { method: 'POST', body: JSON.stringify(body) });
    expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
  };
  const alert = (name: string) => ({
    version: '4',
    status: 'firing',
    alerts: [{ status: 'firing', labels: { alertname: name, service: 'checkout-api', severity: 'critical' } }],
  });

  beforeAll(async () => {
    s = await startTestServer({
      configYaml: config,
      clock,
      providers: { email: recordingProvider() },
      engineLoop: false,
    });
    for (let i = 0; i < INCIDENTS; i++) {
      expect((await s.post('/api/v1/intake/alertmanager/quickstart', alert(`Paged${i}`))).status).toBe(202);
    }
    await s.engine!.drain();
    for (const n of ['ada', 'bea', 'cy']) {
      await send('/api/v1/users', { email: `${n}@example.com`, name: n, role: 'viewer' });
      await send('/api/v1/tokens', { name: `${n}-bot`, role: 'viewer' });
      await send('/api/v1/teams', { id: `team-${n}`, name: `Team ${n}` });
    }
    const users = (await (await get('/api/v1/users?limit=1000')).json()) as { users: UserView[] };
    userId = users.users.find((u) => u.email === 'ada@example.com')!.id;
    for (const address of ['a@example.com', 'b@example.com', 'c@example.com']) {
      await send(`/api/v1/users/${userId}/contact-methods`, { kind: 'email', address });
    }
    for (const day of [24, 23, 25]) {
      await send('/api/v1/schedules/primary/overrides', {
        user: ONCALL,
        start: `2026-11-${day}T08:00:00Z`,
        end: `2026-11-${day}T12:00:00Z`,
      });
    }
  });
  afterAll(() => s.dispose());

  /** Lists ordered by a numeric id (or a start time and id), whose cursors an email is not. */
  const idOrdered = (path: string) => /incidents|alerts|risks|audit|tokens|overrides|contact-methods/.test(path);

  /** [path, the list's key, at least this many items] */
  const lists = (): Array<[string, string, number]> => [
    ['/api/v1/incidents?status=all', 'incidents', INCIDENTS],
    ['/api/v1/risks', 'incidents', 0],
    ['/api/v1/audit', 'entries', 9],
    ['/api/v1/users', 'users', 5],
    ['/api/v1/teams', 'teams', 5],
    ['/api/v1/tokens', 'tokens', 4],
    ['/api/v1/schedules', 'schedules', 2],
    ['/api/v1/escalation-policies', 'policies', 2],
    ['/api/v1/modules', 'modules', 3],
    ['/api/v1/kpi-watches', 'watches', 2],
    ['/api/v1/alerts', 'alerts', INCIDENTS],
    ['/api/v1/people', 'people', 5],
    ['/api/v1/services', 'services', 4],
    ['/api/v1/schedules/primary/overrides', 'overrides', 3],
    [`/api/v1/users/${userId}/contact-methods`, 'contactMethods', 3],
  ];

  /** Reads `path` a page of `limit` at a time; every item in order, and the number of pages. */
  async function walk(path: string, key: string, limit: number): Promise<{ items: unknown[]; pages: number }> {
    const items: unknown[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const res = await get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status, path).toBe(200);
      const page = (await res.json()) as Page;
      const got = page[key] as unknown[];
      expect(got.length, path).toBeLessThanOrEqual(limit);
      items.push(...got);
      cursor = page.nextCursor;
      pages++;
      expect(pages, `${path} does not end`).toBeLessThan(100);
    } while (cursor !== null);
    return { items, pages };
  }

  it('walks every list two items at a time to exactly the items of one big page, in order', async () => {
    for (const [path, key, atLeast] of lists()) {
      const whole = await walk(path, key, 1000);
      expect(whole.pages, path).toBe(1);
      expect(whole.items.length, path).toBeGreaterThanOrEqual(atLeast);
      const paged = await walk(path, key, 2);
      expect(paged.items, path).toEqual(whole.items);
      expect(paged.pages, path).toBe(Math.max(1, Math.ceil(whole.items.length / 2)));
    }
  });

  it('keeps a fixed order: incidents newest first, people by email, the rest by id or start', async () => {
    const ids = (await walk('/api/v1/incidents?status=all', 'incidents', 3)).items.map((i) => (i as { id: number }).id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const emails = (await walk('/api/v1/users', 'users', 2)).items.map((u) => (u as UserView).email);
    expect(emails).toEqual([...emails].sort());
    const policies = (await walk('/api/v1/escalation-policies', 'policies', 1)).items.map(
      (p) => (p as { id: string }).id,
    );
    expect(policies).toEqual(['alpha', 'zulu']);
    const starts = (await walk('/api/v1/schedules/primary/overrides', 'overrides', 1)).items.map(
      (o) => (o as { start: string }).start,
    );
    expect(starts).toEqual([...starts].sort());
  });

  it('neither repeats nor skips an incident when a new one opens between two pages', async () => {
    const first = (await (await get('/api/v1/incidents?status=all&limit=3')).json()) as Page;
    expect((await s.post('/api/v1/intake/alertmanager/quickstart', alert('LateComer'))).status).toBe(202);
    await s.engine!.drain();
    const seen = (first.incidents as Array<{ id: number }>).map((i) => i.id);
    let cursor = first.nextCursor;
    while (cursor) {
      const page = (await (await get(`/api/v1/incidents?status=all&limit=3&cursor=${cursor}`)).json()) as Page;
      seen.push(...(page.incidents as Array<{ id: number }>).map((i) => i.id));
      cursor = page.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(INCIDENTS);
  });

  it('answers a bad limit or cursor with 400 naming the field, on every list', async () => {
    const usersCursor = ((await (await get('/api/v1/users?limit=1')).json()) as Page).nextCursor!;
    for (const [path] of lists()) {
      const sep = path.includes('?') ? '&' : '?';
      for (const [query, field] of [
        ['limit=0', 'querystring.limit'],
        ['limit=1001', 'querystring.limit'],
        ['limit=ten', 'querystring.limit'],
        ['cursor=not-a-cursor', 'querystring.cursor'],
        // A cursor of another list: an email where an id, or a start and an id, are expected.
        ...(idOrdered(path) ? [[`cursor=${usersCursor}`, 'querystring.cursor']] : []),
      ] as Array<[string, string]>) {
        const res = await get(`${path}${sep}${query}`);
        expect(res.status, `${path} ${query}`).toBe(400);
        const body = (await res.json()) as ApiError;
        expect(body.error.code).toBe('VALIDATION');
        expect(
          body.error.fields?.map((f) => f.path),
          `${path} ${query}`,
        ).toContain(field);
      }
    }
  });
});
