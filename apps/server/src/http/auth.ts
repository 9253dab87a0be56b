/**
 * Authentication of API requests: `Authorization: Bearer <token>` (automation, CLI) or the console's
 * session cookie. Routes declare `onRequest: requireAuth`: it runs before the body is read and before the
 * params, query and body are validated, so an anonymous caller costs no parsing and learns nothing of the
 * schema from a 400.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import type { Runtime, Actor, Ctx } from '../kernel/index.ts';
import { ctxFor, can, type Permission, type Principal } from '../kernel/index.ts';
import { AppError } from '../lib/index.ts';

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
  return createHash('sha256')
    .update(credentialOf(req) ?? '')
    .digest('hex');
}

/** Resolves a bearer token or session token to its principal; null when unknown, revoked or expired. */
export type VerifyToken = (db: Runtime['db'], token: string, now: Date) => Promise<Principal | null>;

/** Returns an onRequest hook that sets `req.principal` (through `verifyToken`) or throws UNAUTHORIZED. */
export function authenticator(rt: Runtime, verifyToken: VerifyToken) {
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

/** The actor of a change made by this request (for verbs and the audit log). */
export function actorOf(rt: Runtime, req: FastifyRequest): Actor {
  if (!req.principal)
    throw new AppError('UNAUTHORIZED', 'sign in, or send an API token as Authorization: Bearer <token>');
  return { principal: req.principal, requestId: req.id, now: rt.clock.now() };
}

/**
 * The verb context of a request (kernel `Ctx`): its principal, the request id, and the runtime's database,
 * clock and current config.
 * @throws AppError UNAUTHORIZED without a principal
 */
export function ctxOf(rt: Runtime, req: FastifyRequest): Ctx {
  if (!req.principal)
    throw new AppError('UNAUTHORIZED', 'sign in, or send an API token as Authorization: Bearer <token>');
  return ctxFor(rt, req.principal, req.id);
}
