/** Incident's routes: the list, the live stream and the incident page; resolving; levels and impact facts. */
import type { RouteRegistrar } from '../kernel/module.ts';
import { incidentRoutes } from './routes/incidents.ts';
import { incidentResolveRoutes } from './routes/resolve.ts';
import { gradingRoutes } from './routes/grading.ts';

export const routes: RouteRegistrar = (app, { rt, requireAuth }) => {
  incidentRoutes(app, rt, requireAuth);
  incidentResolveRoutes(app, rt, requireAuth);
  gradingRoutes(app, rt, requireAuth);
};
