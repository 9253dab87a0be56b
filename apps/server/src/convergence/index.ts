/**
 * Convergence (DESIGN §5): committed intake events become alerts and incidents — dedup, group, grade, page.
 *
 * The folder's only public face: other folders import from here (docs/architecture.md).
 */
export { convergenceConfig } from './config.ts';
export { convergeRound } from './round.ts';
export { convergenceJobs } from './jobs.ts';
export { UNROUTED } from './group-key.ts';
