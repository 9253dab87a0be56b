/**
 * Calendar arithmetic for the final-schedule view: calendar days in a chosen IANA time zone (the viewer's or
 * the schedule's), and shifts cut into per-day segments placed by elapsed time, so a 23- or 25-hour day at a
 * DST change still draws every minute once. Pure functions of their inputs (no "now").
 */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/** A shift of the final schedule: `user` on call over `[start, end)` (ISO 8601 instants). */
export interface CalendarShift {
  user: string;
  start: string;
  end: string;
  override: boolean;
  layer: string | null;
}

/** One calendar day in a zone: its date `YYYY-MM-DD` and the instants (epoch ms) it starts and ends. */
export interface CalendarDay {
  date: string;
  startMs: number;
  endMs: number;
}

/** The part of a shift that falls on one day, placed as a share of that day's elapsed time. */
export interface DaySegment {
  shift: CalendarShift;
  /** Percent of the day's length before the segment starts, and the segment's length (0–100). */
  topPct: number;
  heightPct: number;
  /** Local wall-clock ends in the day's zone, `HH:mm`; the day's end reads `24:00`. */
  from: string;
  to: string;
  /** The shift started before this day / goes on after it. */
  continuesBefore: boolean;
  continuesAfter: boolean;
}

/** `date` (`YYYY-MM-DD`) plus `n` calendar days (zone-free: plain date arithmetic). */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The calendar date of instant `ms` in `timeZone`, `YYYY-MM-DD`. */
export function dateIn(ms: number, timeZone: string): string {
  return dayjs(ms).tz(timeZone).format('YYYY-MM-DD');
}

/** The instant (epoch ms) local midnight of `date` happens in `timeZone`. */
function midnight(date: string, timeZone: string): number {
  return dayjs.tz(`${date} 00:00`, timeZone).valueOf();
}

/** `count` consecutive days from `first` in `timeZone`. */
export function daysFrom(first: string, count: number, timeZone: string): CalendarDay[] {
  return Array.from({ length: count }, (_, i) => {
    const date = addDays(first, i);
    return { date, startMs: midnight(date, timeZone), endMs: midnight(addDays(date, 1), timeZone) };
  });
}

/** The Monday on or before `date` (weeks start on Monday, as schedules' weekly restrictions do). */
export function mondayOf(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

/**
 * Where a new layer starts: 09:00 on the Monday after the current week in `timeZone` (the schedule's), as a
 * wall-clock `YYYY-MM-DDTHH:mm`. The week is `timeZone`'s, not UTC's: late on a Sunday in New York it is
 * already Monday in UTC, and the start would skip a week.
 * @param now epoch ms
 */
export function nextMondayNine(now: number, timeZone: string): string {
  return `${addDays(mondayOf(dateIn(now, timeZone)), 7)}T09:00`;
}

/**
 * Where a new schedule's first layer starts so that it covers now (issue 12: starting next Monday left the
 * current week a gap): 09:00 on the Monday of the current week in `timeZone`, or of the week before when that
 * is still ahead (a Monday before 09:00). Wall clock `YYYY-MM-DDTHH:mm` in `timeZone`.
 * @param now epoch ms
 */
export function coveringMondayNine(now: number, timeZone: string): string {
  const monday = mondayOf(dateIn(now, timeZone));
  const start = dayjs.tz(`${monday} 09:00`, timeZone).valueOf();
  return `${start <= now ? monday : addDays(monday, -7)}T09:00`;
}

/** The 7 days of the week (Monday first) holding `date`. */
export function weekDays(date: string, timeZone: string): CalendarDay[] {
  return daysFrom(mondayOf(date), 7, timeZone);
}

/** The 6 × 7 days shown for the month of `date`: from the Monday on or before the 1st. */
export function monthDays(date: string, timeZone: string): CalendarDay[] {
  return daysFrom(mondayOf(`${date.slice(0, 7)}-01`), 42, timeZone);
}

function clock(ms: number, timeZone: string): string {
  return dayjs(ms).tz(timeZone).format('HH:mm');
}

/** The segments of `shifts` that fall on `day`, in start order; a shift ending at midnight ends at `24:00`. */
export function segmentsOn(day: CalendarDay, shifts: readonly CalendarShift[], timeZone: string): DaySegment[] {
  const length = day.endMs - day.startMs;
  const segments: DaySegment[] = [];
  for (const shift of shifts) {
    const start = Date.parse(shift.start);
    const end = Date.parse(shift.end);
    const from = Math.max(start, day.startMs);
    const to = Math.min(end, day.endMs);
    if (to <= from) continue;
    segments.push({
      shift,
      topPct: ((from - day.startMs) / length) * 100,
      heightPct: ((to - from) / length) * 100,
      from: clock(from, timeZone),
      to: to === day.endMs ? '24:00' : clock(to, timeZone),
      continuesBefore: start < day.startMs,
      continuesAfter: end > day.endMs,
    });
  }
  return segments.sort((a, b) => a.topPct - b.topPct);
}

/** Mantine palette colours given to people in turn (red is kept for gaps). */
const PERSON_COLORS = ['blue', 'teal', 'grape', 'orange', 'cyan', 'lime', 'indigo', 'pink', 'yellow', 'violet'];

/**
 * A colour per person, stable for a given set of people: sorted emails take the palette in turn, so the
 * same person keeps their colour across weeks of the same schedule.
 */
export function personColors(users: Iterable<string>): Map<string, string> {
  const sorted = [...new Set(users)].sort();
  return new Map(sorted.map((user, i) => [user, PERSON_COLORS[i % PERSON_COLORS.length]!]));
}
