/**
 * SQL of KPI watches: the state row per watch (`kpi_watch_state`), the samples (`kpi_samples`) and the
 * evaluation timer (`kpi.evaluate` jobs). The state row is the per-watch lock: every evaluation and every
 * (re)scheduling takes it `FOR UPDATE`, so evaluations of one watch are serialised across nodes.
 */
import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { rows } from '../db/index.ts';
import { kpiSamples, kpiWatchState } from './tables.ts';
import { enqueueJob } from '../engine/index.ts';

export type WatchStateRow = typeof kpiWatchState.$inferSelect;
export type SampleRow = typeof kpiSamples.$inferSelect;

/** Creates the watch's state row if missing (status `pending`) and returns it locked. */
export async function lockWatchState(db: Db, watchId: string): Promise<WatchStateRow> {
  await db.insert(kpiWatchState).values({ watchId, status: 'pending' }).onConflictDoNothing();
  const [row] = await db.select().from(kpiWatchState).where(eq(kpiWatchState.watchId, watchId)).for('update').limit(1);
  return row!;
}

/** Writes the watch's state (the row must exist). */
export async function saveWatchState(db: Db, state: WatchStateRow): Promise<void> {
  const { watchId, ...rest } = state;
  await db.update(kpiWatchState).set(rest).where(eq(kpiWatchState.watchId, watchId));
}

/** State rows of the given watches (missing ones are absent). */
export async function watchStates(db: Db, watchIds: readonly string[]): Promise<Map<string, WatchStateRow>> {
  if (watchIds.length === 0) return new Map();
  const list = await db
    .select()
    .from(kpiWatchState)
    .where(sql`${kpiWatchState.watchId} in (select jsonb_array_elements_text(${JSON.stringify(watchIds)}::jsonb))`);
  return new Map(list.map((r) => [r.watchId, r]));
}

/** Inserts samples; a sample at an instant the watch already has replaces it. */
export async function upsertSamples(
  db: Db,
  samples: ReadonlyArray<{
    watchId: string;
    at: Date;
    value: number;
    baseline: number | null;
    source: 'prometheus' | 'push';
  }>,
): Promise<void> {
  if (samples.length === 0) return;
  await db
    .insert(kpiSamples)
    .values([...samples])
    .onConflictDoUpdate({
      target: [kpiSamples.watchId, kpiSamples.at],
      set: { value: sql`excluded.value`, baseline: sql`excluded.baseline`, source: sql`excluded.source` },
    });
}

/** The watch's samples with `from ≤ at ≤ to`, oldest first. */
export async function samplesBetween(db: Db, watchId: string, from: Date, to: Date): Promise<SampleRow[]> {
  return db
    .select()
    .from(kpiSamples)
    .where(and(eq(kpiSamples.watchId, watchId), gte(kpiSamples.at, from), lte(kpiSamples.at, to)))
    .orderBy(asc(kpiSamples.at));
}

/** The watch's newest sample, or null. */
export async function latestSample(db: Db, watchId: string): Promise<SampleRow | null> {
  const [row] = await db
    .select()
    .from(kpiSamples)
    .where(eq(kpiSamples.watchId, watchId))
    .orderBy(sql`${kpiSamples.at} desc`)
    .limit(1);
  return row ?? null;
}

/**
 * Samples for a chart: those with `from ≤ at ≤ to`, oldest first, thinned evenly (every k-th) to at most
 * `max` points when there are more.
 */
export async function chartSamples(db: Db, watchId: string, from: Date, to: Date, max: number): Promise<SampleRow[]> {
  const list = await rows<{ at: string | Date; value: number; baseline: number | null; source: string }>(
    db,
    sql`select at, value, baseline, source from (
          select at, value, baseline, source, row_number() over (order by at) as rn, count(*) over () as n
          from kpi_samples
          where watch_id = ${watchId} and at >= ${from.toISOString()}::timestamptz and at <= ${to.toISOString()}::timestamptz
        ) s
        where (rn - 1) % greatest(1, ceil(n / ${max}::float8))::bigint = 0
        order by at
        limit ${max}`,
  );
  return list.map((r) => ({
    watchId,
    at: new Date(r.at),
    value: Number(r.value),
    baseline: r.baseline === null ? null : Number(r.baseline),
    source: r.source,
  }));
}

/**
 * Pending `kpi.evaluate` jobs of the watch that no node is running (not claimed, or whose lease ran out),
 * optionally only those due by `dueBy`.
 */
export async function waitingEvaluations(db: Db, watchId: string, now: Date, dueBy?: Date): Promise<number> {
  const r = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from jobs
        where kind = 'kpi.evaluate' and done_at is null and payload->>'watchId' = ${watchId}
          and (locked_until is null or locked_until < ${now.toISOString()}::timestamptz)
          ${dueBy ? sql`and run_at <= ${dueBy.toISOString()}::timestamptz` : sql``}`,
  );
  return r[0]?.n ?? 0;
}

/** Pending `kpi.evaluate` jobs of the watch, running or not. */
export async function pendingEvaluations(db: Db, watchId: string): Promise<number> {
  const r = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from jobs where kind = 'kpi.evaluate' and done_at is null and payload->>'watchId' = ${watchId}`,
  );
  return r[0]?.n ?? 0;
}

/**
 * Schedules the watch's next evaluation at `runAt` unless one is already waiting. Call with the watch's
 * state row locked: the evaluation that is running now is claimed, so it does not count, and a second
 * evaluation racing this one (a push, a re-claimed job) sees this job once it gets the lock — so a watch
 * keeps exactly one waiting evaluation.
 * @returns whether it enqueued one
 */
export async function scheduleEvaluation(db: Db, watchId: string, runAt: Date, now: Date): Promise<boolean> {
  if ((await waitingEvaluations(db, watchId, now)) > 0) return false;
  await enqueueJob(db, 'kpi.evaluate', { watchId }, runAt, now);
  return true;
}
