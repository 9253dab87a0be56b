/**
 * The final schedule: who is on call, instant by instant, after layers and overrides.
 *
 * Rules (docs/schedules.md):
 * 1. Layers: at each instant the highest layer (latest in `layers`) that has someone on call wins; at most
 *    one user is on call.
 * 2. Overrides: at each instant the last override in `overrides` that applies wins. An override applies
 *    when the instant is in `[start, end)` and it has no `replaces` (the user is on call alone, over every
 *    layer) or its `replaces` is the user the layers put on call (only that user's time is taken over).
 *    Replacement is decided against the layers, not against other overrides, so a swap written as two
 *    overrides over the same window exchanges the two users' time instead of cancelling out.
 *
 * Pure: the result depends only on the schedule and the window. A piece that lies strictly inside two
 * query windows is the same in both; pieces touching a window edge are clipped to it.
 */
import type { Schedule } from './schema.ts';
import { type Interval, type Shift, type Span, windowOf } from './interval.ts';
import { layerSpans, layerUserAt } from './layer.ts';
import type { UserSpan } from './rotation.ts';

/** Where a final piece comes from: a layer (`layer:<id>`) or an override. */
export type ShiftSource = `layer:${string}` | 'override';

/** A piece of the final schedule: one user on call over `[start, end)` (UTC instants), and why. */
export interface FinalShift extends Shift {
  source: ShiftSource;
}

/** An interval where two or more layers have someone on call (the higher one wins). */
export interface Overlap extends Interval {
  /** Every layer with someone on call, lowest first. */
  layers: Array<{ layer: string; user: string }>;
}

interface ActiveOverride extends Span {
  user: string;
  replaces: string | undefined;
}

interface Segment extends Span {
  /** Per layer (schedule order): the user on call, or null. */
  users: Array<string | null>;
  /** Overrides covering the segment, in schedule order. */
  overrides: ActiveOverride[];
}

function overridesIn(schedule: Schedule, window: Span): ActiveOverride[] {
  return (schedule.overrides ?? [])
    .map((o) => ({
      user: o.user,
      replaces: o.replaces,
      start: Math.max(Date.parse(o.start), window.start),
      end: Math.min(Date.parse(o.end), window.end),
    }))
    .filter((o) => o.end > o.start);
}

/** Cuts the window at every layer and override boundary; within a segment nothing changes. */
function segments(schedule: Schedule, window: Span): Segment[] {
  if (window.end <= window.start) return [];
  const perLayer = schedule.layers.map((layer) => layerSpans(layer, schedule.timeZone, window));
  const overrides = overridesIn(schedule, window);
  const cuts = new Set<number>([window.start, window.end]);
  for (const spans of perLayer) for (const s of spans) cuts.add(s.start).add(s.end);
  for (const o of overrides) cuts.add(o.start).add(o.end);
  const points = [...cuts].sort((a, b) => a - b);
  const next = perLayer.map(() => 0);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const users = perLayer.map((spans: UserSpan[], li) => {
      while (next[li]! < spans.length && spans[next[li]!]!.end <= start) next[li]!++;
      const s = spans[next[li]!];
      return s && s.start <= start ? s.user : null;
    });
    out.push({
      start,
      end: points[i + 1]!,
      users,
      overrides: overrides.filter((o) => o.start <= start && start < o.end),
    });
  }
  return out;
}

/** Applies the layer and override rules to one instant's state. */
function resolve(
  schedule: Schedule,
  users: ReadonlyArray<string | null>,
  overrides: readonly ActiveOverride[],
): { user: string; source: ShiftSource } | null {
  let base: { user: string; source: ShiftSource } | null = null;
  for (let li = users.length - 1; li >= 0; li--) {
    const user = users[li];
    if (user) {
      base = { user, source: `layer:${schedule.layers[li]!.id}` };
      break;
    }
  }
  for (let oi = overrides.length - 1; oi >= 0; oi--) {
    const o = overrides[oi]!;
    if (o.replaces === undefined || o.replaces === base?.user) return { user: o.user, source: 'override' };
  }
  return base;
}

