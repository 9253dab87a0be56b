/** On-call's routes: schedules, overrides and who is on call; iCal feeds. */
import type { RouteRegistrar } from '../http/index.ts';
import { scheduleRoutes } from './routes/schedules.ts';
import { icalRoutes } from './routes/ical.ts';

export const routes: RouteRegistrar = (app, { rt, requireAuth }) => {
  scheduleRoutes(app, rt, requireAuth);
  icalRoutes(app, rt, requireAuth);
};
