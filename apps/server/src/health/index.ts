/**
 * Health: readiness of the alert pipeline (`/readyz`, its gauges on `/metrics`): the engine's lag, overdue
 * jobs, quarantined events, a readable database. It reads the intake and job tables; it imports no domain.
 *
 * The folder's only public face: other folders import from here (docs/architecture.md).
 */
export { healthModuleRoutes } from './routes.ts';
export { DEFAULT_READINESS } from './readiness.ts';
export type { ReadinessThresholds } from './readiness.ts';
