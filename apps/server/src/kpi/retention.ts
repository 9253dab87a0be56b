/**
 * Retention of KPI samples (docs/operations.md#retention): samples older than the retention are deleted, except
 * that a watch always keeps the history its baseline reads (a `median` of 12 weekly windows needs 12 weeks of a
 * pushed watch's samples, whatever the retention says), plus a day.
 */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/index.ts';
import type { FaultlineConfig } from '../kernel/index.ts';
import { baselineTimes } from './baseline.ts';

const DAY_MS = 86_400_000;

/**
 * How far back a watch's samples must reach, ms: the oldest instant its baseline reads, plus a day.
 * @param baseline the watch's configured baseline
 */
export function sampleHistoryMs(baseline: FaultlineConfig['kpiWatches'][number]['baseline']): number {
  const epoch = new Date(0);
  const oldest = Math.min(0, ...baselineTimes(baseline, epoch).map((t) => t.getTime()));
  return -oldest + DAY_MS;
}

/**
 * The cutoff per configured watch (samples before it may go): `now − max(retention, the watch's history)`; a
 * sample of a watch no longer configured goes at `now − retention`.
 */
export function sampleCutoffs(
  config: Pick<FaultlineConfig, 'kpiWatches'>,
  retentionMs: number,
  now: Date,
): { watches: Map<string, Date>; others: Date } {
  const watches = new Map<string, Date>();
  for (const w of config.kpiWatches)
    watches.set(w.id, new Date(now.getTime() - Math.max(retentionMs, sampleHistoryMs(w.baseline))));
  return { watches, others: new Date(now.getTime() - retentionMs) };
}

/**
 * Deletes up to `limit` samples before their cutoff: first of the configured watches (by the primary key), then
 * of watches no longer configured (by the `at` index).
 * @returns how many were deleted (fewer than `limit`: nothing more is due)
 */
export async function pruneKpiSamples(
  db: Db,
  cutoffs: ReturnType<typeof sampleCutoffs>,
  limit: number,
): Promise<number> {
  let deleted = 0;
  for (const [watchId, before] of cutoffs.watches) {
    if (deleted >= limit) return deleted;
    deleted += await deleteSamples(
      db,
      sql`watch_id = ${watchId} and at < ${before.toISOString()}::timestamptz`,
      limit - deleted,
    );
  }
  if (deleted >= limit) return deleted;
  const known = [...cutoffs.watches.keys()];
  const others = known.length
    ? sql`at < ${cutoffs.others.toISOString()}::timestamptz and watch_id not in (${sql.join(
        known.map((k) => sql`${k}`),
        sql`, `,
      )})`
    : sql`at < ${cutoffs.others.toISOString()}::timestamptz`;
  return deleted + (await deleteSamples(db, others, limit - deleted));
}

async function deleteSamples(db: Db, where: ReturnType<typeof sql>, limit: number): Promise<number> {
  const [r] = await rows<{ n: number }>(
    db,
    sql`with gone as (
          delete from kpi_samples where (watch_id, at) in (
            select watch_id, at from kpi_samples where ${where} order by at limit ${limit})
          returning 1)
        select count(*)::int as n from gone`,
  );
  return r?.n ?? 0;
}
