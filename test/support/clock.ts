/**
 * The instant tests run at, whatever the machine's date: end-to-end tests start the server on a
 * {@link TickingClock} from {@link testInstant} and give the browser the same time through Playwright's
 * clock, so "today", "tomorrow" and "this week" are the same on every day the suite runs.
 *
 * The default instant is chosen to be awkward: Saturday 31 October 2026, 22:30 in New York (the browser's
 * zone) — 02:30 UTC on Sunday 1 November and 11:30 in Tokyo. Tomorrow is a Sunday, in another month, and
 * the day New York leaves daylight saving time (a 25-hour day); the day after is in the next week.
 * `FAULTLINE_TEST_NOW=<ISO 8601 instant>` runs the suite at another instant (a Sunday evening, a New
 * Year's Eve, a spring-forward day) to check that the tests hold there too; keep it at least a quarter of
 * an hour before midnight in New York, since a spec file takes minutes and reads "today" once.
 */
import type { Clock } from '../../apps/server/src/lib/clock.ts';

/** The default test instant (see the file comment for why this one). */
export const DEFAULT_TEST_INSTANT = '2026-10-31T22:30:00-04:00';

/**
 * The instant the tests run at: `FAULTLINE_TEST_NOW` when set, else {@link DEFAULT_TEST_INSTANT}.
 * @throws Error when `FAULTLINE_TEST_NOW` is not a date-time with a zone or offset.
 */
export function testInstant(): Date {
  const raw = process.env.FAULTLINE_TEST_NOW ?? DEFAULT_TEST_INSTANT;
  // A date-time without a zone would be read in the machine's zone: require one.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw))
    throw new Error(`FAULTLINE_TEST_NOW=${raw} is not an ISO 8601 instant with a zone, e.g. 2026-12-06T18:00:00Z`);
  return new Date(raw);
}

/**
 * A clock that starts at `start` and runs at the speed of real time (measured on the monotonic clock, so
 * neither the machine's date nor a change of it matters). For servers that talk to a real browser or
 * peer: timers, retries and timeouts behave as in production, only the date is fixed.
 */
export class TickingClock implements Clock {
  private readonly startMs: number;
  private readonly startedAt = performance.now();
  constructor(start: Date = testInstant()) {
    this.startMs = start.getTime();
  }
  now(): Date {
    return new Date(this.startMs + Math.floor(performance.now() - this.startedAt));
  }
}
