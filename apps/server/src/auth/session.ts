/**
 * Console sessions: a random token stored hashed (kind `session`), sent to the browser as an HttpOnly cookie.
 *
 * A session is bound to what made it (docs/identity.md#sessions): to its person (`user_id`), and when it was
 * started with an API token, to that token by id (`parent_id`). It ends — and stays ended — when
 * - the token it came from is revoked or expires;
 * - its person is disabled, or changes their password (their other sessions end);
 * - it has not been used for SESSION_IDLE_MS, or SESSION_ABSOLUTE_MS after it started, however much it is used.
 * A session cannot start another session, so a stolen cookie cannot renew itself past those limits
 * (OWASP session management cheat sheet: idle and absolute timeouts, renewal on privilege change).
 */
import { and, eq, isNull, ne } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { apiTokens } from './tables.ts';
import { AppError } from '../lib/index.ts';
import { createToken, verifyToken } from './tokens.ts';
import { SESSION_ABSOLUTE_MS } from './session-lifetime.ts';

export interface StartedSession {
  /** The session secret (the cookie's value). */
  token: string;
  /** When it ends at the latest (its absolute lifetime, or the token's expiry when sooner). */
  expiresAt: Date;
}

/** The API token a session is started with: its id and expiry. */
export interface SessionParent {
  id: number;
  expiresAt: Date | null;
}

/**
 * Starts a session that acts as `who`: a person (userId), or what a token sign-in stood for, keeping that
 * token's team limit and scopes so a limited token cannot widen itself through the console. `from` is the
 * API token it was started with (omit for a password or single sign-on sign-in): the session lives only as
 * long as that token.
 */
export async function startSession(
  db: Db,
  who: {
    name: string;
    role: string;
    userId?: number | null;
    teamId?: string | null;
    scopes?: readonly string[] | null;
  },
  now: Date,
  from?: SessionParent,
): Promise<StartedSession> {
  const absolute = now.getTime() + SESSION_ABSOLUTE_MS;
  const expiresAt = new Date(from?.expiresAt ? Math.min(absolute, from.expiresAt.getTime()) : absolute);
  const token = await createToken(db, {
    name: who.name,
    role: who.role,
    kind: 'session',
    now,
    expiresAt,
    userId: who.userId ?? null,
    teamId: who.teamId ?? null,
    scopes: who.scopes ? [...who.scopes] : null,
    parentId: from?.id ?? null,
  });
  return { token, expiresAt };
}

/**
 * Exchanges an API token for a session that acts as the token does (its person, or the token itself with its
 * team limit and scopes) and lives only as long as the token (bound by its id).
 * @throws AppError UNAUTHORIZED when the token is unknown, revoked or expired, or is a session's: a session
 *   cannot start another one, so a stolen cookie cannot renew itself
 */
export async function startSessionFromToken(db: Db, token: string, now: Date): Promise<StartedSession> {
  const p = await verifyToken(db, token, now);
  if (!p) {
    throw new AppError('UNAUTHORIZED', 'this token is unknown, revoked or expired', [
      { path: 'token', message: 'not valid' },
    ]);
  }
  if (p.kind === 'session') {
    throw new AppError('UNAUTHORIZED', 'a console session cannot start another one; sign in with an API token', [
      { path: 'token', message: 'not an API token' },
    ]);
  }
  const [parent] = await db
    .select({ id: apiTokens.id, expiresAt: apiTokens.expiresAt })
    .from(apiTokens)
    .where(eq(apiTokens.id, p.credentialId!));
  return startSession(
    db,
    { name: p.name, role: p.role, userId: p.userId, teamId: p.tokenTeam, scopes: p.scopes },
    now,
    parent!,
  );
}

/**
 * Ends the sessions of person `userId` (when they are disabled, or changed their password), except session
 * `keep` (the one that changed the password). Ended sessions stay ended if the person is enabled again.
 */
export async function endSessionsOf(db: Db, userId: number, now: Date, keep?: number | null): Promise<void> {
  await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(
      and(
        eq(apiTokens.kind, 'session'),
        eq(apiTokens.userId, userId),
        isNull(apiTokens.revokedAt),
        keep == null ? undefined : ne(apiTokens.id, keep),
      ),
    );
}
