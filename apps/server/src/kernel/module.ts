/**
 * A domain's registration: what the composition root (modules.ts) collects from each domain folder — its
 * job kinds, its HTTP routes and the background work it starts. (Its config part and lint are composed in
 * config/schema.ts and config/lint.ts.) docs/architecture.md.
 */
import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import type { Runtime } from './runtime.ts';

/** What a domain's routes receive: the runtime and the authentication pre-handler. */
export interface RouteDeps {
  rt: Runtime;
  /** Sets `req.principal` from the bearer token or session cookie, or answers 401. */
  requireAuth: preHandlerHookHandler;
}

/** A domain's routes: registers them on the app. */
export type RouteRegistrar = (app: FastifyInstance, deps: RouteDeps) => void;

export interface DomainModule {
  /** The folder's name, e.g. `escalation`. */
  name: string;
  /** The domain's job kinds and handlers (its `jobs.ts`). */
  jobs?: Record<string, unknown>;
  /** Its HTTP routes (its `routes.ts`). */
  routes?: RouteRegistrar;
  /**
   * Background work it starts with the server and restarts after every good config reload (KPI watches,
   * hand-off notices). Idempotent: it may be called several times.
   */
  start?(rt: Runtime): Promise<void>;
}
