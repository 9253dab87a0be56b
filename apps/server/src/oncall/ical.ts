/**
 * iCalendar (RFC 5545) export of a final schedule, for calendar subscriptions.
 *
 * One VEVENT per final piece that intersects the window, with its whole extent (not clipped to the window),
 * so a shift keeps the same UID, start and end whichever window a client asks for. Times are UTC (`Z`);
 * calendar clients show them in the reader's zone. Deterministic: DTSTAMP is `opts.now`, else `from`.
 */
import { createHash } from 'node:crypto';
import ical from 'ical-generator';
import type { Schedule } from './schema.ts';
import { finalSchedule, type FinalShift } from './final.ts';
import { type Span, windowOf } from './interval.ts';
import { DAY_MS } from '../lib/index.ts';

/** Options for {@link scheduleToICal}. */
export interface ICalOptions {
  /** Only this user's shifts (their personal on-call calendar; email, any case); all users when absent. */
  user?: string;
  /** Calendar name (NAME / X-WR-CALNAME). */
  name: string;
  /** Company part of PRODID (`-//<prodId>//on-call//EN`); default `faultline`. */
  prodId?: string;
  /** DTSTAMP of every event (UTC instant); default `from`, to keep the output a function of the inputs. */
  now?: Date;
}

/** Past this margin a piece that still runs off the searched range is cut there (a ~2.8-year single piece). */
const MAX_MARGIN_MS = 1024 * DAY_MS;

/** The real start of the piece that contains `t`, searching back over growing ranges. */
function startOfPieceAt(schedule: Schedule, t: number): Date {
  for (let margin = DAY_MS; ; margin *= 4) {
    const lo = t - margin;
    const pieces = finalSchedule(schedule, new Date(lo), new Date(t + 1));
    const start = pieces[pieces.length - 1]!.start;
    if (start.getTime() > lo || margin >= MAX_MARGIN_MS) return start;
  }
}

/** The real end of the piece that contains `t`, searching forward over growing ranges. */
function endOfPieceAt(schedule: Schedule, t: number): Date {
  for (let margin = DAY_MS; ; margin *= 4) {
    const hi = t + 1 + margin;
    const end = finalSchedule(schedule, new Date(t), new Date(hi))[0]!.end;
    if (end.getTime() < hi || margin >= MAX_MARGIN_MS) return end;
  }
}

/** Final pieces intersecting the window, the first and last extended to their whole extent. */
function wholePieces(schedule: Schedule, window: Span): FinalShift[] {
  const pieces = finalSchedule(schedule, new Date(window.start), new Date(window.end));
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (first && first.start.getTime() === window.start) first.start = startOfPieceAt(schedule, window.start);
  if (last && last.end.getTime() === window.end) last.end = endOfPieceAt(schedule, window.end - 1);
  return pieces;
}

/**
 * A stable event UID for a final piece: the same schedule, user and start give the same UID on every call.
 * @param scheduleId the schedule's id
 * @param user the user's email
 * @param start the piece's start (UTC instant)
 * @returns `<32 hex digits>@faultline`
 */
export function shiftUid(scheduleId: string, user: string, start: Date): string {
  const digest = createHash('sha256').update(`${scheduleId}\n${user}\n${start.toISOString()}`).digest('hex');
  return `${digest.slice(0, 32)}@faultline`;
}

/**
 * Renders the final schedule as an iCalendar feed.
 * @param schedule a parsed schedule
 * @param from window start, inclusive (UTC instant)
 * @param to window end, exclusive (UTC instant)
 * @param opts calendar name, optional user filter, PRODID company and DTSTAMP
 * @returns VCALENDAR text (CRLF line ends): one VEVENT per final piece intersecting `[from, to)` — only the
 *   user's when `opts.user` is set — with UTC DTSTART/DTEND of the whole piece, SUMMARY naming the user and
 *   schedule, DESCRIPTION giving the source (`layer:<id>` or `override`)
 * @throws AppError `VALIDATION` for an invalid `from` or `to`
 */
export function scheduleToICal(schedule: Schedule, from: Date, to: Date, opts: ICalOptions): string {
  return schedulesToICal([schedule], from, to, opts);
}

/**
 * Renders several schedules' final schedules as one iCalendar feed — a person's calendar across every
 * schedule they are on (with `opts.user`). Events are those of {@link scheduleToICal} for each schedule, in
 * the order of `schedules`, each schedule's by start; UIDs stay distinct because they include the schedule id.
 * @throws AppError `VALIDATION` for an invalid `from` or `to`
 */
export function schedulesToICal(schedules: readonly Schedule[], from: Date, to: Date, opts: ICalOptions): string {
  const window = windowOf(from, to);
  const calendar = ical({ name: opts.name, prodId: { company: opts.prodId ?? 'faultline', product: 'on-call' } });
  if (window.end <= window.start) return calendar.toString();
  const user = opts.user?.toLowerCase();
  for (const schedule of schedules) {
    const title = schedule.name ?? schedule.id;
    for (const piece of wholePieces(schedule, window)) {
      if (user !== undefined && piece.user.toLowerCase() !== user) continue;
      calendar.createEvent({
        id: shiftUid(schedule.id, piece.user, piece.start),
        start: piece.start,
        end: piece.end,
        stamp: opts.now ?? from,
        summary: `On call: ${piece.user} (${title})`,
        description: `source: ${piece.source}`,
      });
    }
  }
  return calendar.toString();
}
