/**
 * How long a console session lives (docs/identity.md#sessions): pure rules, applied by verifyToken on every
 * request. Idle and absolute timeouts as the OWASP session management cheat sheet recommends them.
 */

/** A session not used for this long ends (24 hours: a working day and the night after it). */
export const SESSION_IDLE_MS = 24 * 3600 * 1000;
/** A session ends this long after it started, however much it is used (7 days): then sign in again. */
export const SESSION_ABSOLUTE_MS = 7 * 24 * 3600 * 1000;

/** What `sessionLive` needs of a session row and of the token it came from (joined). */
export interface SessionState {
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  userId: number | null;
  parentId: number | null;
  /** The parent token's revocation and expiry; all null when the session has no parent or it is gone. */
  parent: { found: boolean; revokedAt: Date | null; expiresAt: Date | null };
}

/**
 * Whether an unrevoked session is live at `now`: before its `expiresAt` and within SESSION_ABSOLUTE_MS of its
 * start; used within the last SESSION_IDLE_MS; its parent token, if it has one, exists, is not revoked and has
 * not expired; and it belongs to a person or a token (an unbound session — as servers before this rule made
 * them for service tokens — is not).
 */
export function sessionLive(s: SessionState, now: Date): boolean {
  const t = now.getTime();
  if (t >= s.createdAt.getTime() + SESSION_ABSOLUTE_MS) return false;
  if (s.expiresAt !== null && t >= s.expiresAt.getTime()) return false;
  if (s.parentId !== null) {
    const p = s.parent;
    if (!p.found || p.revokedAt !== null || (p.expiresAt !== null && p.expiresAt <= now)) return false;
  } else if (s.userId === null) {
    return false;
  }
  return t - (s.lastUsedAt ?? s.createdAt).getTime() < SESSION_IDLE_MS;
}
