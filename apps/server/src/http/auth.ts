/**
 * Authentication of API requests: `Authorization: Bearer <token>` (automation, CLI) or the console's
 * session cookie. Routes declare `onRequest: requireAuth`: it runs before the body is read and before the
 * params, query and body are validated, so an anonymous caller costs no parsing and learns nothing of the
 * schema from a 400.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from '../runtime.ts';
import { hashToken, verifyToken } from '../auth/tokens.ts';
import { can, type Permission, type Principal } from '../auth/roles.ts';
import { authorizeIncident as checkIncident } from '../auth/incident-access.ts';
import type { Actor } from '../auth/actor.ts';
import { AppError } from '../lib/errors.ts';

export const SESSION_COOKIE = 'faultline_session';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The bearer token of a request, if any. */
export function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(h);
  return m?.[1]?.trim();
}

/** The token or session secret a request authenticates with: its bearer token, else its session cookie. */
export function credentialOf(req: FastifyRequest): string | undefined {
  return bearer(req) ?? req.cookies?.[SESSION_COOKIE];
}

/**
 * A key for the credential of an authenticated request (its API token or session): the SHA-256 of the
 * secret, so per-credential bookkeeping (stream caps) never holds the secret itself.
 */
export function credentialKey(req: FastifyRequest): string {
  return hashToken(credentialOf(req) ?? '');
}

/** Returns an onRequest hook that sets `req.principal` or throws UNAUTHORIZED. */
export function authenticator(rt: Runtime) {
  return async function requireAuth(req: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const token = credentialOf(req);
    if (!token) throw new AppError('UNAUTHORIZED', 'sign in, or send an API token as Authorization: Bearer <token>');
    const principal = await verifyToken(rt.db, token, rt.clock.now());
    if (!principal) throw new AppError('UNAUTHORIZED', 'the token or session is unknown, revoked or expired');
    req.principal = principal;
  };
}

/**
 * Throws FORBIDDEN unless the request's principal may do `permission` on data owned by `team` (omit for
 * server-wide data). Call first in a route handler (after `requireAuth`), before reading or writing.
 * @throws AppError UNAUTHORIZED without a principal, FORBIDDEN when the role, team or scopes do not allow it
 */
export function authorize(req: FastifyRequest, permission: Permission, team?: string | null): Principal {
  const p = req.principal;
  if (!p) throw new AppError('UNAUTHORIZED', 'sign in, or send an API token as Authorization: Bearer <token>');
  if (!can(p, permission, team)) {
    const where = team ? ` on team ${team}` : '';
    throw new AppError('FORBIDDEN', `${p.name} (${p.role}) may not ${permission.replace(':', ' ')}${where}`);
  }
  return p;
}

/**
 * Like `authorize`, for incident `id`: checks `permission` on the incident's team.
 * @throws AppError UNAUTHORIZED; NOT_FOUND when the incident does not exist or may not be seen; FORBIDDEN
 */
export async function authorizeIncident(
  rt: Runtime,
  req: FastifyRequest,
  id: number,
  permission: Permission,
): Promise<{ principal: Principal; team: string | null }> {
  const principal = req.principal;
  if (!principal) throw new AppError('UNAUTHORIZED', 'sign in, or send an API token as Authorization: Bearer <token>');
  const { team } = await checkIncident(rt.db, principal, id, permission);
  return { principal, team };
}

/** The actor of a change made by this request (for verbs and the audit log). */
export function actorOf(rt: Runtime, req: FastifyRequest): Actor {
  if (!req.principal)
    throw new AppError('UNAUTHORIZED', 'sign in, or send an API token as Authorization: Bearer <token>');
  return { principal: req.principal, requestId: req.id, now: rt.clock.now() };
}
