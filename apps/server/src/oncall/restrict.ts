/**
 * Restrictions: clip a layer's shifts to its time-of-day or time-of-week windows.
 *
 * Window ends are local wall-clock times in the layer's zone, turned into instants day by day with the
 * shared DST rules (zone.ts): a 09:00–17:00 window is 09:00–17:00 local on both sides of a transition; an
 * end that falls in a spring-forward gap moves to the first instant after it; an end that happens twice
 * (fall back) uses the first occurrence. A layer with several restrictions is on call inside any of them.
 */
import type { Restriction, Weekday } from './schema.ts';
import { type Interval, type Shift, type Span, unionSpans, windowOf } from './interval.ts';
import type { UserSpan } from './rotation.ts';
import { isoWeekday, parseClock, toInstant, toLocal } from '../lib/index.ts';

const WEEKDAY: Record<Weekday, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

/** Windows of one restriction starting on a local day, as spans (may be empty in a DST gap). */
function windowsStartingOn(r: Restriction, zone: string, day: number): Span[] {
  if (r.kind === 'daily') {
    const from = parseClock(r.from);
    const to = parseClock(r.to);
    const endDay = to > from ? day : day + 1;
    return [{ start: toInstant(zone, { day, minute: from }), end: toInstant(zone, { day: endDay, minute: to }) }];
  }
  if (isoWeekday(day) !== WEEKDAY[r.from.day]) return [];
  const from = parseClock(r.from.time);
  const to = parseClock(r.to.time);
  let days = (WEEKDAY[r.to.day] - WEEKDAY[r.from.day] + 7) % 7;
  if (days === 0 && to <= from) days = 7;
  return [{ start: toInstant(zone, { day, minute: from }), end: toInstant(zone, { day: day + days, minute: to }) }];
}

/**
 * The union of restriction windows that intersect a window, clipped to it, as epoch milliseconds.
 * @param restrictions the layer's restrictions (at least one)
 * @param zone the layer's IANA zone
 * @param window `[start, end)` in epoch milliseconds
 * @returns sorted, disjoint, non-adjacent spans
 */
export function restrictionSpans(restrictions: readonly Restriction[], zone: string, window: Span): Span[] {
  if (window.end <= window.start) return [];
  // A window starting before the query can reach into it: a daily one from the day before, a weekly one
  // from up to 7 days before (one more day either way covers the zone offset).
  const first = toLocal(zone, window.start).day - (restrictions.some((r) => r.kind === 'weekly') ? 8 : 2);
  const last = toLocal(zone, window.end).day + 1;
  const spans: Span[] = [];
  for (let day = first; day <= last; day++) {
    for (const r of restrictions) spans.push(...windowsStartingOn(r, zone, day));
  }
  return unionSpans(spans.map((s) => ({ start: Math.max(s.start, window.start), end: Math.min(s.end, window.end) })));
}

/**
 * Clips user spans to windows (both sorted and disjoint).
 * @returns the parts of each span inside some window, in order
 */
export function clipSpans(spans: readonly UserSpan[], windows: readonly Span[]): UserSpan[] {
  const out: UserSpan[] = [];
  let w = 0;
  for (const s of spans) {
    while (w < windows.length && windows[w]!.end <= s.start) w++;
    for (let i = w; i < windows.length && windows[i]!.start < s.end; i++) {
      const start = Math.max(s.start, windows[i]!.start);
      const end = Math.min(s.end, windows[i]!.end);
      if (end > start) out.push({ user: s.user, start, end });
    }
  }
  return out;
}

/**
 * The restriction windows of a layer within a query window.
 * @param restrictions the layer's restrictions (at least one)
 * @param zone the layer's IANA zone (its own `timeZone`, else the schedule's)
 * @param from window start, inclusive (UTC instant)
 * @param to window end, exclusive (UTC instant)
 * @returns sorted, disjoint intervals clipped to `[from, to)`
 * @throws AppError `VALIDATION` for an invalid `from` or `to`
 */
export function restrictionWindows(
  restrictions: readonly Restriction[],
  zone: string,
  from: Date,
  to: Date,
): Interval[] {
  return restrictionSpans(restrictions, zone, windowOf(from, to)).map((s) => ({
    start: new Date(s.start),
    end: new Date(s.end),
  }));
}

/**
 * Clips shifts to a layer's restriction windows.
 * @param shifts sorted, disjoint shifts (e.g. from `rotationShifts`)
 * @param restrictions the layer's restrictions; undefined or empty leaves the shifts as they are
 * @param zone the layer's IANA zone (its own `timeZone`, else the schedule's)
 * @returns the parts of the shifts inside the windows, sorted; a shift may split into several
 */
export function restrictShifts(
  shifts: readonly Shift[],
  restrictions: readonly Restriction[] | undefined,
  zone: string,
): Shift[] {
  if (!restrictions || restrictions.length === 0 || shifts.length === 0) return [...shifts];
  const spans = shifts.map((s) => ({ user: s.user, start: s.start.getTime(), end: s.end.getTime() }));
  const windows = restrictionSpans(restrictions, zone, { start: spans[0]!.start, end: spans[spans.length - 1]!.end });
  return clipSpans(spans, windows).map((s) => ({ user: s.user, start: new Date(s.start), end: new Date(s.end) }));
}
