/**
 * The domain modules, composed: every job kind's handler, every domain's routes and config lint. A new
 * domain adds one line here (docs/architecture.md).
 */
import type { JobHandlers, EngineWork } from './engine/index.ts';
import { convergeRound, convergenceJobs } from './convergence/index.ts';
import type { Runtime } from './kernel/index.ts';
import type { RouteRegistrar } from './http/index.ts';
import { routes as intakeRoutes, intakeJobs } from './intake/index.ts';
import { routes as incidentRoutes, incidentJobs } from './incident/index.ts';
import { routes as authRoutes } from './auth/index.ts';
import { routes as notifyRoutes, notifyJobs } from './notify/index.ts';
import { routes as levelsRoutes } from './levels/index.ts';
import { routes as kpiRoutes, kpiJobs } from './kpi/index.ts';
import { routes as escalationRoutes, escalationJobs } from './escalation/index.ts';
import { routes as peopleRoutes } from './people/index.ts';
import { routes as auditRoutes } from './audit/index.ts';
import { routes as oncallRoutes, oncallJobs } from './oncall/index.ts';
import { routes as suppressionRoutes, suppressionJobs } from './suppression/index.ts';
import { routes as responseRoutes, responseJobs } from './response/index.ts';
import { routes as postmortemRoutes, postmortemJobs } from './postmortem/index.ts';
import { routes as changesRoutes } from './changes/index.ts';
import { routes as recoveryRoutes, recoveryJobs } from './recovery/index.ts';
import { routes as statusPageRoutes, statusPageJobs } from './statuspage/index.ts';
import { routes as analyticsRoutes, analyticsJobs } from './analytics/index.ts';
import { routes as catalogRoutes } from './catalog/index.ts';
import { retentionJobs } from './retention/index.ts';

/** A handler for every job kind the domains declare (a kind without one does not compile). */
export const jobs: JobHandlers<Runtime> = {
  ...notifyJobs,
  ...incidentJobs,
  ...kpiJobs,
  ...escalationJobs,
  ...oncallJobs,
  ...convergenceJobs,
  ...responseJobs,
  ...postmortemJobs,
  ...recoveryJobs,
  ...intakeJobs,
  ...suppressionJobs,
  ...analyticsJobs,
  ...statusPageJobs,
  ...retentionJobs,
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
  suppressionRoutes,
  postmortemRoutes,
  changesRoutes,
  recoveryRoutes,
  statusPageRoutes,
  analyticsRoutes,
  catalogRoutes,
];
