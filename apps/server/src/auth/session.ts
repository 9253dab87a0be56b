/** Console sessions: a random token stored hashed (kind `session`), sent to the browser as an HttpOnly cookie. */
import type { Db } from '../db/client.ts';
import { createToken, SESSION_TTL_MS } from './tokens.ts';

export interface StartedSession {
  /** The session secret (the cookie's value). */
  token: string;
  expiresAt: Date;
}

/**
 * Starts a session that acts as `who`: a person (userId), or what a token sign-in stood for, keeping that
 * token's team limit and scopes so a limited token cannot widen itself through the console.
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
): Promise<StartedSession> {
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  const token = await createToken(db, {
    name: who.name,
    role: who.role,
    kind: 'session',
    now,
    expiresAt,
    userId: who.userId ?? null,
    teamId: who.teamId ?? null,
    scopes: who.scopes ? [...who.scopes] : null,
  });
  return { token, expiresAt };
}
