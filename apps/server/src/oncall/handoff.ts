/**
 * Hand-offs: the instants when the set of on-call users changes, for hand-off notifications.
 */
import type { Schedule } from './schema.ts';
import { finalSchedule } from './final.ts';
import { windowOf } from './interval.ts';

/** The on-call set changes at `at` (UTC instant) from `from` to `to` (user emails; empty = nobody). */
export interface Handoff {
  at: Date;
  from: string[];
  to: string[];
}

/**
 * The hand-offs at instants in `[from, to)`, each compared with the state just before it (1 ms earlier).
 * Windows that tile time (`[a, b)`, `[b, c)`, …) report every hand-off exactly once, so a caller polling
 * with `[lastRun, now)` neither misses nor repeats one. A change of source with the same user (a layer shift
 * followed by the same user's override) is not a hand-off.
 * @param schedule a parsed schedule
 * @param from window start, inclusive (UTC instant)
 * @param to window end, exclusive (UTC instant)
 * @returns hand-offs sorted by `at`; empty when `to <= from`
 * @throws AppError `VALIDATION` for an invalid `from` or `to`
 */
export function handoffsBetween(schedule: Schedule, from: Date, to: Date): Handoff[] {
  const window = windowOf(from, to);
  if (window.end <= window.start) return [];
  const pieces = finalSchedule(schedule, new Date(window.start - 1), new Date(window.end));
  const out: Handoff[] = [];
  let current: string | null = null;
  let cursor = window.start - 1;
  const change = (at: number, next: string | null) => {
    if (next !== current && at >= window.start) {
      out.push({ at: new Date(at), from: current ? [current] : [], to: next ? [next] : [] });
    }
    current = next;
  };
  for (const p of pieces) {
    const start = p.start.getTime();
    if (start > cursor) change(cursor, null);
    change(start, p.user);
    cursor = p.end.getTime();
  }
  if (cursor < window.end) change(cursor, null);
  return out;
}
