/**
 * Evaluating compiled time intervals (`time-interval.ts`) at instants: is an instant inside, and when does that
 * next change (the end of the current window, the start of the next), so the engine can set a timer there.
 *
 * Matching follows Alertmanager's `ContainsTime`: the instant is turned into wall-clock time in the interval's
 * zone, then every field is checked on that wall time. Across DST this means: a window whose times fall in the
 * skipped hour (02:00–03:00 on a spring-forward night in New York) does not open that night; a window in the
 * repeated hour (01:00–02:00 on a fall-back night) is open during both passes of it; a window ending at 02:30
 * on a spring-forward night ends at 03:00 local, the instant the wall clock jumps past 02:30.
 *
 * Offsets come from `lib/time-zone.ts` (luxon over the runtime's time-zone data); this file only walks forward
 * through wall-clock boundaries and zone transitions.
 */
import { DAY_MS, MINUTE_MS, offsetAt } from '../lib/index.ts';
import type { IntRange, TimeInterval } from './time-interval.ts';

/** Longest forward step without looking for a zone transition (real zones change offset far less often). */
const MAX_STEP_MS = 14 * DAY_MS;
/** How many days ahead one step looks for the end of a run of whole days inside. */
const WHOLE_DAY_LOOKAHEAD = 400;
/** How far `nextIntervalChange` looks ahead: 50 years (a window further away is no timer's business). */
const HORIZON_DAYS = 18_262;
/** The Gregorian calendar, weekdays included, repeats every 400 years: what validation scans. */
const CYCLE_YEARS = 400;

interface CalendarDay {
  year: number;
  month: number; // 1…12
  date: number; // 1…31
  weekday: number; // 0 = Sunday
  daysInMonth: number;
}

function calendar(day: number): CalendarDay {
  const d = new Date(day * DAY_MS);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  return {
    year,
    month,
    date: d.getUTCDate(),
    weekday: d.getUTCDay(),
    daysInMonth: new Date(Date.UTC(year, month, 0)).getUTCDate(),
  };
}

const inAny = (ranges: readonly IntRange[], n: number): boolean => ranges.some((r) => n >= r.begin && n <= r.end);

/** Alertmanager's day-of-month test: negative days count from the end; a range past the end is clamped. */
function dayOfMonthMatches(ranges: readonly IntRange[], date: number, daysInMonth: number): boolean {
  for (const r of ranges) {
    const begin = r.begin < 0 ? daysInMonth + r.begin + 1 : r.begin;
    const end = r.end < 0 ? daysInMonth + r.end + 1 : r.end;
    if (begin > daysInMonth) continue; // starts past the end of this month: skipped, not clamped
    const lo = Math.min(Math.max(begin, -daysInMonth), daysInMonth);
    const hi = Math.min(Math.max(end, -daysInMonth), daysInMonth);
    if (date >= lo && date <= hi) return true;
  }
  return false;
}

/** Whether a local calendar day (days since 1970-01-01 in the interval's zone) satisfies the date fields. */
function dateMatches(iv: TimeInterval, day: number): boolean {
  const c = calendar(day);
  if (iv.years && !inAny(iv.years, c.year)) return false;
  if (iv.months && !inAny(iv.months, c.month)) return false;
  if (iv.weekdays && !inAny(iv.weekdays, c.weekday)) return false;
  if (iv.daysOfMonth && !dayOfMonthMatches(iv.daysOfMonth, c.date, c.daysInMonth)) return false;
  return true;
}

/** The first local day ≥ `from` and < `limit` whose date matches, skipping whole years and months that cannot. */
function nextMatchingDay(iv: TimeInterval, from: number, limit: number): number | null {
  let day = from;
  while (day < limit) {
    const c = calendar(day);
    if (iv.years && !inAny(iv.years, c.year)) {
      const later = iv.years.filter((r) => r.end > c.year).map((r) => Math.max(r.begin, c.year + 1));
      if (later.length === 0) return null;
      day = Math.floor(Date.UTC(Math.min(...later), 0, 1) / DAY_MS);
      continue;
    }
    if (iv.months && !inAny(iv.months, c.month)) {
      day = Math.floor(Date.UTC(c.year, c.month, 1) / DAY_MS);
      continue;
    }
    if (dateMatches(iv, day)) return day;
    day++;
  }
  return null;
}

/** The first local day ≥ `from` and < `limit` whose date match is `wanted` (a plain walk, for whole-day windows). */
function nextDayWhere(iv: TimeInterval, from: number, limit: number, wanted: boolean): number | null {
  for (let day = from; day < limit; day++) if (dateMatches(iv, day) === wanted) return day;
  return null;
}

/** Whether the time ranges leave no minute of a day out (or there are none). */
function coversWholeDay(iv: TimeInterval): boolean {
  if (!iv.times) return true;
  let reached = 0;
  for (const t of [...iv.times].sort((a, b) => a.begin - b.begin)) {
    if (t.begin > reached) return false;
    reached = Math.max(reached, t.end);
  }
  return reached >= 1440;
}

/**
 * Whether any calendar day satisfies the interval's date fields (weekdays, days of month, months, years), so
 * the interval can ever match. Used by validation.
 */
export function anyDateMatches(iv: TimeInterval): boolean {
  const first = iv.years ? Math.min(...iv.years.map((r) => r.begin)) : 2000;
  const last = iv.years ? Math.max(...iv.years.map((r) => r.end)) : first + CYCLE_YEARS - 1;
  const from = Math.floor(Date.UTC(first, 0, 1) / DAY_MS);
  const to = Math.floor(Date.UTC(Math.min(last, first + CYCLE_YEARS - 1) + 1, 0, 1) / DAY_MS);
  return nextMatchingDay(iv, from, to) !== null;
}

