/**
 * One alert must never stop paging (issue 15, finding 1). An alert whose text holds characters PostgreSQL
 * cannot store — NUL (`\u0000`, refused by text and jsonb) or a lone surrogate (`\ud800`, refused by
 * jsonb) — used to be answered 202 and then fail convergence forever, so no later alert became an
 * incident. Now every intake source keeps such an alert with each of those characters replaced by U+FFFD
 * (docs/intake.md), and the next, ordinary alert still pages. A body that is not UTF-8 at all is refused
 * with 400 naming `body`, rather than stored with U+FFFD in place of its bad bytes as if received that way.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { IncidentDetail, IncidentList } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';
import { changedTables, snapshot } from '../support/db-snapshot.ts';

/** The quickstart's generic integration falls back to promotions-api, owned by team storefront. */
const STOREFRONT_ONCALL = 'storefront@example.com';
/** The quickstart, with a budget no test here reaches: storm control is not what this file is about. */
const config = stringify({
  ...(parse(readFileSync(QUICKSTART_CONFIG, 'utf8')) as object),
  notify: { budget: { max: 1000, perMinutes: 1 } },
});
const REPLACEMENT = '\uFFFD';

/** The characters at fault, as JSON escapes (what a sender puts on the wire). */
const hostile = [
  { name: 'NUL', escape: '\\u0000' },
  { name: 'a lone high surrogate', escape: '\\ud800' },
  { name: 'a lone low surrogate', escape: '\\udfff' },
] as const;

/** One request per source, with `X` standing for the hostile character in every free-text field. */
const sources = [
  {
    name: 'Alertmanager',
    path: '/api/v1/intake/alertmanager/quickstart',
    body: (tag: string) => ({
      version: '4',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: `Disk${tag}X`, service: 'checkout-api', instance: 'db-X', severity: 'critical' },
          annotations: { summary: `disk X full ${tag}`, 'note X': 'X' },
          startsAt: '2026-11-21T13:58:00Z',
        },
      ],
    }),
  },
  {
    name: 'PagerDuty Events v2',
    path: '/v2/enqueue',
    body: (tag: string) => ({
      routing_key: 'quickstart-pagerduty',
      event_action: 'trigger',
      dedup_key: `pd-${tag}-X`,
      payload: {
        summary: `disk X full ${tag}`,
        source: 'db-X',
        severity: 'critical',
        component: 'checkout-api',
        custom_details: { service: 'checkout-api', alertname: `Pd${tag}`, 'detail X': 'X' },
      },
    }),
  },
  {
    name: 'generic',
    path: '/api/v1/intake/generic/quickstart-generic',
    body: (tag: string) => ({
      title: `disk X full ${tag}`,
      severity: 'critical',
      labels: { service: 'checkout-api', instance: 'db-X', alertname: `Generic${tag}` },
      annotations: { 'runbook X': 'X' },
    }),
  },
] as const;

/** The JSON text of `body` with every `X` replaced by the escape (so the wire carries `\u0000`, not a byte). */
const withEscape = (body: unknown, escape: string) => JSON.stringify(body).replaceAll('X', escape);

