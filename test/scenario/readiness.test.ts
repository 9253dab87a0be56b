/**
 * Health tells the truth (issue 15; docs/operations.md#health-and-readiness): `GET /readyz` answers 503 with
 * the reason, and `faultline_ready` drops to 0, when convergence lags beyond its threshold, when a due job
 * waits for a node beyond its threshold, or when an event is quarantined; both recover when the cause goes.
 * `/healthz` (liveness) stays 200 throughout. Thresholds come from the boot environment.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../apps/server/src/db/client.ts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const GENERIC = '/api/v1/intake/generic/quickstart-generic';

interface ReadyBody {
  status: string;
  problems: string[];
  eventLagSeconds: number;
  pendingEvents: number;
  quarantinedEvents: number;
  jobDelaySeconds: number;
  overdueJobs: number;
}

/** The value of an unlabelled metric in Prometheus text format. */
function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no metric ${name}`);
  return Number(line.split(' ')[1]);
}

describe('readiness: /readyz and faultline_ready tell when paging is at risk', () => {
  const clock = new FakeClock('2026-11-21T14:00:00Z');
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer({
      clock,
      providers: { email: recordingProvider() },
      engineLoop: false,
      env: { FAULTLINE_READY_MAX_EVENT_LAG_SECONDS: '120', FAULTLINE_READY_MAX_JOB_DELAY_SECONDS: '30' },
    });
  });
  afterAll(() => s.dispose());

  const ready = async () => {
    const res = await fetch(`${s.url}/readyz`);
    return { status: res.status, body: (await res.json()) as ReadyBody };
  };
  // /metrics takes a token with metrics:read; /readyz and /healthz take none.
  const metrics = async () => (await s.api('/metrics')).text();
  const healthz = async () => (await fetch(`${s.url}/healthz`)).status;

  it('an idle server is ready', async () => {
    expect(await ready()).toEqual({
      status: 200,
      body: {
        status: 'ready',
        problems: [],
        eventLagSeconds: 0,
        pendingEvents: 0,
        quarantinedEvents: 0,
        jobDelaySeconds: 0,
        overdueJobs: 0,
      },
    });
    const m = await metrics();
    expect(metric(m, 'faultline_ready')).toBe(1);
    expect(metric(m, 'faultline_intake_quarantined_events')).toBe(0);
  });

  it('an event waiting for convergence longer than FAULTLINE_READY_MAX_EVENT_LAG_SECONDS makes it not ready', async () => {
    expect((await s.post(GENERIC, { title: 'Waiting', labels: { alertname: 'Waiting' } })).status).toBe(202);
    clock.advance(120_000);
    expect((await ready()).status).toBe(200); // at the threshold
    clock.advance(1_000);
    const r = await ready();
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ status: 'not ready', eventLagSeconds: 121, pendingEvents: 1 });
    expect(r.body.problems).toEqual([expect.stringMatching(/^convergence lags: .* 121 s ago \(threshold 120 s\)$/)]);
    const m = await metrics();
    expect(metric(m, 'faultline_ready')).toBe(0);
    expect(metric(m, 'faultline_convergence_lag_seconds')).toBe(121);
    expect(metric(m, 'faultline_convergence_pending_events')).toBe(1);
    expect(await healthz()).toBe(200);

    await s.engine!.drain();
    expect((await ready()).status).toBe(200);
    expect(metric(await metrics(), 'faultline_ready')).toBe(1);
  });

  it('a due job no node takes for longer than FAULTLINE_READY_MAX_JOB_DELAY_SECONDS makes it not ready', async () => {
    // A job due 31 s ago that no engine claims (as when every engine node is down).
    const [job] = await rows<{ id: string }>(
      s.rt.db,
      sql`insert into jobs (kind, payload, run_at, created_at)
          values ('incident.duration', '{}'::jsonb, ${new Date(clock.now().getTime() - 31_000).toISOString()}::timestamptz, now())
          returning id`,
    );
    const r = await ready();
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ jobDelaySeconds: 31, overdueJobs: 1 });
    expect(r.body.problems[0]).toMatch(/^jobs are overdue: 1 due jobs wait for a node, the oldest for 31 s/);
    expect(metric(await metrics(), 'faultline_jobs_overdue_seconds')).toBe(31);

    // A node holding the job (a live lease) is working on it: not overdue.
    await s.rt.db.execute(
      sql`update jobs set locked_until = ${new Date(clock.now().getTime() + 30_000).toISOString()}::timestamptz,
            locked_by = 'another-node' where id = ${job!.id}`,
    );
    expect((await ready()).status).toBe(200);
    await s.rt.db.execute(sql`update jobs set done_at = now() where id = ${job!.id}`);
  });

  it('a quarantined event makes it not ready until it is replayed or discarded', async () => {
    // An event an earlier version stored with NUL in its signals: convergence cannot apply it.
    const [event] = await rows<{ id: string }>(
      s.rt.db,
      sql`insert into events (integration, source, received_at, payload, signals)
          values ('quickstart-generic', 'generic', ${clock.now().toISOString()}::timestamptz, '{"title":"x"}',
                  ${JSON.stringify([{ action: 'trigger', dedupKey: 'nul\u0000', summary: 'x', severity: null, labels: {}, annotations: {}, startsAt: clock.now().toISOString(), endsAt: null, source: 'generic' }])}::json)
          returning id`,
    );
    await s.engine!.drain();
    const r = await ready();
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ quarantinedEvents: 1, pendingEvents: 0 });
    expect(r.body.problems).toEqual([expect.stringMatching(/^1 intake events are quarantined/)]);
    expect(metric(await metrics(), 'faultline_intake_quarantined_events')).toBe(1);
    expect(await healthz()).toBe(200);

    expect((await s.api(`/api/v1/intake/quarantine/${event!.id}/discard`, { method: 'POST' })).status).toBe(200);
    expect((await ready()).status).toBe(200);
  });
});
