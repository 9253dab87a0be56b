/**
 * Retention (issue 18 item 5, docs/operations.md#retention), on a fake clock: the hourly `retention.prune` job
 * deletes applied events, finished jobs, KPI samples and settled delivery records past their configured retention,
 * keeps everything younger, keeps what is not finished however old (a quarantined event, a waiting job, a
 * notification still being delivered), keeps the history a watch's baseline reads, and drains a backlog larger than
 * one batch run by run.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../apps/server/src/db/index.ts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { pruneAll } from '../../apps/server/src/retention/index.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const T0 = new Date('2026-11-21T12:00:00Z');
const DAY = 86_400_000;
const ago = (days: number) => new Date(T0.getTime() - days * DAY).toISOString();

const config = `${readFileSync(QUICKSTART_CONFIG, 'utf8')}
kpiWatches:
  - id: weekly-orders
    module: checkout
    source: push
    baseline: { kind: median, period: 1w, windows: 8 }
    everySeconds: 3600
retention:
  eventsDays: 30
  jobsDays: 7
  kpiSamplesDays: 35
  deliveriesDays: 90
`;

describe('retention deletes what is past its retention, and only that', () => {
  const clock = new FakeClock(T0.toISOString());
  let s: TestServer;
  let incidentId: number;

  beforeAll(async () => {
    s = await startTestServer({ clock, engineLoop: false, configYaml: config });
    const [inc] = await rows<{ id: string }>(
      s.rt.db,
      sql`insert into incidents (title, status, team, service, created_at, updated_at, group_key)
          values ('old page', 'resolved', 'payments', 'payments-api', ${ago(200)}::timestamptz, ${ago(200)}::timestamptz, 'retention-test')
          returning id`,
    );
    incidentId = Number(inc!.id);
    const db = s.rt.db;
    // Events: applied 40 and 10 days ago; one quarantined 40 days ago (never applied).
    for (const [days, processed, quarantined] of [
      [40, true, false],
      [10, true, false],
      [40, false, true],
    ] as const)
      await rows(
        db,
        sql`insert into events (integration, source, received_at, payload, signals, processed_at, quarantined_at)
            values ('retention', 'generic', ${ago(days)}::timestamptz, '{}', '[]',
                    ${processed ? ago(days) : null}::timestamptz, ${quarantined ? ago(days) : null}::timestamptz)`,
      );
    // Jobs: done 10 and 2 days ago; one created 30 days ago, still waiting (due next year). The server queued its
    // own jobs at start; these were created before them, so they take ids below theirs (ids follow insertion).
    for (const [id, created, done, kind] of [
      [-3, 30, null, 'waiting'],
      [-2, 12, 10, 'old-done'],
      [-1, 3, 2, 'recent-done'],
    ] as const)
      await rows(
        db,
        sql`insert into jobs (id, kind, payload, run_at, created_at, done_at) overriding system value
            values (${id}, 'suppression.purge', ${JSON.stringify({ mark: kind })}::jsonb, ${new Date(T0.getTime() + 365 * DAY).toISOString()}::timestamptz,
                    ${ago(created)}::timestamptz, ${done === null ? null : ago(done)}::timestamptz)`,
      );
    // KPI samples: the configured weekly watch keeps 8 weeks + a day (57 days) whatever kpiSamplesDays says; a
    // watch no longer configured keeps 35 days.
    for (const [watch, days] of [
      ['weekly-orders', 60],
      ['weekly-orders', 40],
      ['removed-watch', 40],
      ['removed-watch', 10],
    ] as const)
      await rows(
        db,
        sql`insert into kpi_samples (watch_id, at, value, source) values (${watch}, ${ago(days)}::timestamptz, 1, 'push')`,
      );
    // Notifications: sent 100 and 20 days ago; one still pending from 100 days ago.
    for (const [days, status, key] of [
      [100, 'sent', 'old-sent'],
      [20, 'sent', 'recent-sent'],
      [100, 'pending', 'old-pending'],
    ] as const)
      await rows(
        db,
        sql`insert into notifications (incident_id, idempotency_key, channel, recipient, status, created_at)
            values (${incidentId}, ${key}, 'email', 'a@example.com', ${status}, ${ago(days)}::timestamptz)`,
      );
  });
  afterAll(() => s.dispose());

  const left = async () => {
    const [r] = await rows<Record<string, string | null>>(
      s.rt.db,
      sql`select
            (select string_agg(extract(day from ${T0.toISOString()}::timestamptz - received_at)::int
                || case when quarantined_at is null then '' else 'q' end, ',' order by id)
               from events where integration = 'retention') as events,
            (select string_agg(payload->>'mark', ',' order by id) from jobs where payload ? 'mark') as jobs,
            (select string_agg(watch_id || ':' || extract(day from ${T0.toISOString()}::timestamptz - at)::int, ',' order by watch_id, at)
               from kpi_samples) as samples,
            (select string_agg(idempotency_key, ',' order by id) from notifications where incident_id = ${incidentId}) as deliveries`,
    );
    return r;
  };

  it('the first run, an hour after start, deletes exactly what is past its retention', async () => {
    expect(await left()).toEqual({
      events: '40,10,40q',
      jobs: 'waiting,old-done,recent-done',
      samples: 'removed-watch:40,removed-watch:10,weekly-orders:60,weekly-orders:40',
      deliveries: 'old-sent,recent-sent,old-pending',
    });
    clock.advance(3_600_000 + 1_000);
    await s.engine!.drain();
    expect(await left()).toEqual({
      events: '10,40q',
      jobs: 'waiting,recent-done',
      samples: 'removed-watch:10,weekly-orders:40',
      deliveries: 'recent-sent,old-pending',
    });
    // The chain goes on: one run waiting, an hour later.
    const [next] = await rows<{ n: number; at: string }>(
      s.rt.db,
      sql`select count(*)::int as n, min(run_at) as at from jobs where kind = 'retention.prune' and done_at is null`,
    );
    expect(next?.n).toBe(1);
    expect(new Date(next!.at).getTime() - clock.now().getTime()).toBe(3_600_000);
  });

  it('a backlog larger than a batch is drained in batches, and a run out of budget says more is due', async () => {
    // Rows arrive in time order (the walk stops at the first young row): start from an empty events table.
    await rows(s.rt.db, sql`delete from events`);
    await rows(
      s.rt.db,
      sql`insert into events (integration, source, received_at, payload, signals, processed_at)
          select 'backlog', 'generic', ${ago(45)}::timestamptz + g * interval '1 second', '{}', '[]', ${ago(45)}::timestamptz
            from generate_series(1, 4500) g`,
    );
    const count = async () =>
      (await rows<{ n: number }>(s.rt.db, sql`select count(*)::int as n from events where integration = 'backlog'`))[0]!
        .n;
    const cfg = s.rt.config().config;
    const outOfBudget = await pruneAll(s.rt.db, cfg, clock.now(), () => 0, { batch: 2_000, budgetMs: 0 });
    expect(outOfBudget).toMatchObject({ more: true, deleted: { events: 2_000 } });
    expect(await count()).toBe(2_500);
    const rest = await pruneAll(s.rt.db, cfg, clock.now(), () => 0, { batch: 2_000 });
    expect(rest).toMatchObject({ more: false, deleted: { events: 2_500 } });
    expect(await count()).toBe(0);
  });
});
