/**
 * A domain's registration: what the composition root (modules.ts) collects from each domain folder — its
 * job kinds, its HTTP routes, its config lint, and the background work it starts. A new domain is one folder
 * and one line in modules.ts (docs/architecture.md).
 */
import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import type { ConfigLint } from './config.ts';
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
  /** Its config lint (its `lint.ts`), run by `config check`, at start and on every reload. */
  lint?: ConfigLint;
  /**
   * Background work it starts with the server and restarts after every good config reload (KPI watches,
   * hand-off notices). Idempotent: it may be called several times.
   */
  start?(rt: Runtime): Promise<void>;
}
