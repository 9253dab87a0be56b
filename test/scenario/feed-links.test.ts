/**
 * iCalendar feed links (issue 15 item 6, docs/security.md): only the person (or an admin) makes a link to a
 * person's calendar; a schedule's link needs oncall:read on its team; each link has an id and is revoked on
 * its own (listed and revoked through the API); a link stops when its maker is disabled or may no longer read
 * the feed; a token without a link id (as they were made before) opens nothing.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { eq } from 'drizzle-orm';
import type { FeedLinkList, FeedLinkView, TokenCreated, UserList } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { users } from '../../apps/server/src/people/tables.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { coreCatalog } from '../support/catalog-fixture.ts';

const ANN = 'ann@example.com'; // responder of payments, on its schedule
const VIC = 'vic@example.com'; // viewer of everything
const PAUL = 'paul@example.com'; // a viewer member of payments

const config = stringify({
  version: 1,
  catalog: coreCatalog({ 'pay-api': 'payments' }),
  teams: [
    {
      id: 'payments',
      members: [
        { name: 'Ann', email: ANN },
        { name: 'Paul', email: PAUL, role: 'viewer' },
      ],
      escalationPolicy: 'payments',
    },
  ],
  schedules: [
    {
      id: 'pay-primary',
      timeZone: 'UTC',
      layers: [{ id: 'w', participants: [ANN], shift: { every: 1, unit: 'weeks' }, start: '2026-11-16T09:00' }],
    },
  ],
  escalationPolicies: [{ id: 'payments', steps: [{ targets: [{ schedule: 'pay-primary' }] }] }],
});

describe('feed links: who makes them, and revoking one', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  let s: TestServer;
  const tokens: Record<string, string> = {};
  const ids: Record<string, number> = {};

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
  const opens = async (url: string) => (await fetch(url)).status;

  beforeAll(async () => {
    s = await startTestServer({ clock, configYaml: config, engineLoop: false });
    expect(
      (
        await s.api('/api/v1/users', {
          method: 'POST',
          body: JSON.stringify({ email: VIC, name: 'Vic', role: 'viewer' }),
        })
      ).status,
    ).toBe(201);
    const { users: all } = (await (await s.api('/api/v1/users')).json()) as UserList;
    for (const u of all) ids[u.email] = u.id;
    for (const who of [ANN, VIC, PAUL]) {
      const t = await s.api('/api/v1/tokens', {
        method: 'POST',
        body: JSON.stringify({ name: `${who} laptop`, role: 'viewer', user: who }),
      });
      expect(t.status).toBe(201);
      tokens[who] = ((await t.json()) as TokenCreated).token;
    }
  });
  afterAll(() => s.dispose());

  it("nobody but Ann (or an admin) gets a link to Ann's calendar", async () => {
    const ann = ids[ANN]!;
    // The old way: any viewer asked for the URL of anyone's feed, a link for good. It is gone.
    expect((await as(VIC, `/api/v1/users/${ann}/ical-url`)).status).toBe(404);
    expect((await as(VIC, `/api/v1/users/${ann}/ical-links`, 'POST', {})).status).toBe(403);
    const own = await as<FeedLinkView>(ANN, `/api/v1/users/${ann}/ical-links`, 'POST', { label: 'phone' });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ kind: 'user', target: String(ann), label: 'phone', createdBy: ANN });
    expect(await opens(own.body.url)).toBe(200);
    const byAdmin = await s.api(`/api/v1/users/${ann}/ical-links`, { method: 'POST', body: '{}' });
    expect(byAdmin.status).toBe(201);
  });

  it("a schedule's link needs oncall:read on its team", async () => {
    expect((await as(PAUL, '/api/v1/schedules/pay-primary/ical-links', 'POST', {})).status).toBe(201);
    expect((await as(VIC, '/api/v1/schedules/pay-primary/ical-links', 'POST', {})).status).toBe(201);
    const stakeholder = await s.api('/api/v1/users', {
      method: 'POST',
      body: JSON.stringify({ email: 'sh@example.com', name: 'Sh', role: 'stakeholder' }),
    });
    expect(stakeholder.status).toBe(201);
    const t = await s.api('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'sh laptop', role: 'stakeholder', user: 'sh@example.com' }),
    });
    tokens.sh = ((await t.json()) as TokenCreated).token;
    expect((await as('sh', '/api/v1/schedules/pay-primary/ical-links', 'POST', {})).status).toBe(403);
  });

  it('links are listed to their maker and their person, and revoked one by one', async () => {
    const ann = ids[ANN]!;
    const second = await as<FeedLinkView>(ANN, `/api/v1/users/${ann}/ical-links`, 'POST', { label: 'laptop' });
    const mine = await as<FeedLinkList>(ANN, `/api/v1/ical-links?kind=user&target=${ann}`);
    // Hers (phone, laptop) and the one the admin made for her calendar.
    expect(mine.body.links.map((l) => l.label)).toEqual(['phone', null, 'laptop']);
    const phone = mine.body.links[0]!;
    expect((await as<FeedLinkList>(VIC, '/api/v1/ical-links')).body.links.every((l) => l.createdBy === VIC)).toBe(true);
    // Vic may not revoke Ann's link: to him it does not exist.
    expect((await as(VIC, `/api/v1/ical-links/${phone.id}`, 'DELETE')).status).toBe(404);
    expect((await as(ANN, `/api/v1/ical-links/${phone.id}`, 'DELETE')).status).toBe(204);
    expect(await opens(phone.url)).toBe(401);
    expect(await opens(second.body.url)).toBe(200);
    const after = await as<FeedLinkList>(ANN, `/api/v1/ical-links?kind=user&target=${ann}`);
    expect(after.body.links.map((l) => l.label)).toEqual([null, 'laptop']);
    expect((await as(ANN, `/api/v1/ical-links/${phone.id}`, 'DELETE')).status).toBe(404);
  });

  it('a link stops when its maker may no longer read the feed, or is disabled', async () => {
    const { body: vicLink } = await as<FeedLinkView>(VIC, '/api/v1/schedules/pay-primary/ical-links', 'POST', {});
    expect(await opens(vicLink.url)).toBe(200);
    await s.rt.db.update(users).set({ role: 'stakeholder' }).where(eq(users.id, ids[VIC]!));
    expect(await opens(vicLink.url)).toBe(401);
    await s.rt.db.update(users).set({ role: 'viewer' }).where(eq(users.id, ids[VIC]!));
    expect(await opens(vicLink.url)).toBe(200);
    await s.api(`/api/v1/users/${ids[VIC]}`, { method: 'PATCH', body: JSON.stringify({ disabled: true }) });
    expect(await opens(vicLink.url)).toBe(401);
  });

  it('a token signed the old way, without a link id, opens nothing', async () => {
    const secret = s.rt.linkSecret;
    const payload = Buffer.from(JSON.stringify({ kind: 'schedule', id: 'pay-primary' })).toString('base64url');
    const key = createHmac('sha256', secret).update('ical-feed').digest();
    const token = `${payload}.${createHmac('sha256', key).update(payload).digest('base64url')}`;
    expect(await opens(`${s.url}/api/v1/schedules/pay-primary/ical?token=${token}`)).toBe(401);
  });
});