function finalSpans(schedule: Schedule, window: Span): Array<UserSpan & { source: ShiftSource }> {
  const out: Array<UserSpan & { source: ShiftSource }> = [];
  for (const seg of segments(schedule, window)) {
    const who = resolve(schedule, seg.users, seg.overrides);
    if (!who) continue;
    const last = out[out.length - 1];
    if (last && last.end === seg.start && last.user === who.user && last.source === who.source) last.end = seg.end;
    else out.push({ start: seg.start, end: seg.end, ...who });
  }
  return out;
}

/**
 * The final schedule within a window: layers combined (the highest layer with someone wins), then
 * overrides applied; adjacent pieces with the same user and source merged.
 * @param schedule a parsed schedule
 * @param from window start, inclusive (UTC instant)
 * @param to window end, exclusive (UTC instant)
 * @returns pieces sorted by start, disjoint, within `[from, to)`; empty when `to <= from`
 * @throws AppError `VALIDATION` for an invalid `from` or `to`
 */
export function finalSchedule(schedule: Schedule, from: Date, to: Date): FinalShift[] {
  return finalSpans(schedule, windowOf(from, to)).map((p) => ({
    user: p.user,
    start: new Date(p.start),
    end: new Date(p.end),
    source: p.source,
  }));
}

/**
 * Who is on call at an instant, computed for that instant alone (each layer's rotation and restrictions
 * at `t`, then the overrides covering `t`).
 * @param schedule a parsed schedule
 * @param t the instant (UTC)
 * @returns the users' emails: empty when nobody is on call, else exactly one (layers and overrides never
 *   put two users on call at once in this model; the array leaves room for one that does)
 * @throws AppError `VALIDATION` for an invalid `t`
 */
export function onCallAt(schedule: Schedule, t: Date): string[] {
  const at = windowOf(t, t).start;
  const users = schedule.layers.map((layer) => layerUserAt(layer, schedule.timeZone, at));
  const overrides = overridesIn(schedule, { start: at, end: at + 1 });
  const who = resolve(schedule, users, overrides);
  return who ? [who.user] : [];
}

/**
 * The intervals within a window where nobody is on call in the final schedule (after overrides) — the
 * lint "schedule gaps". Before a layer's `start` and outside its restrictions it has nobody.
 * @param schedule a parsed schedule
 * @param from window start, inclusive (UTC instant)
 * @param to window end, exclusive (UTC instant)
 * @returns sorted, disjoint intervals within `[from, to)`
 * @throws AppError `VALIDATION` for an invalid `from` or `to`
 */
export function gaps(schedule: Schedule, from: Date, to: Date): Interval[] {
  const window = windowOf(from, to);
  const out: Interval[] = [];
  let cursor = window.start;
  for (const p of finalSpans(schedule, window)) {
    if (p.start > cursor) out.push({ start: new Date(cursor), end: new Date(p.start) });
    cursor = p.end;
  }
  if (window.end > cursor) out.push({ start: new Date(cursor), end: new Date(window.end) });
  return out;
}

/**
 * The intervals within a window where two or more layers have someone on call — informational for the
 * lint "schedule overlaps" (the higher layer wins there; overrides are not considered).
 * @param schedule a parsed schedule
 * @param from window start, inclusive (UTC instant)
 * @param to window end, exclusive (UTC instant)
 * @returns sorted, disjoint intervals within `[from, to)`; adjacent ones with the same layers and users
 *   are merged
 * @throws AppError `VALIDATION` for an invalid `from` or `to`
 */
export function overlaps(schedule: Schedule, from: Date, to: Date): Overlap[] {
  const out: Array<Span & { layers: Overlap['layers']; key: string }> = [];
  for (const seg of segments(schedule, windowOf(from, to))) {
    const layers = seg.users.flatMap((user, li) => (user ? [{ layer: schedule.layers[li]!.id, user }] : []));
    if (layers.length < 2) continue;
    const key = JSON.stringify(layers);
    const last = out[out.length - 1];
    if (last && last.end === seg.start && last.key === key) last.end = seg.end;
    else out.push({ start: seg.start, end: seg.end, layers, key });
  }
  return out.map((o) => ({ start: new Date(o.start), end: new Date(o.end), layers: o.layers }));
}
