/**
 * On-call schedules (DESIGN §7): the pure calculators, stored schedules and overrides, feeds, hand-off notices.
 *
 * The folder's only public face: other folders import from here (docs/architecture.md).
 */
export { oncallConfig } from './config.ts';
export { POLL_MS, createOncallDirectory } from './directory.ts';
export type { StoredOncall } from './directory.ts';
export { gaps, onCallAt, overlaps } from './final.ts';
export { startHandoffNotices } from './handoff-notices.ts';
export type { Interval } from './interval.ts';
export { oncallJobs } from './jobs.ts';
export { routes } from './routes.ts';
export type { Schedule } from './schema.ts';
export { conflictWithConfig, deleteStored, insertStored, parseWith, readBody, replaceStored } from './store.ts';
export type { Actor, ParsedBody, StoredItem, StoredKind } from './store.ts';
