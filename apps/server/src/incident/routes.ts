/** Incident's routes: the list and the live stream (the incident page is response's). */
import type { RouteRegistrar } from '../http/index.ts';
import { incidentRoutes } from './routes/incidents.ts';

export const routes: RouteRegistrar = (app, { rt, requireAuth, limits }) => {
  incidentRoutes(app, rt, requireAuth, limits);
};
