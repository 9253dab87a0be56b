/**
 * Rotation: who a layer puts on call, before restrictions. Pure: the same layer, zone and window give the
 * same shifts.
 *
 * Participants take turns in list order: shift k (k = 0, 1, …) starts at hand-off k and belongs to
 * `participants[k mod n]`; before the first hand-off (`start`) the layer has nobody.
 *
 * - `days` / `weeks`: hand-off k is `start`'s local wall-clock time, k × every (× 7) calendar days later.
 *   A daily 09:00 hand-off stays at 09:00 local across DST, so the shift over a transition is 23 or 25
 *   hours long.
 * - `hours`: hand-offs are every × 1 hour of absolute time after `start`; their local time drifts by the
 *   DST change.
 * - A hand-off at a local time that does not exist (spring forward) happens at the first valid instant
 *   after the gap; one that happens twice (fall back) at the first occurrence (see zone.ts).
 */
import type { Layer } from './schema.ts';
import { type Shift, type Span, windowOf } from './interval.ts';
import { DAY_MS, HOUR_MS, parseLocalDateTime, toInstant } from '../lib/index.ts';

/** A span of epoch milliseconds with the user on call in it. */
export interface UserSpan extends Span {
  user: string;
}

/** A layer's rotation, ready to compute hand-offs. */
export interface Rotation {
  participants: readonly string[];
  /** Hand-off k as epoch milliseconds (k ≥ 0); strictly increasing in k. */
  handoff(k: number): number;
  /** The nominal shift length in milliseconds (exact for `hours`, ±DST for days and weeks). */
  periodMs: number;
}

/**
 * The zone a layer's local times are read in: its own `timeZone` when set, else the schedule's.
 * @param layer the layer
 * @param scheduleZone the schedule's IANA zone
 */
export function layerZone(layer: Pick<Layer, 'timeZone'>, scheduleZone: string): string {
  return layer.timeZone ?? scheduleZone;
}

/**
 * Prepares a layer's rotation.
 * @param layer the layer (restrictions are ignored here)
 * @param zone the schedule's IANA zone; the layer's own `timeZone` wins when set
 * @throws RangeError for an unknown zone or a malformed `start` (the schema rules both out)
 */
export function compileRotation(layer: Layer, zone: string): Rotation {
  const tz = layerZone(layer, zone);
  const start = parseLocalDateTime(layer.start);
  const { every, unit } = layer.shift;
  if (unit === 'hours') {
    const first = toInstant(tz, start);
    const periodMs = every * HOUR_MS;
    return { participants: layer.participants, periodMs, handoff: (k) => first + k * periodMs };
  }
  const days = every * (unit === 'weeks' ? 7 : 1);
  return {
    participants: layer.participants,
    periodMs: days * DAY_MS,
    handoff: (k) => toInstant(tz, { day: start.day + k * days, minute: start.minute }),
  };
}

/**
 * The index of the shift that contains an instant.
 * @param rotation a compiled rotation
 * @param t epoch milliseconds
 * @returns k with handoff(k) ≤ t < handoff(k + 1), or null before the first hand-off
 */
export function shiftIndexAt(rotation: Rotation, t: number): number | null {
  const first = rotation.handoff(0);
  if (t < first) return null;
  let k = Math.floor((t - first) / rotation.periodMs);
  // Local-time hand-offs drift from the nominal grid by at most the DST change; step to the exact one.
  while (k > 0 && rotation.handoff(k) > t) k--;
  while (rotation.handoff(k + 1) <= t) k++;
  return k;
}

/**
 * The shifts of a rotation that intersect a window, clipped to it, as epoch milliseconds.
 * @param rotation a compiled rotation
 * @param window `[start, end)` in epoch milliseconds
 * @returns sorted, disjoint spans; consecutive shifts of the same user stay separate
 */
export function rotationSpans(rotation: Rotation, window: Span): UserSpan[] {
  if (window.end <= window.start) return [];
  const out: UserSpan[] = [];
  let k = shiftIndexAt(rotation, window.start) ?? 0;
  const n = rotation.participants.length;
  for (let h = rotation.handoff(k); h < window.end; k++) {
    const next = rotation.handoff(k + 1);
    const start = Math.max(h, window.start);
    const end = Math.min(next, window.end);
    if (end > start) out.push({ user: rotation.participants[k % n]!, start, end });
    h = next;
  }
  return out;
}

/**
 * A layer's rotation shifts within a window, ignoring its restrictions.
 * @param layer the layer
 * @param zone the schedule's IANA zone (the layer's own `timeZone` wins when set)
 * @param from window start, inclusive (UTC instant)
 * @param to window end, exclusive (UTC instant)
 * @returns `{ user, start, end }` shifts clipped to `[from, to)`, sorted, disjoint; empty when `to <= from`
 * @throws AppError `VALIDATION` for an invalid `from` or `to`
 */
export function rotationShifts(layer: Layer, zone: string, from: Date, to: Date): Shift[] {
  return rotationSpans(compileRotation(layer, zone), windowOf(from, to)).map((s) => ({
    user: s.user,
    start: new Date(s.start),
    end: new Date(s.end),
  }));
}

/**
 * Who a layer's rotation puts on call at an instant, ignoring restrictions.
 * @param rotation a compiled rotation
 * @param t epoch milliseconds
 * @returns the user's email, or null before the first hand-off
 */
export function rotationUserAt(rotation: Rotation, t: number): string | null {
  const k = shiftIndexAt(rotation, t);
  return k === null ? null : rotation.participants[k % rotation.participants.length]!;
}
