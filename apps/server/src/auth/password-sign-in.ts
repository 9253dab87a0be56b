/**
 * Console sign-in with an email and password: argon2id verification, the failed-attempt limiter, and a
 * session that belongs to the person. Failures are logged at info with the email and the client address
 * (never the password) and are not audited (the audit log records changes).
 */
import type { Db } from '../db/index.ts';
import { AppError } from '../lib/index.ts';
import { findUserByEmail, normalEmail, verifyPassword } from '../people/index.ts';
import type { SignInLimiter } from './sign-in-limit.ts';
import { startSession, type StartedSession } from './session.ts';

/**
 * Checks the password and starts a session for the person. `client` is the address the request came from
 * (the limiter counts attempts per email and client, and per client: auth/sign-in-limit.ts).
 * @throws AppError RATE_LIMITED when the limiter refuses the attempt; UNAUTHORIZED when the email is unknown,
 *   the password is wrong, no password is set, or the account is disabled (one message for all, so the
 *   answer does not reveal which emails exist)
 */
export async function signInWithPassword(
  deps: { db: Db; log: { info(obj: object, msg: string): void }; limiter: SignInLimiter },
  sign: { email: string; password: string; client: string },
  now: Date,
): Promise<StartedSession> {
  const key = normalEmail(sign.email);
  await deps.limiter.attempt(key, sign.client);
  const user = await findUserByEmail(deps.db, key);
  const ok = await verifyPassword(user?.passwordHash ?? null, sign.password);
  if (!user || !ok || user.disabledAt !== null) {
    deps.log.info(
      {
        email: key,
        client: sign.client,
        reason: !user ? 'unknown email' : !ok ? 'wrong password' : 'account disabled',
      },
      'password sign-in failed',
    );
    throw new AppError('UNAUTHORIZED', 'the email or password is not right', [
      { path: 'password', message: 'not accepted' },
    ]);
  }
  await deps.limiter.succeed(key, sign.client);
  return startSession(deps.db, { name: user.email, role: user.role, userId: user.id }, now);
}
