/**
 * Recovery (DESIGN §7 "Recovery playbooks"; issue 9 point 3): typed recovery playbooks per scenario, steps
 * with approvals by level and method, signed automation calls, and every act on the incident timeline.
 *
 * The folder's only public face: other folders import from here (docs/architecture.md).
 */
export { recoveryConfig, RecoveryMethod } from './config.ts';
export type { PlaybookConfig } from './config.ts';
export { lintRecovery } from './lint.ts';
export { createPlaybookDirectory } from './stored.ts';
export { recoveryJobs } from './jobs.ts';
export { routes } from './routes.ts';
export { recoverySteps } from './tables.ts';
export { approveStep, incidentPlaybooks, runStep, skipStep } from './steps.ts';
export { signAutomation } from './execute.ts';
