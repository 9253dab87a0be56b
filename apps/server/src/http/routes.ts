/**
 * How a domain hands its routes to the app: a registrar the composition root (modules.ts) lists and the app
 * calls with what every route needs. A domain's `routes.ts` exports one.
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { Runtime } from '../kernel/index.ts';
import type { HttpLimits } from './limits.ts';

/** What a domain's routes receive. */
export interface RouteDeps {
  rt: Runtime;
  /**
   * Sets `req.principal` from the bearer token or session cookie, or answers 401. Routes use it as their
   * `onRequest` hook, so a caller is authenticated before the body is even validated.
   */
  requireAuth: onRequestHookHandler;
  /** Request timeouts, connection and live-stream caps (from the boot env). */
  limits: HttpLimits;
}

/** A domain's routes: registers them on the app. */
export type RouteRegistrar = (app: FastifyInstance, deps: RouteDeps) => void;
