/** Auth's routes: the console session (sign-in, sign-out), single sign-on, API tokens, user accounts, and
 * password links (invitations and resets). */
import type { RouteRegistrar } from '../http/index.ts';
import { sessionRoutes } from './routes/session.ts';
import { oidcRoutes } from './routes/oidc.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { userRoutes } from './routes/users.ts';
import { passwordRoutes } from './routes/password.ts';

export const routes: RouteRegistrar = (app, { rt, requireAuth }) => {
  sessionRoutes(app, rt, requireAuth);
  oidcRoutes(app, rt, rt.oidc);
  tokenRoutes(app, rt, requireAuth);
  userRoutes(app, rt, requireAuth);
  passwordRoutes(app, rt);
};
