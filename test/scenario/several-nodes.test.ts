/**
 * Several nodes share one view (issue 18, docs/operations.md#several-nodes): two servers on ONE PostgreSQL
 * database, A and B, each with its own in-process bus. What one node does reaches the other through the node
 * channel (LISTEN/NOTIFY, db/node-channel.ts): a level-rule version approved on A grades on B; an incident
 * created through A shows in B's live stream, also after the channels' connections were cut; a schedule
 * stored through A is known to B at once (B's periodic re-read is stopped, so only the channel can tell it);
 * failed sign-ins counted on A and B together lock the account on both. PostgreSQL only.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentList, LevelRuleVersion, ModuleLevelRules } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { ADMIN_TOKEN, dropDatabase, freshDatabaseUrl, startTestServer, type TestServer } from '../support/server.ts';
import { openStream } from '../support/live-stream.ts';
import { postFrom } from '../support/from-address.ts';
import { waitFor } from '../support/wait.ts';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL) && process.env.FAULTLINE_TEST_STORE !== 'pglite';
/** What crossing nodes may take at most; the periodic re-reads B would otherwise fall back on take 10–15 s. */
const CROSS_MS = 5_000;
const PASSWORD = 'the right passphrase, at last';
const INTAKE = '/api/v1/intake/alertmanager/quickstart';
const CHECKOUT = '/api/v1/modules/checkout/level-rules';

