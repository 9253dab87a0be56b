/**
 * Retention (docs/operations.md#retention): how long events, finished jobs, KPI samples and delivery records are
 * kept, and the hourly job that deletes the rest. Each domain says what of its tables may go; this folder runs it.
 *
 * The folder's only public face: other folders import from here (docs/architecture.md).
 */
export { retentionConfig } from './config.ts';
export { retentionJobs, startRetention, RETENTION_PERIOD_MS } from './jobs.ts';
export { BATCH, pruneAll, type PruneCounts } from './prune.ts';
