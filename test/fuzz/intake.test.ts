/**
 * Fuzz tier, intake (issue 15): mutated payloads through every intake door — Alertmanager, PagerDuty Events
 * v2, Opsgenie's Alert API and generic, key in the path or as a bearer token — with NUL, lone surrogates, invalid UTF-8, deep
 * nesting, huge strings and wrong types. Then the checks that matter, with the engine running as in
 * production:
 *
 * - no answer is a 5xx, and a refused request writes nothing (one event row per 2xx answer, no more);
 * - every accepted event is applied within a bound — each of its firing alerts is part of an incident — or is
 *   visibly quarantined with its reason;
 * - an ordinary alert sent after the fuzz still pages: the recording email provider receives it.
 *
 * Budget: FAULTLINE_FUZZ_RUNS requests or FAULTLINE_FUZZ_SECONDS, whichever ends first (test/fuzz/support);
 * the seed is fixed in CI (test/support/fast-check-seed.ts).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { IncidentList } from '@faultline/contracts';
import { rows } from '../../apps/server/src/db/client.ts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';
import { bodyBytes, byteDamage, fuzzBudget, hostileText, mutate, mutation } from './support/hostile.ts';

/** How long convergence may take to apply everything accepted, once the fuzz stops sending. */
const CONVERGE_BOUND_MS = 60_000;

/** The quickstart, with a budget the fuzz cannot exhaust: the last page must be sent, not held in a digest. */
const quickstart = parse(readFileSync(QUICKSTART_CONFIG, 'utf8')) as { integrations: object[] };
const config = stringify({
  ...quickstart,
  integrations: [
    ...quickstart.integrations,
    { key: 'fuzz-opsgenie', name: 'Opsgenie', source: 'opsgenie', service: 'promotions-api' },
  ],
  notify: { budget: { max: 10_000, perMinutes: 1 } },
});

const label = fc.oneof(fc.constantFrom('checkout-api', 'payments-db', 'promotions-api', 'unknown'), hostileText);
const severity = fc.constantFrom('critical', 'error', 'warning', 'info', 'P1', 'bogus');
const timestamp = fc.constantFrom(
  undefined,
  '2026-11-21T13:58:00Z',
  '0001-01-01T00:00:00Z',
  '2026-11-21T14:02:42.635630378Z',
);

const amAlert = fc.record({
  status: fc.constantFrom('firing', 'resolved'),
  labels: fc.record({ alertname: hostileText, service: label, severity, instance: hostileText }),
  annotations: fc.record({ summary: hostileText, description: hostileText }, { requiredKeys: [] }),
  startsAt: timestamp,
  fingerprint: fc.option(hostileText, { nil: undefined }),
});

