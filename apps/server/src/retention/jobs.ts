/**
 * Retention's job kind: `retention.prune`, a periodic chain run once across nodes (docs/operations.md#retention).
 */
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import type { Db } from '../db/index.ts';
import { enqueueOnce, type JobDefinition, type JobOutcome } from '../engine/index.ts';
import type { Runtime } from '../kernel/index.ts';
import { BATCH, pruneAll } from './prune.ts';

/** How often retention runs, ms. */
export const RETENTION_PERIOD_MS = 3_600_000;
/** How soon the next run comes when a run's budget ran out with more due, ms. */
export const RETENTION_BACKLOG_MS = 60_000;

const PrunePayload = z.object({});

declare module '../engine/jobs.ts' {
  interface JobPayloads {
    /** Delete events, finished jobs, KPI samples and delivery records past their retention; run again later. */
    'retention.prune': z.infer<typeof PrunePayload>;
  }
}

/** Schedules the next run `inMs` from `now` unless one is waiting (`after`: from a run, only a later one counts). */
async function scheduleRetention(db: Db, now: Date, inMs: number, after: Date | null): Promise<void> {
  await enqueueOnce(db, 'retention.prune', {}, new Date(now.getTime() + inMs), now, after);
}

/** Starts the retention chain at boot: the first run an hour after start, unless one is waiting. */
export async function startRetention(rt: Pick<Runtime, 'db' | 'clock'>): Promise<void> {
  await scheduleRetention(rt.db, rt.clock.now(), RETENTION_PERIOD_MS, null);
}

/** One run: deletes what is past its retention, logs the counts, schedules the next run. */
export async function runRetention(
  rt: Pick<Runtime, 'db' | 'dbKind' | 'clock' | 'config' | 'log'>,
): Promise<JobOutcome> {
  const now = rt.clock.now();
  const started = performance.now();
  const { deleted, more } = await pruneAll(rt.db, rt.config().config, now, () => performance.now() - started, {
    batch: BATCH[rt.dbKind],
  });
  if (Object.values(deleted).some((n) => n > 0))
    rt.log.info({ deleted, more, ms: Math.round(performance.now() - started) }, 'retention deleted old records');
  await scheduleRetention(rt.db, now, more ? RETENTION_BACKLOG_MS : RETENTION_PERIOD_MS, now);
  return { kind: 'done' };
}

export const retentionJobs: { 'retention.prune': JobDefinition<Runtime, 'retention.prune'> } = {
  'retention.prune': { payload: PrunePayload, run: (rt) => runRetention(rt) },
};
