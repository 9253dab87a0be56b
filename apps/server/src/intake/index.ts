/**
 * Intake (DESIGN §5): parsing each sender's payloads into signals and committing them as events before the 2xx.
 *
 * The folder's only public face: other folders import from here (docs/architecture.md).
 */
export { IntakeBatcher } from './batcher.ts';
export { intakeConfig } from './config.ts';
export type { IntegrationConfig } from './config.ts';
export { lintIntake } from './lint.ts';
export { routes } from './routes.ts';
export type { Signal } from './signal.ts';
export { events } from './tables.ts';
export { PROCESSED_EVENTS } from './retention.ts';
export { integrationFor, markEventsProcessed } from './accept.ts';
export { pagerDutyInvalidBody } from './sources/pagerduty.ts';
export { QUARANTINE_AFTER, recordConvergeFailure } from './quarantine.ts';
export {
  heartbeatIntegration,
  scheduleHeartbeatChecks,
  syncConfigHeartbeats,
  HEARTBEAT_ALERTNAME,
  HEARTBEAT_CHECK_MS,
} from './heartbeats.ts';
export { heartbeats } from './tables.ts';
export { intakeJobs } from './jobs.ts';
export { startEmailIntake, type EmailIntake } from './email-listener.ts';
