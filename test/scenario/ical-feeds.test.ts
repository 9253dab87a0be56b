/**
 * iCalendar feeds (issue 4 point 3): a schedule's feed and a person's feed are fetched the way a calendar
 * app does — by URL with a signed token, no bearer token — and parsed back: RFC 5545 framing (CRLF, folded
 * lines of at most 75 octets), one VEVENT per shift in the window (7 days back, 8 weeks ahead) with UTC
 * DTSTART/DTEND and a SUMMARY naming the person; overrides made at runtime appear; a token for one feed
 * does not open another; links are made only for feeds that exist. Who may make, list and revoke feed links:
 * feed-links.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { eq } from 'drizzle-orm';
import type { FeedLinkView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { users } from '../../apps/server/src/people/tables.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const ANN = 'ann@example.com';
const BOB = 'bob@example.com';

function config(): string {
  return stringify({
    version: 1,
    teams: [{ id: 'payments', members: [ANN, BOB].map((email) => ({ name: email.split('@')[0], email })) }],
    schedules: [
      {
        id: 'primary',
        name: 'Primary',
        timeZone: 'Europe/Berlin',
        layers: [
          { id: 'weekly', participants: [ANN, BOB], shift: { every: 1, unit: 'weeks' }, start: '2026-11-16T09:00' },
        ],
      },
    ],
  });
}

/** Unfolds an iCalendar text and returns its VEVENTs as property maps (parameters kept in the name). */
function parseICal(text: string): { lines: string[]; events: Array<Record<string, string>> } {
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n');
  const events: Array<Record<string, string>> = [];
  let current: Record<string, string> | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT') {
      events.push(current!);
      current = null;
    } else if (current) current[line.slice(0, line.indexOf(':'))] = line.slice(line.indexOf(':') + 1);
  }
  return { lines, events };
}

describe('iCalendar feeds per schedule and per person', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  let s: TestServer;
  let annId: number;
  /** Makes a feed link as the admin: `path` is `/api/v1/schedules/{id}` or `/api/v1/users/{id}`. */
  const link = async (path: string) => {
    const res = await s.api(`${path}/ical-links`, { method: 'POST', body: JSON.stringify({}) });
    return { status: res.status, body: res.ok ? ((await res.json()) as FeedLinkView) : null };
  };

  beforeAll(async () => {
    s = await startTestServer({ clock, engineLoop: false, configYaml: config() });
    let [ann] = await s.rt.db.select().from(users).where(eq(users.email, ANN));
    if (!ann)
      [ann] = await s.rt.db
        .insert(users)
        .values({ email: ANN, name: 'ann', source: 'api', createdAt: clock.now(), updatedAt: clock.now() })
        .returning();
    annId = ann!.id;
  });
  afterAll(() => s.dispose());

  it("a schedule's feed opens with its signed URL and parses back to one event per shift", async () => {
    const { status, body } = await link('/api/v1/schedules/primary');
    expect(status).toBe(201);
    expect(body!.url).toMatch(new RegExp(`^${s.url}/api/v1/schedules/primary/ical\\?token=[\\w-]+\\.[\\w-]+$`));
    const res = await fetch(body!.url); // no Authorization header, as a calendar app
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await res.text();
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
    for (const raw of text.split('\r\n')) expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(75);
    const { lines, events } = parseICal(text);
    expect(lines).toContain('PRODID:-//faultline//on-call//EN');
    // Window 14 Nov 12:00Z – 16 Jan 12:00Z; the rotation starts Mon 16 Nov 09:00 Berlin (08:00Z).
    expect(events).toHaveLength(9);
    expect(events.map((e) => e.DTSTART)).toEqual([
      '20261116T080000Z',
      '20261123T080000Z',
      '20261130T080000Z',
      '20261207T080000Z',
      '20261214T080000Z',
      '20261221T080000Z',
      '20261228T080000Z',
      '20270104T080000Z',
      '20270111T080000Z',
    ]);
    expect(events[0]).toMatchObject({ DTEND: '20261123T080000Z', SUMMARY: `On call: ${ANN} (Primary)` });
    expect(events[1]!.SUMMARY).toBe(`On call: ${BOB} (Primary)`);
    expect(new Set(events.map((e) => e.UID)).size).toBe(9);
  });

  it("an override made at runtime is in the feed; a person's feed has only their shifts across schedules", async () => {
    const o = await s.api('/api/v1/schedules/primary/overrides', {
      method: 'POST',
      body: JSON.stringify({ user: ANN, replaces: BOB, start: '2026-11-24T08:00:00Z', end: '2026-11-25T08:00:00Z' }),
    });
    expect(o.status).toBe(201);
    const { body } = await link(`/api/v1/users/${annId}`);
    expect(body!.url).toContain(`/api/v1/users/${annId}/ical?token=`);
    const { events } = parseICal(await (await fetch(body!.url)).text());
    expect(events.map((e) => `${e.DTSTART}-${e.DTEND} ${e.SUMMARY} ${e.DESCRIPTION}`)).toEqual([
      `20261116T080000Z-20261123T080000Z On call: ${ANN} (Primary) source: layer:weekly`,
      `20261124T080000Z-20261125T080000Z On call: ${ANN} (Primary) source: override`,
      `20261130T080000Z-20261207T080000Z On call: ${ANN} (Primary) source: layer:weekly`,
      `20261214T080000Z-20261221T080000Z On call: ${ANN} (Primary) source: layer:weekly`,
      `20261228T080000Z-20270104T080000Z On call: ${ANN} (Primary) source: layer:weekly`,
      `20270111T080000Z-20270118T080000Z On call: ${ANN} (Primary) source: layer:weekly`,
    ]);
  });

  it('a token opens only its own feed; a forged or missing token is refused', async () => {
    const scheduleUrl = (await link('/api/v1/schedules/primary')).body!.url;
    const userUrl = (await link(`/api/v1/users/${annId}`)).body!.url;
    const token = new URL(scheduleUrl).searchParams.get('token')!;
    expect((await fetch(`${s.url}/api/v1/users/${annId}/ical?token=${token}`)).status).toBe(401);
    const userToken = new URL(userUrl).searchParams.get('token')!;
    expect((await fetch(`${s.url}/api/v1/schedules/primary/ical?token=${userToken}`)).status).toBe(401);
    const forged = `${token.split('.')[0]}.${'A'.repeat(43)}`;
    expect((await fetch(`${s.url}/api/v1/schedules/primary/ical?token=${forged}`)).status).toBe(401);
    expect((await fetch(`${s.url}/api/v1/schedules/primary/ical`)).status).toBe(400);
  });

  it('a link is made only when signed in, and only for a feed that exists', async () => {
    const anonymous = await fetch(`${s.url}/api/v1/schedules/primary/ical-links`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(anonymous.status).toBe(401);
    expect((await link('/api/v1/schedules/ghost')).status).toBe(404);
    expect((await link('/api/v1/users/999999')).status).toBe(404);
  });
});
