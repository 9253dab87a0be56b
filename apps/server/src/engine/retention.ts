/**
 * What retention may delete of the job table (docs/operations.md#retention): jobs that are done, once they have
 * been done for the retention. A waiting or running job is never deleted, however old.
 */
import type { PruneSpec } from '../db/index.ts';

/** Done jobs, by the instant they were done (`done_at`); walked from the oldest `created_at`. */
export const DONE_JOBS: PruneSpec = { table: 'jobs', insertedAt: 'created_at', where: 'done_at < $before' };
