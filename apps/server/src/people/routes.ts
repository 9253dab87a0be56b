/** People's routes: teams, members and invitations. (The users API is auth's: accounts, roles, sign-in.) */
import type { RouteRegistrar } from '../http/index.ts';
import { teamRoutes } from './routes/teams.ts';
import { invitationRoutes } from './routes/invitations.ts';

export const routes: RouteRegistrar = (app, { rt, requireAuth }) => {
  teamRoutes(app, rt, requireAuth);
  invitationRoutes(app, rt, requireAuth);
};
