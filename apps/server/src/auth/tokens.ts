/**
 * API tokens and console sessions. Tokens are 32 random bytes (base64url); only their SHA-256 is stored,
 * which is safe for high-entropy secrets (passwords get a slow hash: people/passwords.ts). Who a token acts as:
 * auth/principal.ts; creating, listing and revoking them: auth/token-admin.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, or } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { apiTokens } from './tables.ts';
import { users } from '../people/tables.ts';
import { isRole, type Principal } from '../kernel/roles.ts';
import { principalOf } from './principal.ts';

export type { Principal } from '../kernel/roles.ts';

/** Console sessions last 7 days. */
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

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
    })
    .onConflictDoNothing({ target: apiTokens.tokenHash });
  return token;
}

/** `last_used_at` is written at most this often per token (it is shown to the minute). */
const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * The principal a token or session stands for, or null when unknown, revoked, expired, or its person is
 * disabled. A session or personal token (one with a user) acts as its person: their current server-wide
 * role and team roles (team_members) are loaded on every request, so a role change or a disabled account
 * takes effect at once (rules: auth/principal.ts). Service tokens carry their stored role and no team roles.
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
      lastUsedAt: apiTokens.lastUsedAt,
      // The person, in the same round trip (null for a service token).
      userEmail: users.email,
      userRole: users.role,
      userDisabledAt: users.disabledAt,
    })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, hashToken(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    )
    .limit(1);
  if (!row || !isRole(row.role)) return null;
  const principal = await principalOf(db, { ...row, role: row.role });
  if (!principal) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_GRANULARITY_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  return principal;
}

/** Revokes a token (sign-out). */
export async function revokeToken(db: Db, token: string, now: Date): Promise<void> {
  await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(eq(apiTokens.tokenHash, hashToken(token)));
}

/** Whether any API token exists (first start detection). */
export async function hasApiToken(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.kind, 'api')).limit(1);
  return Boolean(row);
}

/** An API token as listed to admins: never its secret or hash. */
export interface TokenInfo {
  id: number;
  name: string;
  role: string;
  createdAt: Date;
  expiresAt: Date | null;
  revoked: boolean;
}

const tokenInfo = (r: typeof apiTokens.$inferSelect): TokenInfo => ({
  id: r.id,
  name: r.name,
  role: r.role,
  createdAt: r.createdAt,
  expiresAt: r.expiresAt,
  revoked: r.revokedAt !== null,
});

/**
 * Revokes the API token with this id (again: no change). When no other valid API token carries its name,
 * the console sessions of that name are revoked too, since they can only have come from this token.
 *
 * @returns the token, or null when there is no API token with this id
 */
export async function revokeTokenById(db: Db, id: number, now: Date): Promise<TokenInfo | null> {
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.id, id), eq(apiTokens.kind, 'api')))
    .limit(1);
  if (!row) return null;
  if (row.revokedAt !== null) return tokenInfo(row);
  const [revoked] = await db.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, id)).returning();
  const valid = and(isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)));
  const [other] = await db
    .select({ id: apiTokens.id })
    .from(apiTokens)
    .where(and(eq(apiTokens.kind, 'api'), eq(apiTokens.name, row.name), valid))
    .limit(1);
  if (!other) {
    await db
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.kind, 'session'), eq(apiTokens.name, row.name), isNull(apiTokens.revokedAt)));
  }
  return tokenInfo(revoked!);
}