/** A valid-looking payload per door; mutations then break it in every way. */
const door = fc.oneof(
  fc.record({
    path: fc.constantFrom('/api/v1/intake/alertmanager/quickstart', '/api/v1/intake/alertmanager'),
    bearer: fc.constant('quickstart'),
    base: fc.record({
      version: fc.constant('4'),
      status: fc.constantFrom('firing', 'resolved'),
      receiver: fc.constant('faultline'),
      alerts: fc.array(amAlert, { minLength: 1, maxLength: 4 }),
    }),
  }),
  fc.record({
    path: fc.constant('/v2/enqueue'),
    bearer: fc.constant(''),
    base: fc.record({
      routing_key: fc.constant('quickstart-pagerduty'),
      event_action: fc.constantFrom('trigger', 'acknowledge', 'resolve'),
      dedup_key: fc.option(hostileText, { nil: undefined }),
      payload: fc.record({
        summary: hostileText,
        source: hostileText,
        severity: fc.constantFrom('critical', 'error', 'warning', 'info'),
        component: label,
        custom_details: fc.dictionary(hostileText, fc.oneof(hostileText, fc.integer()), {
          maxKeys: 4,
          noNullPrototype: true,
        }),
      }),
    }),
  }),
  fc.record({
    path: fc.constantFrom('/api/v1/intake/generic/quickstart-generic', '/api/v1/intake/generic'),
    bearer: fc.constant('quickstart-generic'),
    base: fc.oneof(
      fc.record({ title: hostileText, severity, labels: fc.record({ service: label, alertname: hostileText }) }),
      fc.record({
        alerts: fc.array(
          fc.record({
            title: hostileText,
            status: fc.constantFrom('firing', 'resolved'),
            labels: fc.record({ service: label }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
      }),
    ),
  }),
  // Opsgenie's Alert API: create, and the actions on an alias; the key as `Authorization: GenieKey …`.
  fc.record({
    path: fc.constantFrom(
      '/v2/alerts',
      '/v2/alerts/fuzz-alias/close?identifierType=alias',
      '/v2/alerts/fuzz-alias/acknowledge?identifierType=alias',
      '/v2/alerts/fuzz-alias/notes?identifierType=alias',
    ),
    bearer: fc.constant(''),
    genieKey: fc.constant('fuzz-opsgenie'),
    base: fc.record(
      {
        message: hostileText,
        alias: fc.oneof(fc.constant('fuzz-alias'), hostileText),
        priority: fc.constantFrom('P1', 'P3', 'P5', 'P9'),
        tags: fc.array(hostileText, { maxLength: 3 }),
        details: fc.dictionary(hostileText, hostileText, { maxKeys: 3, noNullPrototype: true }),
        note: hostileText,
        user: hostileText,
      },
      { requiredKeys: ['message'] },
    ),
  }),
);

interface Door {
  path: string;
  bearer: string;
  genieKey?: string;
  base: unknown;
}

/** Half of the requests keep the door's shape (their text is still hostile), half are broken further. */
const mutations = fc.oneof(fc.constant([]), fc.array(mutation, { minLength: 1, maxLength: 3 }));

describe('fuzz: every intake door, then convergence and paging', () => {
  const email = recordingProvider();
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer({ configYaml: config, providers: { email } });
  });
  afterAll(() => s?.dispose());

  const count = async (where: ReturnType<typeof sql>) =>
    Number((await rows<{ n: string | number }>(s.rt.db, sql`select count(*) as n from events ${where}`))[0]!.n);

  it('answers no 5xx, writes only what it accepts, applies or quarantines all of it, and still pages', async () => {
    let accepted = 0;
    const statuses = new Map<number, number>();
    const serverErrors: string[] = [];
    // fast-check may stop at its time limit while a request is under way: wait for those before counting.
    const inFlight = new Set<Promise<number>>();
    const send = async (d: Door, body: Buffer): Promise<number> => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      // The native doors without a key in the path take it as a bearer token.
      if (d.bearer && !d.path.endsWith(d.bearer)) headers.authorization = `Bearer ${d.bearer}`;
      if (d.genieKey) headers.authorization = `GenieKey ${d.genieKey}`;
      const res = await fetch(`${s.url}${d.path}`, { method: 'POST', headers, body: new Uint8Array(body) });
      const text = await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500) serverErrors.push(`${res.status} ${d.path}: ${text.slice(0, 300)}`);
      if (res.status >= 200 && res.status < 300) accepted++;
      return res.status;
    };
    await fc.assert(
      fc.asyncProperty(door, mutations, byteDamage, async (d, mutations, damage) => {
        const request = send(d, bodyBytes(mutate(d.base, mutations), damage));
        inFlight.add(request);
        try {
          expect(await request).toBeLessThan(500);
        } finally {
          inFlight.delete(request);
        }
      }),
      fuzzBudget(),
    );
    await Promise.allSettled([...inFlight]);
    expect(serverErrors).toEqual([]);
    console.info(`intake fuzz: ${[...statuses].map(([k, v]) => `${v}×${k}`).join(', ')}`);
    expect(accepted).toBeGreaterThan(0);

    // One event per accepted request: a refused request wrote nothing.
    expect(await count(sql``)).toBe(accepted);

    // Within the bound, nothing accepted is left waiting: applied, or set aside with a reason.
    await waitFor(
      'convergence to apply or quarantine every accepted event',
      async () => (await count(sql`where processed_at is null and quarantined_at is null`)) === 0,
      CONVERGE_BOUND_MS,
    );
    const quarantined = await rows<{ id: string; last_error: string | null }>(
      s.rt.db,
      sql`select id, last_error from events where quarantined_at is not null`,
    );
    if (quarantined.length > 0) console.info('quarantined:', quarantined);
    for (const q of quarantined) expect(q.last_error, `event ${q.id} has its reason`).toBeTruthy();

    // Every firing alert of an applied event is part of an incident.
    const missing = await rows<{ id: string; dedup_key: string }>(
      s.rt.db,
      sql`select e.id, s.value->>'dedupKey' as dedup_key
          from events e cross join lateral json_array_elements(e.signals) s
          where e.processed_at is not null and e.quarantined_at is null and s.value->>'action' = 'trigger'
            and not exists (select 1 from alerts a
                            where a.dedup_key = e.integration || ':' || (s.value->>'dedupKey') and a.incident_id is not null)`,
    );
    expect(missing).toEqual([]);

    // An ordinary alert after all that still pages.
    const title = `After the fuzz ${Date.now()}`;
    const res = await s.post('/api/v1/intake/generic/quickstart-generic', {
      title,
      severity: 'critical',
      labels: { alertname: 'AfterTheFuzz' },
    });
    expect(res.status).toBe(202);
    const incident = await waitFor('the alert sent after the fuzz to become an incident', async () => {
      const list = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
      return list.incidents.find((i) => i.title === title);
    });
    await waitFor('the page of the alert sent after the fuzz', async () =>
      email.sent.some((m) => m.message.incidentId === incident.id),
    );
  });
});
