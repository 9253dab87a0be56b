/**
 * The domain modules, composed: every job kind's handler, every domain's routes and config lint. A new
 * domain adds one line here (docs/architecture.md).
 */
import type { JobHandlers } from './engine/jobs.ts';
import type { EngineWork } from './engine/engine.ts';
import { convergeRound } from './convergence/converge.ts';
import type { RouteRegistrar } from './kernel/module.ts';
import { routes as intakeRoutes } from './intake/routes.ts';
import { routes as incidentRoutes } from './incident/routes.ts';
import { routes as authRoutes } from './auth/routes.ts';
import { routes as notifyRoutes } from './notify/routes.ts';
import { routes as levelsRoutes } from './levels/routes.ts';
import { routes as kpiRoutes } from './kpi/routes.ts';
import { routes as escalationRoutes } from './escalation/routes.ts';
import { routes as peopleRoutes } from './people/routes.ts';
import { routes as auditRoutes } from './audit/routes.ts';
import { routes as oncallRoutes } from './oncall/routes.ts';
import { routes as responseRoutes } from './response/routes.ts';
import type { Runtime } from './kernel/runtime.ts';
import { notifyJobs } from './notify/jobs.ts';
import { incidentJobs } from './incident/jobs.ts';
import { kpiJobs } from './kpi/jobs.ts';
import { escalationJobs } from './escalation/jobs.ts';
import { oncallJobs } from './oncall/jobs.ts';

/** A handler for every job kind the domains declare (a kind without one does not compile). */
export const jobs: JobHandlers<Runtime> = {
  ...notifyJobs,
  ...incidentJobs,
  ...kpiJobs,
  ...escalationJobs,
  ...oncallJobs,
};

/** What the engine runs: every job kind, and convergence rounds. */
export const engineWork: EngineWork<Runtime> = { jobs, converge: convergeRound };

/** Every domain's routes, in registration order. */
export const routes: readonly RouteRegistrar[] = [
  intakeRoutes,
  incidentRoutes,
  authRoutes,
  notifyRoutes,
  levelsRoutes,
  kpiRoutes,
  escalationRoutes,
  peopleRoutes,
  auditRoutes,
  oncallRoutes,
  responseRoutes,
];
