/**
 * Escalation (DESIGN §7): policies (from the config and stored), the step engine, the escalate button, the simulator, the on-call lint.
 *
 * The folder's only public face: other folders import from here (docs/architecture.md).
 */
export { escalationConfig, escalationIndex } from './config.ts';
export { createPolicyDirectory } from './directory.ts';
export { pageOrEscalate } from './engine.ts';
export { escalateIncident } from './escalate.ts';
export { escalationJobs } from './jobs.ts';
export { lintEscalation } from './lint.ts';
export { routes } from './routes.ts';
