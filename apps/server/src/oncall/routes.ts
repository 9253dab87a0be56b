/** On-call's routes: schedules, overrides and who is on call; the on-call lint; iCal feeds. */
import type { RouteRegistrar } from '../kernel/module.ts';
import { scheduleRoutes } from './routes/schedules.ts';
import { oncallLintRoutes } from './routes/lint.ts';
import { icalRoutes } from './routes/ical.ts';

export const routes: RouteRegistrar = (app, { rt, requireAuth }) => {
  scheduleRoutes(app, rt, requireAuth);
  oncallLintRoutes(app, rt, requireAuth);
  icalRoutes(app, rt, requireAuth);
};
