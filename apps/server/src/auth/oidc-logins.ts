/** Single sign-ons in flight (`oidc_logins`): state → PKCE verifier, nonce and where to return; 10 minutes, one use. */
import { eq, lt } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { oidcLogins } from './tables.ts';

/** How long a started sign-in may take (ms). */
export const LOGIN_TTL_MS = 10 * 60_000;

/** Stores a started sign-in, dropping those older than 10 minutes. */
export async function saveOidcLogin(
  db: Db,
  login: { state: string; codeVerifier: string; nonce: string; next: string },
  now: Date,
): Promise<void> {
  await db.delete(oidcLogins).where(lt(oidcLogins.createdAt, new Date(now.getTime() - LOGIN_TTL_MS)));
  await db.insert(oidcLogins).values({ ...login, createdAt: now });
}

/** Takes (deletes and returns) the sign-in of `state`, or null when unknown, used or older than 10 minutes. */
export async function takeOidcLogin(
  db: Db,
  state: string,
  now: Date,
): Promise<{ codeVerifier: string; nonce: string; state: string; next: string | null } | null> {
  const [login] = await db.delete(oidcLogins).where(eq(oidcLogins.state, state)).returning();
  if (!login || now.getTime() - login.createdAt.getTime() > LOGIN_TTL_MS) return null;
  return login;
}
