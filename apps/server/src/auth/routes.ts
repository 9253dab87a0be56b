/** Auth's routes: the console session (sign-in, sign-out), single sign-on, and API tokens. */
import type { RouteRegistrar } from '../kernel/module.ts';
import { sessionRoutes } from './routes/session.ts';
import { oidcRoutes } from './routes/oidc.ts';
import { tokenRoutes } from './routes/tokens.ts';

export const routes: RouteRegistrar = (app, { rt, requireAuth }) => {
  sessionRoutes(app, rt, requireAuth);
  oidcRoutes(app, rt, rt.oidc);
  tokenRoutes(app, rt, requireAuth);
};
