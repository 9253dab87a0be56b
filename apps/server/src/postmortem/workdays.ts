/**
 * Working-day arithmetic for postmortem and action deadlines (DESIGN §8: "due in working days by level, on a
 * calendar with holidays and make-up working days, in the team's time zone"). Pure: the calendar's days are
 * given as data (`calendar-data.ts` fills them from the holiday libraries and the config), and `from` is an
 * instant the caller passes in.
 *
 * A calendar day is a local date `YYYY-MM-DD` in the calendar's zone. A day is a working day when it is a
 * make-up working day (China's adjusted working weekends, or an organisation's extra working day), else when
 * it is neither a day off (a public holiday, an organisation's extra day off) nor a weekend day. Make-up days
 * win over days off: the libraries and organisations list them precisely to override the weekend.
 *
 * A deadline of `n` working days from an instant is the **end of the n-th working day after the local day of
 * that instant** (the local midnight that ends it, an exclusive bound): resolved on Friday evening before a
 * Monday holiday, one working day is due at the end of Tuesday. Counting whole days keeps a deadline the same
 * whether the fault ended at 09:00 or 19:00, and local midnight is resolved with lib/time-zone's DST rules.
 */
import { isoWeekday, toInstant, toLocal, DAY_MS } from '../lib/index.ts';

/** A working-day calendar: its zone and which local days are off or on. */
export interface WorkCalendar {
  /** IANA zone the days are counted in, e.g. `Asia/Shanghai`. */
  timeZone: string;
  /** ISO weekdays that are weekend days (1 = Monday … 7 = Sunday); usually `[6, 7]`. */
  weekend: readonly number[];
  /** Local dates (`YYYY-MM-DD`) that are days off: public holidays and extra days off. */
  daysOff: ReadonlySet<string>;
  /** Local dates that are working days even on a weekend or holiday: make-up days, extra working days. */
  workingDays: ReadonlySet<string>;
}

/** `YYYY-MM-DD` of a local calendar day (days since 1970-01-01). */
export function dayToDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Local calendar day (days since 1970-01-01) of `YYYY-MM-DD`. */
export function dateToDay(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** Whether local day `day` (days since 1970-01-01) is a working day on `cal`. */
export function isWorkingDay(cal: WorkCalendar, day: number): boolean {
  const date = dayToDate(day);
  if (cal.workingDays.has(date)) return true;
  if (cal.daysOff.has(date)) return false;
  return !cal.weekend.includes(isoWeekday(day));
}

/** Longest run of days off we search through before declaring the calendar broken (a year). */
const MAX_SEARCH_DAYS = 366;

/**
 * The end of the `n`-th working day after the local day of `from` (see the file comment).
 * @param cal the calendar (its zone must be an IANA zone)
 * @param from the instant counting starts from (e.g. when the incident was resolved)
 * @param n working days, an integer ≥ 0 (0: the end of `from`'s own local day)
 * @returns the deadline instant: the local midnight that ends that working day
 * @throws RangeError when the calendar has no working day within a year, or `n` is not a whole number ≥ 0
 */
export function addWorkingDays(cal: WorkCalendar, from: Date, n: number): Date {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
  let day = toLocal(cal.timeZone, from.getTime()).day;
  let left = n;
  let searched = 0;
  while (left > 0) {
    day += 1;
    if (isWorkingDay(cal, day)) {
      left -= 1;
      searched = 0;
    } else if (++searched > MAX_SEARCH_DAYS) {
      throw new RangeError('the calendar has no working day within a year');
    }
  }
  return new Date(toInstant(cal.timeZone, { day: day + 1, minute: 0 }));
}

/**
 * Working days between two instants, for "overdue by N working days": the working days whose end lies after
 * `due` and at or before `now` (0 when `now` is not past `due`).
 * @param cal the calendar
 * @param due the deadline
 * @param now the current instant
 */
export function workingDaysLate(cal: WorkCalendar, due: Date, now: Date): number {
  if (now.getTime() <= due.getTime()) return 0;
  const first = toLocal(cal.timeZone, due.getTime()).day;
  const last = toLocal(cal.timeZone, now.getTime()).day;
  let count = 0;
  // A working day counts once it has fully passed: days from the due day up to (excluding) today.
  for (let d = first; d < last && count < MAX_SEARCH_DAYS; d++) if (isWorkingDay(cal, d)) count++;
  return count;
}
