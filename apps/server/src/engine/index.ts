/**
 * The job engine: durable timers and the transactional outbox, claimed with FOR UPDATE SKIP LOCKED; it names no domain.
 *
 * The folder's only public face: other folders import from here (docs/architecture.md).
 */
export { poolSizeFor, startEngine } from './engine.ts';
export type { Engine, EngineOptions, EngineWork } from './engine.ts';
export { enqueueJob, enqueueJobsFromSql } from './jobs.ts';
export type { JobDefinition, JobHandlers, JobOutcome, JobPayloads } from './jobs.ts';
export { jobs } from './tables.ts';
export { enqueueOnce, setWaitingPayload } from './jobs.ts';
export { DONE_JOBS } from './retention.ts';
