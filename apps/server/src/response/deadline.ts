/**
 * Deadlines of the response room (1-5-10 targets, role fill, check-in, status-update cadence) share one
 * rule: acting exactly at the deadline is on time ("recover within 10 minutes" includes minute 10), so a
 * deadline is past only strictly after it. Times are `Date` (UTC instants); durations are milliseconds.
 */

/** Milliseconds in a minute (config durations are written in minutes). */
export const MINUTE_MS = 60_000;

/** Whether `deadline` has passed at `now` (strictly after it). */
export function isPast(deadline: Date, now: Date): boolean {
  return now.getTime() > deadline.getTime();
}

/**
 * The first instant at which `deadline` is past: when a timer should wake to act on it (1 ms after).
 */
export function firstPastInstant(deadline: Date): Date {
  return new Date(deadline.getTime() + 1);
}

/** `at` plus `ms` milliseconds. */
export function addMs(at: Date, ms: number): Date {
  return new Date(at.getTime() + ms);
}

/** The earliest of the given instants, ignoring null and undefined; null when there is none. */
export function earliest(instants: ReadonlyArray<Date | null | undefined>): Date | null {
  let best: Date | null = null;
  for (const t of instants) if (t && (best === null || t.getTime() < best.getTime())) best = t;
  return best;
}
