/**
 * Console sign-in with an email and password: argon2id verification, the failed-attempt brake, and a
 * session that belongs to the person. Failures are logged at info with the email only (never the password)
 * and are not audited (the audit log records changes).
 */
import type { Db } from '../db/client.ts';
import { AppError } from '../lib/errors.ts';
import { findUserByEmail, normalEmail } from '../people/users.ts';
import { verifyPassword } from '../people/passwords.ts';
import type { SignInLimiter } from './sign-in-limit.ts';
import { startSession, type StartedSession } from './session.ts';

/**
 * Checks the password and starts a session for the person.
 * @throws AppError RATE_LIMITED after 5 failures for the email in 15 minutes; UNAUTHORIZED when the email
 *   is unknown, the password is wrong, no password is set, or the account is disabled (one message for all,
 *   so the answer does not reveal which emails exist)
 */
export async function signInWithPassword(
  deps: { db: Db; log: { info(obj: object, msg: string): void }; limiter: SignInLimiter },
  email: string,
  password: string,
  now: Date,
): Promise<StartedSession> {
  const key = normalEmail(email);
  deps.limiter.check(key, now);
  const user = await findUserByEmail(deps.db, key);
  const ok = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !ok || user.disabledAt !== null) {
    deps.limiter.fail(key, now);
    deps.log.info(
      { email: key, reason: !user ? 'unknown email' : !ok ? 'wrong password' : 'account disabled' },
      'password sign-in failed',
    );
    throw new AppError('UNAUTHORIZED', 'the email or password is not right', [
      { path: 'password', message: 'not accepted' },
    ]);
  }
  deps.limiter.succeed(key);
  return startSession(deps.db, { name: user.email, role: user.role, userId: user.id }, now);
}
