/**
 * Suppression's job kinds: the retention of stored silences and maintenance windows, a periodic chain run once
 * across nodes (docs/convergence.md#retention).
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { rows, type Db } from '../db/index.ts';
import { enqueueOnce, type JobDefinition, type JobOutcome } from '../engine/index.ts';
import type { Runtime } from '../kernel/index.ts';
import { purgeEndedMaintenanceWindows, purgeExpiredSilences } from './store.ts';

/** How often the retention runs, ms: an expired silence is deleted at most this long after its retention. */
export const PURGE_PERIOD_MS = 3_600_000;

const PurgePayload = z.object({});

declare module '../engine/jobs.ts' {
  interface JobPayloads {
    /** Delete silences and one-off maintenance windows past their retention; run again in an hour. */
    'suppression.purge': z.infer<typeof PurgePayload>;
  }
}

/**
 * Schedules the retention's next run an hour from `now` while silences or maintenance windows are stored and
 * no run is waiting (`enqueueOnce`: one across nodes; `after`: from a run, only a later run counts as waiting).
 * Called at start, when a silence or window is stored (in its transaction), and by each run; with nothing
 * stored the chain ends.
 */
export async function scheduleSuppressionPurge(db: Db, now: Date, after: Date | null = null): Promise<void> {
  const [n] = await rows<{ n: number }>(
    db,
    sql`select (select count(*) from silences)::int + (select count(*) from maintenance_windows)::int as n`,
  );
  if (!n || n.n === 0) return;
  await enqueueOnce(db, 'suppression.purge', {}, new Date(now.getTime() + PURGE_PERIOD_MS), now, after);
}

/** Starts the retention chain at boot when something is stored. */
export async function startSuppressionPurge(rt: Pick<Runtime, 'db' | 'clock'>): Promise<void> {
  await scheduleSuppressionPurge(rt.db, rt.clock.now());
}

/** One run: deletes what is past its retention, then schedules the next run. */
export async function runSuppressionPurge(rt: Pick<Runtime, 'db' | 'clock' | 'config' | 'log'>): Promise<JobOutcome> {
  const now = rt.clock.now();
  const cfg = rt.config();
  const silences = await purgeExpiredSilences(rt.db, cfg, now);
  const windows = await purgeEndedMaintenanceWindows(rt.db, cfg, now);
  if (silences + windows > 0)
    rt.log.info({ silences, windows }, 'deleted silences and maintenance windows past their retention');
  await scheduleSuppressionPurge(rt.db, now, now);
  return { kind: 'done' };
}

export const suppressionJobs: { 'suppression.purge': JobDefinition<Runtime, 'suppression.purge'> } = {
  'suppression.purge': { payload: PurgePayload, run: (rt) => runSuppressionPurge(rt) },
};
