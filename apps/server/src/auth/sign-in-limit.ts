/**
 * Password guessing brake: after 5 failed sign-ins for one email within 15 minutes, further attempts for that
 * email are refused with RATE_LIMITED until the oldest failure is 15 minutes old (a sliding window; OWASP
 * authentication cheat sheet). Kept in memory per node: a node restart or another node starts a fresh
 * count, which still caps guessing at 5 per node per 15 minutes. A success clears the count.
 */
import { AppError } from '../lib/errors.ts';

/** Failures allowed per email within the window. */
export const MAX_FAILURES = 5;
/** Window length in ms (15 minutes). */
export const WINDOW_MS = 15 * 60_000;
/** Emails tracked at most; beyond it the oldest entries go, so a flood of made-up emails cannot fill memory. */
const MAX_TRACKED = 10_000;

export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();

  /** @throws AppError RATE_LIMITED when `email` had 5 failures in the 15 minutes before `now` */
  check(email: string, now: Date): void {
    const recent = this.recent(email, now);
    if (recent.length >= MAX_FAILURES) {
      const retryInS = Math.ceil((recent[0]! + WINDOW_MS - now.getTime()) / 1000);
      throw new AppError(
        'RATE_LIMITED',
        `too many failed sign-ins for this email; try again in ${Math.ceil(retryInS / 60)} minutes`,
      );
    }
  }

  /** Counts a failed attempt. */
  fail(email: string, now: Date): void {
    const recent = this.recent(email, now);
    recent.push(now.getTime());
    this.failures.delete(email);
    this.failures.set(email, recent);
    if (this.failures.size > MAX_TRACKED) this.failures.delete(this.failures.keys().next().value!);
  }

  /** Forgets the failures of an email (after a successful sign-in). */
  succeed(email: string): void {
    this.failures.delete(email);
  }

  private recent(email: string, now: Date): number[] {
    const since = now.getTime() - WINDOW_MS;
    return (this.failures.get(email) ?? []).filter((t) => t > since);
  }
}