describe('two nodes on one PostgreSQL share one view', () => {
  if (!onPostgres) {
    it.skip('needs PostgreSQL: set TEST_DATABASE_URL (it runs in the scenario-postgres project)', () => {});
    return;
  }
  const clock = new FakeClock('2026-12-07T10:00:00Z');
  let databaseUrl: string;
  let a: TestServer;
  let b: TestServer;
  let devToken: string;

  /** As the developer (a responder), who drafts level rules: the admin approves them. */
  const asDev = (s: TestServer, path: string, method: string, body?: unknown) =>
    s.api(path, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { authorization: `Bearer ${devToken}` },
    });
  /** Fires one critical alert through `s` and lets `s`'s engine make its incident; returns the incident. */
  const fire = async (s: TestServer, alertname: string) => {
    clock.advance(60_000);
    const res = await s.post(INTAKE, {
      version: '4',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname, severity: 'critical', service: 'checkout-api' },
          annotations: { summary: alertname },
          startsAt: clock.now().toISOString(),
        },
      ],
    });
    expect(res.status).toBe(202);
    await s.engine!.drain();
    const list = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
    const found = list.incidents.find((i) => i.title === alertname);
    expect(found, `incident ${alertname}`).toBeDefined();
    return found!;
  };

  beforeAll(async () => {
    databaseUrl = (await freshDatabaseUrl())!;
    const opts = { clock, databaseUrl, providers: { email: recordingProvider() }, engineLoop: false };
    [a, b] = await Promise.all([startTestServer(opts), startTestServer(opts)]);
    const res = await a.api('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'dev@example.com', role: 'responder' }),
    });
    devToken = ((await res.json()) as { token: string }).token;
  });
  afterAll(async () => {
    await b?.dispose();
    await a?.dispose();
    if (databaseUrl) await dropDatabase(databaseUrl);
  });

  it('a level-rule version approved on A grades on B', async () => {
    expect((await fire(b, 'CheckoutBefore')).levels.P).toBe('P1'); // the config rule: critical Checkout* is P1
    expect((await asDev(a, `${CHECKOUT}/template`, 'POST')).status).toBe(200);
    const rules = [
      {
        id: 'checkout-critical-p2',
        sequence: 'P',
        level: 2,
        kind: 'business',
        alert: { matchers: ['alertname=~"Checkout.*"', 'severity="critical"'] },
      },
    ];
    expect((await asDev(a, `${CHECKOUT}/draft`, 'PUT', { rules })).status).toBe(200);
    expect((await asDev(a, `${CHECKOUT}/draft/submit`, 'POST')).status).toBe(200);
    // checkout has no technical owner: an admin approves (not the author).
    const approved = await a.api(`${CHECKOUT}/versions/1/approve`, {
      method: 'POST',
      body: JSON.stringify({ reason: 'two nodes' }),
    });
    expect(((await approved.json()) as LevelRuleVersion).status).toBe('approved');

    // The API reads versions from the database, so it says "version" on B at once; grading uses the rules B
    // compiled in memory, which only the channel tells it to recompile.
    expect(((await (await b.api(CHECKOUT)).json()) as ModuleLevelRules).effectiveSource).toBe('version');
    await waitFor('B recompiled its rules', async () => b.rt.config().approved.has('checkout'), CROSS_MS);
    const after = await fire(b, 'CheckoutAfter');
    const detail = (await (await b.api(`/api/v1/incidents/${after.id}`)).json()) as IncidentDetail;
    expect(detail.levels.P).toBe('P2'); // version 1 (and the shared critical-alert rule)
  });

  it("an incident created through A shows in B's live stream, also after the channel connections were cut", async () => {
    const stream = await openStream(b.url, { authorization: `Bearer ${ADMIN_TOKEN}` });
    try {
      expect(stream.status).toBe(200);
      const seen = (id: number) => stream.messages.some((m) => m.type === 'incident.created' && m.incidentId === id);
      const first = await fire(a, 'CheckoutOnA');
      await waitFor(`incident ${first.id} on B's stream`, async () => seen(first.id), CROSS_MS);

      // Cut both nodes' listening connections, as a PostgreSQL restart or a network cut would: they reconnect.
      const admin = new pg.Client({ connectionString: databaseUrl });
      await admin.connect();
      try {
        const listeners = async () =>
          Number(
            (
              await admin.query<{ n: string }>(
                `select count(*) as n from pg_stat_activity
                 where datname = current_database() and application_name = 'faultline-node-channel'`,
              )
            ).rows[0]!.n,
          );
        expect(await listeners()).toBe(2);
        await admin.query(
          `select pg_terminate_backend(pid) from pg_stat_activity
           where datname = current_database() and application_name = 'faultline-node-channel'`,
        );
        await waitFor('both listeners back', async () => (await listeners()) === 2, CROSS_MS);
      } finally {
        await admin.end();
      }
      const second = await fire(a, 'CheckoutOnAAgain');
      await waitFor(`incident ${second.id} on B's stream`, async () => seen(second.id), CROSS_MS);
    } finally {
      await stream.close();
    }
  });

  it('a schedule stored through A is known to B at once', async () => {
    b.rt.oncall.stop(); // no periodic re-read on B: only the channel can tell it
    b.rt.policies.stop();
    const schedule = {
      id: 'two-node-primary',
      team: 'payments',
      timeZone: 'UTC',
      layers: [
        { id: 'l', participants: ['oncall@example.com'], shift: { every: 1, unit: 'days' }, start: '2026-12-01T09:00' },
      ],
    };
    expect((await b.api(`/api/v1/schedules/${schedule.id}`)).status).toBe(404);
    expect((await a.api('/api/v1/schedules', { method: 'POST', body: JSON.stringify(schedule) })).status).toBe(201);
    await waitFor(
      'the schedule on B',
      async () => (await b.api(`/api/v1/schedules/${schedule.id}`)).status === 200,
      CROSS_MS,
    );
  });

  it('five failed sign-ins across A and B lock the account on both', async () => {
    const created = await a.api('/api/v1/users', {
      method: 'POST',
      body: JSON.stringify({ email: 'ann@example.com', name: 'Ann', role: 'responder', password: PASSWORD }),
    });
    expect(created.status).toBe(201);
    const signIn = (s: TestServer, password: string) =>
      postFrom('127.0.0.2', `${s.url}/api/v1/session`, { email: 'ann@example.com', password });
    for (const s of [a, b, a, b, a]) expect((await signIn(s, 'a wrong guess')).status).toBe(401);
    expect((await signIn(b, PASSWORD)).status).toBe(429);
    expect((await signIn(a, PASSWORD)).status).toBe(429);
  });
});
