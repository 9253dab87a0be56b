import { describe, expect, it } from 'vitest';
import { SignInLimiter } from './sign-in-limit.ts';

const at = (min: number) => new Date(Date.UTC(2026, 10, 21, 14, 0) + min * 60_000);

describe('sign-in limiter', () => {
  it('refuses the 6th attempt after 5 failures within 15 minutes, until the oldest is 15 minutes old', () => {
    const l = new SignInLimiter();
    for (let i = 0; i < 5; i++) {
      expect(() => l.check('ann@example.com', at(i))).not.toThrow();
      l.fail('ann@example.com', at(i));
    }
    expect(() => l.check('ann@example.com', at(5))).toThrow(expect.objectContaining({ code: 'RATE_LIMITED' }));
    expect(() => l.check('ann@example.com', at(14.9))).toThrow(expect.objectContaining({ code: 'RATE_LIMITED' }));
    expect(() => l.check('ann@example.com', at(15))).not.toThrow();
    expect(() => l.check('bob@example.com', at(5))).not.toThrow();
  });

  it('a success clears the count', () => {
    const l = new SignInLimiter();
    for (let i = 0; i < 4; i++) l.fail('ann@example.com', at(i));
    l.succeed('ann@example.com');
    for (let i = 0; i < 4; i++) l.fail('ann@example.com', at(5 + i));
    expect(() => l.check('ann@example.com', at(10))).not.toThrow();
  });
});
