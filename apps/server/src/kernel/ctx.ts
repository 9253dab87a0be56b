/**
 * What a verb receives (CONVENTIONS §2, docs/architecture.md): a verb is `verbNoun({ ctx, input })`, checks
 * permissions first with `authorize(ctx, …)`, and writes in one transaction (`ctx.tx.transaction(…)`: a
 * transaction at the top, a savepoint when another verb's transaction is already open), with its audit or
 * timeline row in that same transaction.
 */
import type { Db } from '../db/index.ts';
import { AppError, type Clock } from '../lib/index.ts';
import type { Actor } from './actor.ts';
import type { LoadedConfig } from './config.ts';
import { can, type Permission, type Principal } from './roles.ts';
import type { Runtime } from './runtime.ts';

export interface Ctx {
  /** The database, or the transaction of the verb that calls this one. */
  tx: Db;
  /** Who acts: a person, a token, or the server itself (`systemCtx`). */
  principal: Principal;
  clock: Clock;
  /** The active config when the request (or job) began: one view of it for the whole verb. */
  config: LoadedConfig;
  /** The runtime's services (bus, providers, outbound client, public URL). */
  rt: Runtime;
  /** The request's id, for the audit log; null for the server's own acts. */
  requestId: string | null;
}

/** A verb's one argument. */
export interface Verb<I> {
  ctx: Ctx;
  input: I;
}

/** A context for `principal`, on the runtime's database, config and clock. */
export function ctxFor(rt: Runtime, principal: Principal, requestId: string | null = null): Ctx {
  return { tx: rt.db, principal, clock: rt.clock, config: rt.config(), rt, requestId };
}

/** The principal of the server's own acts (config sync, the engine): an admin named `name`. */
export function systemPrincipal(name = 'system'): Principal {
  return { name, role: 'admin', kind: 'api', userId: null, teamRoles: {}, tokenTeam: null, scopes: null };
}

/** A context for the server's own acts (jobs, config sync), named `name` in the audit log and timeline. */
export function systemCtx(rt: Runtime, name = 'system'): Ctx {
  return ctxFor(rt, systemPrincipal(name));
}

/** The same context inside transaction `tx` (for a verb that calls another inside its transaction). */
export function withTx(ctx: Ctx, tx: Db): Ctx {
  return { ...ctx, tx };
}

/** The actor of a change made in `ctx` (who, request, and now), for audit rows. */
export function actorOfCtx(ctx: Ctx): Actor {
  return { principal: ctx.principal, requestId: ctx.requestId, now: ctx.clock.now() };
}

/**
 * Throws unless the context's principal may do `permission` on data owned by `team` (omit for server-wide
 * data). Call first in a verb, before reading or writing anything the principal may not see.
 * @throws AppError FORBIDDEN naming the principal, the permission and the team
 */
export function authorize(ctx: Pick<Ctx, 'principal'>, permission: Permission, team?: string | null): void {
  const p = ctx.principal;
  if (!can(p, permission, team)) {
    const where = team ? ` on team ${team}` : '';
    throw new AppError('FORBIDDEN', `${p.name} (${p.role}) may not ${permission.replace(':', ' ')}${where}`);
  }
}
