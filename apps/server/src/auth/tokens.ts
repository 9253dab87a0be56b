/**
 * API tokens and console sessions. Tokens are 32 random bytes (base64url); only their SHA-256 is stored,
 * which is safe for high-entropy secrets (passwords get a slow hash: people/passwords.ts). Who a token acts as:
 * auth/principal.ts; creating, listing and revoking them: auth/token-admin.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../db/index.ts';
import { apiTokens } from './tables.ts';
import { users } from '../people/index.ts';
import { isRole, type Principal } from '../kernel/index.ts';
import { principalOf } from './principal.ts';
import { sessionLive } from './session-lifetime.ts';

export type { Principal } from '../kernel/index.ts';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const newToken = () => `fl_${randomBytes(32).toString('base64url')}`;

/** Stores a token (hashed) and returns the plain token, shown once. */
export async function createToken(
  db: Db,
  opts: {
    name: string;
    kind: 'api' | 'session';
    role: string;
    now: Date;
    expiresAt?: Date;
    token?: string;
    /** The person it acts for (sessions of people, personal tokens). */
    userId?: number | null;
    /** Limits carried over from the token a session was signed in with. */
    teamId?: string | null;
    scopes?: string[] | null;
    /** For a session: the API token it was started with (auth/session.ts). */
    parentId?: number | null;
  },
): Promise<string> {
  const token = opts.token ?? newToken();
  await db
    .insert(apiTokens)
    .values({
      name: opts.name,
      kind: opts.kind,
      role: opts.role,
      tokenHash: hashToken(token),
      createdAt: opts.now,
      expiresAt: opts.expiresAt ?? null,
      userId: opts.userId ?? null,
      teamId: opts.teamId ?? null,
      scopes: opts.scopes ?? null,
      parentId: opts.parentId ?? null,
    })
    .onConflictDoNothing({ target: apiTokens.tokenHash });
  return token;
}

/** `last_used_at` is written at most this often per token (it is shown to the minute). */
const LAST_USED_GRANULARITY_MS = 60_000;

/** The API token a session was started with (joined to check that it is still valid). */
const parents = alias(apiTokens, 'parent');

/**
 * The principal a token or session stands for, or null when unknown, revoked, expired, or its person is
 * disabled. A session or personal token (one with a user) acts as its person: their current server-wide
 * role and team roles (team_members) are loaded on every request, so a role change or a disabled account
 * takes effect at once (rules: auth/principal.ts). Service tokens carry their stored role and no team roles.
 * A session must also be live (auth/session-lifetime.ts): within its idle and absolute lifetimes, and its
 * API token, when it was started with one, still valid — checked here by that token's id on every request.
 * Touches `last_used_at` at most once a minute.
 */
export async function verifyToken(db: Db, token: string, now: Date): Promise<Principal | null> {
  const [row] = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      role: apiTokens.role,
      kind: apiTokens.kind,
      userId: apiTokens.userId,
      teamId: apiTokens.teamId,
      scopes: apiTokens.scopes,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      parentId: apiTokens.parentId,
      parentFound: parents.id,
      parentRevokedAt: parents.revokedAt,
      parentExpiresAt: parents.expiresAt,
      // The person, in the same round trip (null for a service token).
      userEmail: users.email,
      userRole: users.role,
      userDisabledAt: users.disabledAt,
    })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.userId))
    .leftJoin(parents, eq(parents.id, apiTokens.parentId))
    .where(
      and(
        eq(apiTokens.tokenHash, hashToken(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    )
    .limit(1);
  if (!row || !isRole(row.role)) return null;
  if (row.kind === 'session') {
    const parent = { found: row.parentFound !== null, revokedAt: row.parentRevokedAt, expiresAt: row.parentExpiresAt };
    if (!sessionLive({ ...row, parent }, now)) return null;
  }
  const principal = await principalOf(db, { ...row, role: row.role });
  if (!principal) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_GRANULARITY_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  return principal;
}

/** Signs a console session out (revokes it); an API token's secret is left alone. */
export async function revokeToken(db: Db, token: string, now: Date): Promise<void> {
  await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), eq(apiTokens.kind, 'session')));
}

/** Whether any API token exists (first start detection). */
export async function hasApiToken(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.kind, 'api')).limit(1);
  return Boolean(row);
}

/**
 * Revokes the API token with this id (again: no change). The sessions started with it end with it: they
 * are checked against it by id on every request (verifyToken).
 */
export async function revokeTokenById(db: Db, id: number, now: Date): Promise<void> {
  await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.kind, 'api'), isNull(apiTokens.revokedAt)));
}
