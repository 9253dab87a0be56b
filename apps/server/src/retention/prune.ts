/**
 * One retention run (docs/operations.md#retention): for each kind of record, delete what is past its retention in
 * batches of {@link BATCH} rows, each its own short statement, until nothing more is due or the run's time budget
 * is spent; the next run comes an hour later, or a minute later when the budget ran out first (a backlog drains
 * run by run without ever holding the database for long).
 */
import { pruneOldest, type Db } from '../db/index.ts';
import { DONE_JOBS } from '../engine/index.ts';
import { PROCESSED_EVENTS } from '../intake/index.ts';
import type { FaultlineConfig } from '../kernel/index.ts';
import { pruneKpiSamples, sampleCutoffs } from '../kpi/index.ts';
import { SETTLED_NOTIFICATIONS } from '../notify/index.ts';

/**
 * Rows per delete statement: on PostgreSQL (embedded or not) a delete holds no lock intake needs; PGlite runs one
 * statement at a time on the server's thread, so there a batch is what an alert may wait behind (measured with
 * `npm run bench:retention`: docs/benchmarks.md#retention).
 */
export const BATCH = { postgres: 2_000, pglite: 500 } as const;
/** Wall time one run may spend deleting, ms (a duration of work, not a clock reading). */
export const RUN_BUDGET_MS = 2_000;

const DAY_MS = 86_400_000;

/** Rows deleted in one run, per kind of record. */
export interface PruneCounts {
  events: number;
  jobs: number;
  kpiSamples: number;
  deliveries: number;
}

/** The result of one run: what it deleted and whether more was due when its budget ran out. */
export interface PruneRun {
  deleted: PruneCounts;
  more: boolean;
}

/**
 * Deletes, for each kind of record, what is past its retention at `now`.
 * @param elapsedMs a monotonic stopwatch (ms since the run started), for the budget
 */
export async function pruneAll(
  db: Db,
  config: Pick<FaultlineConfig, 'retention' | 'kpiWatches'>,
  now: Date,
  elapsedMs: () => number,
  { batch = BATCH.postgres, budgetMs = RUN_BUDGET_MS }: { batch?: number; budgetMs?: number } = {},
): Promise<PruneRun> {
  const r = config.retention;
  const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const kpi = sampleCutoffs(config, r.kpiSamplesDays * DAY_MS, now);
  const steps: Array<[keyof PruneCounts, () => Promise<number>]> = [
    ['events', () => pruneOldest(db, PROCESSED_EVENTS, ago(r.eventsDays), batch)],
    ['jobs', () => pruneOldest(db, DONE_JOBS, ago(r.jobsDays), batch)],
    ['kpiSamples', () => pruneKpiSamples(db, kpi, batch)],
    ['deliveries', () => pruneOldest(db, SETTLED_NOTIFICATIONS, ago(r.deliveriesDays), batch)],
  ];
  const deleted: PruneCounts = { events: 0, jobs: 0, kpiSamples: 0, deliveries: 0 };
  let more = false;
  for (const [kind, step] of steps) {
    for (;;) {
      const n = await step();
      deleted[kind] += n;
      if (n < batch) break;
      if (elapsedMs() >= budgetMs) {
        more = true;
        break;
      }
      // Let requests in between batches: the embedded store runs queries on this thread.
      await new Promise((r) => setImmediate(r));
    }
  }
  return { deleted, more };
}
