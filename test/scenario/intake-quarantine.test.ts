/**
 * Whatever still fails in convergence is quarantined (issue 15, finding 1; docs/intake.md#quarantine): an
 * event convergence cannot apply is tried alone a bounded number of times and then set aside with its
 * reason, the events ahead of and behind it are applied in id order, the quarantine is listed to admins
 * (API and CLI), a replay parses the raw body again and applies it, and a discard sets it aside for good.
 *
 * The bad events are written straight into the events table, as a node of an earlier version wrote them
 * (the door now makes new alerts storable): one whose signals hold NUL (what stopped all paging before), one
 * whose stored signal lacks its summary and whose body no longer parses.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, AuditList, IncidentDetail, IncidentList, QuarantineList } from '@faultline/contracts';
import { rows } from '../../apps/server/src/db/client.ts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

const GENERIC = '/api/v1/intake/generic/quickstart-generic';
const QUARANTINE = '/api/v1/intake/quarantine';
const TRIES = 5; // the documented default (docs/intake.md#quarantine)

/** An Alertmanager body as an earlier version stored it: its signal still holds the NUL. */
const nulPayload =
  '{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"Disk\\u0000","service":"checkout-api","severity":"critical"},"annotations":{"summary":"disk \\u0000 full"}}]}';
const nulSignals = JSON.stringify([
  {
    action: 'trigger',
    dedupKey: 'legacy-nul',
    summary: 'disk \u0000 full',
    severity: 'critical',
    labels: { alertname: 'Disk\u0000', service: 'checkout-api', severity: 'critical' },
    annotations: { summary: 'disk \u0000 full' },
    startsAt: '2026-11-21T13:59:00.000Z',
    endsAt: null,
    source: 'alertmanager',
  },
]);
/** A generic event whose body no longer parses and whose stored signal has no summary. */
const brokenPayload = '{"title": ""}';
const brokenSignals = JSON.stringify([
  {
    action: 'trigger',
    dedupKey: 'legacy-broken',
    severity: null,
    labels: {},
    annotations: {},
    startsAt: '2026-11-21T13:59:00.000Z',
    endsAt: null,
    source: 'generic',
  },
]);

const cli = promisify(execFile);

