/** People's routes: users, teams and members, contact methods and notification rules. */
import type { RouteRegistrar } from '../kernel/module.ts';
import { userRoutes } from './routes/users.ts';
import { teamRoutes } from './routes/teams.ts';
import { contactMethodRoutes } from './routes/contact-methods.ts';

export const routes: RouteRegistrar = (app, { rt, requireAuth }) => {
  contactMethodRoutes(app, rt, requireAuth);
  userRoutes(app, rt, requireAuth);
  teamRoutes(app, rt, requireAuth);
};