describe('an alert with characters PostgreSQL cannot store is kept, and paging goes on', () => {
  const clock = new FakeClock('2026-11-21T14:00:00Z');
  const email = recordingProvider();
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer({ clock, configYaml: config, providers: { email }, engineLoop: false });
  });
  afterAll(() => s.dispose());

  const incidents = async () =>
    ((await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList).incidents;
  const detail = async (id: number) => (await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail;

  describe.each(sources)('$name', (source) => {
    it.each(hostile)('an alert holding $name is accepted, becomes an incident, and the next alert pages', async (h) => {
      const tag = `${source.name}-${h.name}`.replace(/\W+/g, '');
      clock.advance(60_000);
      const bad = await s.post(source.path, withEscape(source.body(`${tag}bad`), h.escape));
      expect(bad.status).toBe(202);
      clock.advance(1_000);
      // An ordinary alert on another group, sent after the hostile one.
      const normal = {
        title: `Checkout errors after ${tag}`,
        severity: 'critical',
        labels: { service: 'checkout-api', alertname: `After${tag}` },
      };
      expect((await s.post('/api/v1/intake/generic/quickstart-generic', normal)).status).toBe(202);
      await s.engine!.drain();

      const all = await incidents();
      const after = all.find((i) => i.title === normal.title);
      expect(after, 'the alert sent after the hostile one became an incident').toBeDefined();
      expect(email.sent.filter((m) => m.message.incidentId === after!.id).map((m) => m.recipient)).toEqual([
        STOREFRONT_ONCALL,
      ]);

      // The hostile alert itself is kept, each character at fault replaced by U+FFFD.
      const kept = all.find((i) => i.title === `disk ${REPLACEMENT} full ${tag}bad`);
      expect(kept, 'the hostile alert became an incident with U+FFFD in its title').toBeDefined();
      const [alert] = (await detail(kept!.id)).alerts;
      const text = JSON.stringify([alert!.summary, alert!.labels, alert!.annotations]);
      expect(text).toContain(REPLACEMENT);
      expect(text).not.toMatch(/\\u0000|\\ud[89a-f][0-9a-f]{2}/i);
    });
  });
});

describe('a body that is not UTF-8 is refused with 400 naming body, and nothing is written', () => {
  const clock = new FakeClock('2026-11-21T14:00:00Z');
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email: recordingProvider() }, engineLoop: false });
  });
  afterAll(() => s.dispose());

  /** `X` in the JSON text becomes the bytes; each is invalid UTF-8 (RFC 3629). */
  const invalid = [
    { name: 'a lone continuation byte', bytes: [0x80] },
    { name: 'a surrogate encoded as UTF-8 (CESU-8)', bytes: [0xed, 0xa0, 0x80] },
    { name: 'an overlong NUL', bytes: [0xc0, 0x80] },
    { name: 'a truncated sequence', bytes: [0xe2, 0x82] },
  ];
  const send = (path: string, body: unknown, bytes: number[]) => {
    // The first X becomes the bytes; the others plain letters, so the body is otherwise valid.
    const text = JSON.stringify(body);
    const at = text.indexOf('X');
    const [before, after] = [text.slice(0, at), text.slice(at + 1).replaceAll('X', 'x')];
    return fetch(`${s.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]),
    });
  };

  describe.each(sources)('$name', (source) => {
    it.each(invalid)('$name → 400 naming body', async ({ bytes }) => {
      const before = await snapshot(s.rt.db);
      const res = await send(source.path, source.body('utf8'), bytes);
      expect(res.status).toBe(400);
      const answer = (await res.json()) as { error?: { fields: { path: string }[] }; errors?: string[] };
      // PagerDuty's endpoint answers in PagerDuty's shape (docs/intake.md), the others with ApiError.
      if (source.path === '/v2/enqueue') expect(answer.errors).toEqual([expect.stringMatching(/^body: .*UTF-8/)]);
      else expect(answer.error!.fields.map((f) => f.path)).toEqual(['body']);
      expect(changedTables(before, await snapshot(s.rt.db))).toEqual([]);
    });
  });

  it('an API body that is not UTF-8 is refused the same way', async () => {
    // The token's first use is recorded on it (last_used_at); use it once so that only the refusal is compared.
    expect((await s.api('/api/v1/session')).status).toBe(200);
    const before = await snapshot(s.rt.db);
    const res = await fetch(`${s.url}/api/v1/teams`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: Buffer.concat([Buffer.from('{"id":"t","name":"a'), Buffer.from([0xff]), Buffer.from('"}')]),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { fields: { path: string }[] } }).error.fields[0]!.path).toBe('body');
    expect(changedTables(before, await snapshot(s.rt.db))).toEqual([]);
  });
});
