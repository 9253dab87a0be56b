import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors.ts';
import { checkPasswordPolicy, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.ts';

const GOOD = 'correct horse battery staple';

describe('passwords', () => {
  it('are hashed with argon2id (OWASP parameters) and a fresh salt each time', async () => {
    const a = await hashPassword(GOOD);
    const b = await hashPassword(GOOD);
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(GOOD);
  });

  it('verify only the right password', async () => {
    const h = await hashPassword(GOOD);
    expect(await verifyPassword(h, GOOD)).toBe(true);
    expect(await verifyPassword(h, `${GOOD} `)).toBe(false);
    expect(await verifyPassword(h, GOOD.toUpperCase())).toBe(false);
  });

  it('never verify without a stored hash, or against a malformed one', async () => {
    expect(await verifyPassword(null, GOOD)).toBe(false);
    expect(await verifyPassword('not-a-phc-string', GOOD)).toBe(false);
  });

  it(`need at least ${MIN_PASSWORD_LENGTH} characters and at most 1,024`, async () => {
    expect(() => checkPasswordPolicy('x'.repeat(MIN_PASSWORD_LENGTH))).not.toThrow();
    for (const bad of ['', 'x'.repeat(MIN_PASSWORD_LENGTH - 1), 'x'.repeat(1025)]) {
      let err: unknown;
      try {
        checkPasswordPolicy(bad);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('VALIDATION');
      expect((err as AppError).fields?.[0]?.path).toBe('password');
    }
    await expect(hashPassword('short')).rejects.toThrow(/12/);
  });
});
