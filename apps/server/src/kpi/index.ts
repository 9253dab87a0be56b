/**
 * KPI watches (DESIGN §2): business metrics evaluated against a baseline; a drop opens and grades an incident.
 *
 * The folder's only public face: other folders import from here (docs/architecture.md).
 */
export { kpiConfig } from './config.ts';
export { kpiJobs } from './jobs.ts';
export { lintKpi } from './lint.ts';
export { routes } from './routes.ts';
export { startKpiWatches } from './watches.ts';
export { pruneKpiSamples, sampleCutoffs } from './retention.ts';
