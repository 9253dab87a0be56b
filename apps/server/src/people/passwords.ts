/**
 * Local passwords (DESIGN §7 identity): argon2id through @node-rs/argon2, with the OWASP password-storage
 * cheat sheet's minimum parameters (19 MiB memory, 2 iterations, 1 lane). Only the PHC string is stored;
 * the password itself is never returned, logged or written to the audit log.
 */
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../lib/index.ts';

/** Minimum password length (NIST SP 800-63B allows 8; we ask for a passphrase). */
export const MIN_PASSWORD_LENGTH = 12;
/** Longer inputs are refused so a request cannot make the server hash megabytes. */
export const MAX_PASSWORD_LENGTH = 1024;

const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * Throws VALIDATION (field `password`) unless `password` is 12 to 1,024 characters.
 * @throws AppError VALIDATION
 */
export function checkPasswordPolicy(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new AppError('VALIDATION', `a password has ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`, [
      { path: 'password', message: `at least ${MIN_PASSWORD_LENGTH} characters` },
    ]);
  }
}

/** The argon2id PHC string of a password that meets the policy. @throws AppError VALIDATION */
export async function hashPassword(password: string): Promise<string> {
  checkPasswordPolicy(password);
  return hash(password, OPTIONS);
}

/** A hash of a random password, verified against when the email is unknown so both answers take as long. */
let decoy: Promise<string> | null = null;

/**
 * Whether `password` matches the stored PHC string. With no stored hash (unknown person, or one who signs in
 * only through single sign-on) a decoy hash is still verified, so timing does not reveal which emails exist.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  if (!stored) {
    decoy ??= hash(`decoy-${Math.random()}-${Date.now()}`, OPTIONS);
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
