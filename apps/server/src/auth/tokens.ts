/**
 * API tokens and console sessions. Tokens are 32 random bytes (base64url); only their SHA-256 is stored,
 * which is safe for high-entropy secrets (passwords, a later issue, get a slow hash).
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, gt, isNull, or } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { apiTokens } from '../db/schema/index.ts';
import { isRole, type Principal } from './roles.ts';

export type { Principal } from './roles.ts';

/** Console sessions last 7 days. */
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const newToken = () => `fl_${randomBytes(32).toString('base64url')}`;

/** Stores a token (hashed) and returns the plain token, shown once. */
export async function createToken(
  db: Db,
  opts: { name: string; kind: 'api' | 'session'; role: string; now: Date; expiresAt?: Date; token?: string },
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
    })
    .onConflictDoNothing({ target: apiTokens.tokenHash });
  return token;
}

/** The principal a token stands for, or null when unknown, revoked or expired. */
export async function verifyToken(db: Db, token: string, now: Date): Promise<Principal | null> {
  const [row] = await db
    .select({
      name: apiTokens.name,
      role: apiTokens.role,
      kind: apiTokens.kind,
      userId: apiTokens.userId,
      teamId: apiTokens.teamId,
      scopes: apiTokens.scopes,
    })
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.tokenHash, hashToken(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    )
    .limit(1);
  if (!row || !isRole(row.role)) return null;
  return {
    name: row.name,
    role: row.role,
    kind: row.kind === 'session' ? 'session' : 'api',
    userId: row.userId,
    // Team roles of people are loaded by the identity layer (people/); a token alone carries none.
    teamRoles: {},
    tokenTeam: row.teamId,
    scopes: (row.scopes as Principal['scopes']) ?? null,
  };
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

/** Every API token (console sessions are not listed), oldest first. */
export async function listTokens(db: Db): Promise<TokenInfo[]> {
  const list = await db.select().from(apiTokens).where(eq(apiTokens.kind, 'api')).orderBy(asc(apiTokens.id));
  return list.map(tokenInfo);
}

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

/** Creates an API token for a person or a program; returns its id and the plain token, shown once. */
export async function issueApiToken(
  db: Db,
  opts: { name: string; role: string; now: Date },
): Promise<{ id: number; token: string }> {
  const token = newToken();
  const [row] = await db
    .insert(apiTokens)
    .values({ name: opts.name, kind: 'api', role: opts.role, tokenHash: hashToken(token), createdAt: opts.now })
    .returning({ id: apiTokens.id });
  return { id: row!.id, token };
}