describe('intake quarantine: a bad event is set aside after its tries, the rest goes on, and it can be replayed', () => {
  const clock = new FakeClock('2026-11-21T14:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  let nulEvent: number;
  let brokenEvent: number;
  const titles = async () =>
    ((await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList).incidents.map((i) => i.title);

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false });
  });
  afterAll(() => s.dispose());

  const sendGeneric = async (title: string) => {
    const res = await s.post(GENERIC, { title, severity: 'critical', labels: { alertname: title } });
    expect(res.status).toBe(202);
  };
  const insertLegacy = async (integration: string, source: string, payload: string, signals: string) => {
    const [row] = await rows<{ id: string | number }>(
      s.rt.db,
      sql`insert into events (integration, source, received_at, payload, signals)
          values (${integration}, ${source}, ${clock.now().toISOString()}::timestamptz, ${payload}, ${signals}::json)
          returning id`,
    );
    return Number(row!.id);
  };

  it('applies the events ahead of and behind a bad one, and quarantines it after its tries', async () => {
    await sendGeneric('Ahead of the bad events');
    nulEvent = await insertLegacy('quickstart', 'alertmanager', nulPayload, nulSignals);
    brokenEvent = await insertLegacy('quickstart-generic', 'generic', brokenPayload, brokenSignals);
    await sendGeneric('Behind the bad events');
    await s.engine!.drain();

    expect(await titles()).toEqual(expect.arrayContaining(['Ahead of the bad events', 'Behind the bad events']));
    // The incident behind them was paged.
    const behind = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
    const behindId = behind.incidents.find((i) => i.title === 'Behind the bad events')!.id;
    expect(email.sent.some((m) => m.message.incidentId === behindId)).toBe(true);

    const [counts] = await rows<{ nul: number; broken: number }>(
      s.rt.db,
      sql`select (select converge_attempts from events where id = ${nulEvent}) as nul,
                 (select converge_attempts from events where id = ${brokenEvent}) as broken`,
    );
    expect(counts).toEqual({ nul: TRIES, broken: TRIES });
  });

  it('lists quarantined events to admins, oldest first, with the reason, tries and the start of the body', async () => {
    const res = await s.api(QUARANTINE);
    expect(res.status).toBe(200);
    const list = (await res.json()) as QuarantineList;
    expect(list.nextCursor).toBeNull();
    expect(list.events.map((e) => e.id)).toEqual([nulEvent, brokenEvent]);
    const [nul, broken] = list.events;
    expect(nul).toMatchObject({
      integration: 'quickstart',
      source: 'alertmanager',
      attempts: TRIES,
      alerts: 1,
      payloadPreview: nulPayload,
      payloadLength: nulPayload.length,
      receivedAt: '2026-11-21T14:00:00.000Z',
      quarantinedAt: '2026-11-21T14:00:00.000Z',
    });
    // PostgreSQL's own words, with its SQLSTATE; never the statement's parameters.
    expect(nul!.reason).toMatch(/^22P05 .*unsupported Unicode escape sequence/);
    expect(broken!.reason).toMatch(/^23502 null value in column "title"/);
    for (const e of list.events) expect(e.reason.length).toBeLessThanOrEqual(300);
  });

  it('is for admins only', async () => {
    const created = await s.api('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'quarantine-manager', role: 'manager' }),
    });
    const { token } = (await created.json()) as { token: string };
    const asManager = { headers: { authorization: `Bearer ${token}` } };
    expect((await s.api(QUARANTINE, asManager)).status).toBe(403);
    expect((await s.api(`${QUARANTINE}/${nulEvent}/replay`, { method: 'POST', ...asManager })).status).toBe(403);
    expect((await s.api(`${QUARANTINE}/${nulEvent}/discard`, { method: 'POST', ...asManager })).status).toBe(403);
  });

  it('a replay parses the raw body again (the door now makes it storable), and convergence applies it', async () => {
    const res = await s.api(`${QUARANTINE}/${nulEvent}/replay`, { method: 'POST' });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'replayed', eventId: nulEvent, alerts: 1 });
    await s.engine!.drain();
    const list = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
    const replayed = list.incidents.find((i) => i.title === 'disk \uFFFD full');
    expect(replayed, 'the replayed alert became an incident').toBeDefined();
    const detail = (await (await s.api(`/api/v1/incidents/${replayed!.id}`)).json()) as IncidentDetail;
    expect(detail.alerts[0]!.labels.alertname).toBe('Disk\uFFFD');
    const q = (await (await s.api(QUARANTINE)).json()) as QuarantineList;
    expect(q.events.map((e) => e.id)).toEqual([brokenEvent]);
  });

  it('a replay of an event that cannot be parsed again answers 409 and leaves it quarantined', async () => {
    const res = await s.api(`${QUARANTINE}/${brokenEvent}/replay`, { method: 'POST' });
    expect(res.status).toBe(409);
    expect(((await res.json()) as ApiError).error.message).toMatch(/cannot be parsed again/);
    const q = (await (await s.api(QUARANTINE)).json()) as QuarantineList;
    expect(q.events.map((e) => e.id)).toEqual([brokenEvent]);
  });

  it('the CLI lists the quarantine and discards an event; both acts are in the audit log', async () => {
    const env = { ...process.env, FAULTLINE_TOKEN: ADMIN_TOKEN };
    const run = (...args: string[]) =>
      cli('node_modules/.bin/node', ['apps/server/src/cli/main.ts', ...args, '--url', s.url], { env });
    const listed = await run('intake', 'quarantine', 'list');
    expect(listed.stdout).toContain(`#${brokenEvent}`);
    expect(listed.stdout).toMatch(/23502/);
    const discarded = await run('intake', 'quarantine', 'discard', String(brokenEvent));
    expect(discarded.stdout).toContain(`event #${brokenEvent} discarded`);
    expect(((await (await s.api(QUARANTINE)).json()) as QuarantineList).events).toEqual([]);

    const audit = (await (await s.api('/api/v1/audit?targetType=intake-event')).json()) as AuditList;
    expect(audit.entries.map((e) => [e.action, e.targetId, e.actor])).toEqual([
      ['intake-event.discard', String(brokenEvent), 'admin'],
      ['intake-event.replay', String(nulEvent), 'admin'],
    ]);
    // A discarded event is never applied, and a second discard finds nothing to discard.
    await s.engine!.drain();
    expect(await titles()).not.toContain('');
    expect((await s.api(`${QUARANTINE}/${brokenEvent}/discard`, { method: 'POST' })).status).toBe(404);
  });
});
