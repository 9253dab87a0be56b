/**
 * When a configured fault drill is due (issue 17 point 10): a first local date and time in an IANA zone, then
 * every `everyDays` days at the same wall-clock time (so a weekly 10:00 drill in Europe/Berlin stays at 10:00
 * across DST changes; a time that falls in a spring-forward gap moves forward by the gap, as luxon does). Pure:
 * instants in, instants out.
 */
import { DateTime } from 'luxon';

/** A drill's schedule as the config gives it (`response.drills[].schedule`). */
export interface DrillSchedule {
  /** The first occurrence, local wall-clock time without offset: `2026-12-08T10:00`. */
  start: string;
  /** IANA zone of `start` and of every later occurrence, e.g. `Europe/Berlin`. */
  zone: string;
  /** Days between occurrences (1 daily, 7 weekly, 28 four-weekly). */
  everyDays: number;
}

const DAY_MS = 86_400_000;

/** The schedule's `n`-th occurrence (0 = `start`) as a UTC instant. */
export function drillOccurrence(s: DrillSchedule, n: number): Date {
  const first = DateTime.fromISO(s.start, { zone: s.zone });
  return first.plus({ days: n * s.everyDays }).toJSDate();
}

/**
 * The first occurrence at or after `from` (UTC). Never null: the schedule repeats forever.
 * @throws Error when `start` or `zone` does not parse (config validation refuses such a schedule first)
 */
export function nextDrillAt(s: DrillSchedule, from: Date): Date {
  const first = DateTime.fromISO(s.start, { zone: s.zone });
  if (!first.isValid) throw new Error(`drill schedule: ${first.invalidExplanation ?? 'invalid start or zone'}`);
  const t = from.getTime();
  if (first.toMillis() >= t) return first.toJSDate();
  // An estimate from elapsed days, corrected by a step or two either way for DST hours.
  let n = Math.max(0, Math.floor((t - first.toMillis()) / (s.everyDays * DAY_MS)) - 1);
  while (drillOccurrence(s, n).getTime() < t) n++;
  return drillOccurrence(s, n);
}
