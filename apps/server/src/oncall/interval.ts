/**
 * Half-open time intervals `[start, end)` and the window checks shared by the schedule calculators.
 */
import { AppError } from '../lib/index.ts';

/** A half-open interval of instants `[start, end)`; both are JS `Date`s (UTC instants). */
export interface Interval {
  start: Date;
  end: Date;
}

/** One user on call over `[start, end)`; instants are JS `Date`s (UTC). */
export interface Shift extends Interval {
  /** The user's email. */
  user: string;
}

/** An interval as epoch milliseconds, the calculators' working form. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Reads a query window.
 * @returns the window as epoch milliseconds; `end <= start` is an empty window
 * @throws AppError `VALIDATION` when either end is an invalid `Date`
 */
export function windowOf(from: Date, to: Date): Span {
  const start = from.getTime();
  const end = to.getTime();
  if (Number.isNaN(start) || Number.isNaN(end)) {
    throw new AppError('VALIDATION', 'schedule window: from and to must be valid dates', [
      { path: Number.isNaN(start) ? 'from' : 'to', message: 'invalid date' },
    ]);
  }
  return { start, end };
}

/**
 * Sorts spans and merges the ones that overlap or touch.
 * @returns a new sorted list of disjoint, non-adjacent, non-empty spans
 */
export function unionSpans(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}
