/** People's routes: teams, members, invitations and each person's saved views. (The users API is auth's: accounts, roles, sign-in.) */
import type { RouteRegistrar } from '../http/index.ts';
import { teamRoutes } from './routes/teams.ts';
import { invitationRoutes } from './routes/invitations.ts';
import { savedViewRoutes } from './routes/saved-views.ts';

export const routes: RouteRegistrar = (app, { rt, requireAuth }) => {
  teamRoutes(app, rt, requireAuth);
  invitationRoutes(app, rt, requireAuth);
  savedViewRoutes(app, rt, requireAuth);
};
