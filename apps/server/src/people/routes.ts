/** People's routes: users, teams and members. */
import type { RouteRegistrar } from '../kernel/module.ts';
import { userRoutes } from './routes/users.ts';
import { teamRoutes } from './routes/teams.ts';

export const routes: RouteRegistrar = (app, { rt, requireAuth }) => {
  userRoutes(app, rt, requireAuth);
  teamRoutes(app, rt, requireAuth);
};