/**
 * Whether the instant is inside the interval (Alertmanager's `ContainsTime`).
 * @param ms the instant, milliseconds since the epoch
 */
export function intervalContains(iv: TimeInterval, ms: number): boolean {
  const wall = ms + offsetAt(iv.location, ms) * MINUTE_MS;
  const day = Math.floor(wall / DAY_MS);
  if (!dateMatches(iv, day)) return false;
  if (!iv.times) return true;
  const minute = Math.floor((wall - day * DAY_MS) / MINUTE_MS);
  return iv.times.some((t) => minute >= t.begin && minute < t.end);
}

/** Whether the instant is inside any of the intervals (a window's list of specs). */
export function intervalsContain(ivs: readonly TimeInterval[], at: Date): boolean {
  const ms = at.getTime();
  return ivs.some((iv) => intervalContains(iv, ms));
}

/**
 * The first instant after `ms` at which the interval might change: the next wall-clock boundary (a time
 * range's start or end, or midnight; or the midnight of the next matching day) or the next zone transition.
 */
function nextCandidate(iv: TimeInterval, ms: number): number | null {
  const offset = offsetAt(iv.location, ms);
  const wall = ms + offset * MINUTE_MS;
  const day = Math.floor(wall / DAY_MS);
  let targetWall: number | null;
  if (dateMatches(iv, day) && coversWholeDay(iv)) {
    // Inside all day: nothing changes before the next day that does not match (looked for a year at a time).
    const next = nextDayWhere(iv, day + 1, day + 1 + WHOLE_DAY_LOOKAHEAD, false);
    targetWall = (next ?? day + 1 + WHOLE_DAY_LOOKAHEAD) * DAY_MS;
  } else if (dateMatches(iv, day)) {
    const inDay = wall - day * DAY_MS;
    const bounds = (iv.times ?? []).flatMap((t) => [t.begin, t.end]).concat(1440);
    const next = Math.min(...bounds.map((b) => b * MINUTE_MS).filter((b) => b > inDay));
    targetWall = day * DAY_MS + next;
  } else {
    const next = nextMatchingDay(iv, day + 1, day + 1 + HORIZON_DAYS);
    targetWall = next === null ? null : next * DAY_MS;
  }
  // Without a change of day ahead, only a zone transition in the next two days could still change something
  // (a fall-back at midnight repeats the evening before).
  const target = targetWall === null ? ms + 2 * DAY_MS : targetWall - offset * MINUTE_MS;
  const transition = firstTransition(iv.location, ms, target, offset);
  if (transition !== null) return transition;
  return targetWall === null ? null : target;
}

/**
 * The first instant in (lo, hi] whose offset differs from `offset` (the offset at `lo`), or null. Offsets are
 * sampled every MAX_STEP_MS, so two transitions closer together than that could hide each other; real zones
 * change offset a few times a year at most.
 */
function firstTransition(zone: string, lo: number, hi: number, offset: number): number | null {
  for (let from = lo; from < hi; from += MAX_STEP_MS) {
    const to = Math.min(from + MAX_STEP_MS, hi);
    if (offsetAt(zone, to) === offset) continue;
    let a = from;
    let b = to;
    while (b - a > 1) {
      const mid = Math.floor((a + b) / 2);
      if (offsetAt(zone, mid) !== offset) b = mid;
      else a = mid;
    }
    return b;
  }
  return null;
}

/** Safety bound on candidates walked for one answer (a day has at most a few dozen boundaries). */
const MAX_CANDIDATES = 100_000;

function nextChangeOne(iv: TimeInterval, ms: number): number | null {
  const inside = intervalContains(iv, ms);
  const always = coversWholeDay(iv) && !iv.years && !iv.months && !iv.weekdays && !iv.daysOfMonth;
  if (always) return null;
  const horizon = ms + HORIZON_DAYS * DAY_MS;
  let cur = ms;
  for (let i = 0; i < MAX_CANDIDATES; i++) {
    const c = nextCandidate(iv, cur);
    if (c === null || c > horizon) return null;
    if (intervalContains(iv, c) !== inside) return c;
    cur = c;
  }
  return null;
}

/**
 * The first instant after `at` at which "inside any of the intervals" changes: the end of the window `at` is
 * in, or the start of the next one.
 * @returns that instant, or null when it does not change within the next 50 years (e.g. `years` all past)
 */
export function nextIntervalChange(ivs: readonly TimeInterval[], at: Date): Date | null {
  const inside = intervalsContain(ivs, at);
  let cur = at.getTime();
  for (let i = 0; i < MAX_CANDIDATES; i++) {
    let next: number | null = null;
    for (const iv of ivs) {
      const c = nextChangeOne(iv, cur);
      if (c !== null && (next === null || c < next)) next = c;
    }
    if (next === null) return null;
    if (intervalsContain(ivs, new Date(next)) !== inside) return new Date(next);
    cur = next;
  }
  return null;
}

/** Where an instant stands relative to a list of intervals. */
export interface IntervalPosition {
  /** `at` is inside a window. */
  readonly inside: boolean;
  /** When the window `at` is in ends (null when outside, or when it never ends). */
  readonly endsAt: Date | null;
  /** When the next window starts (after the current one when inside); null when none will. */
  readonly nextStartsAt: Date | null;
}

/**
 * Inside or not at `at`, when the current window ends and when the next starts: what a maintenance window's
 * page and the engine's timers need.
 */
export function intervalPosition(ivs: readonly TimeInterval[], at: Date): IntervalPosition {
  const inside = intervalsContain(ivs, at);
  const change = nextIntervalChange(ivs, at);
  if (!inside) return { inside, endsAt: null, nextStartsAt: change };
  return { inside, endsAt: change, nextStartsAt: change ? nextIntervalChange(ivs, change) : null };
}
