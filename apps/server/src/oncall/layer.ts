/**
 * A layer = its rotation clipped to its restrictions, in the layer's zone.
 */
import type { Layer } from './schema.ts';
import type { Span } from './interval.ts';
import { compileRotation, layerZone, rotationSpans, rotationUserAt, type UserSpan } from './rotation.ts';
import { clipSpans, restrictionSpans } from './restrict.ts';

/**
 * Who a layer puts on call within a window, as epoch milliseconds.
 * @param layer the layer
 * @param scheduleZone the schedule's IANA zone (the layer's own `timeZone` wins when set)
 * @param window `[start, end)` in epoch milliseconds
 * @returns sorted, disjoint spans clipped to the window
 */
export function layerSpans(layer: Layer, scheduleZone: string, window: Span): UserSpan[] {
  const spans = rotationSpans(compileRotation(layer, scheduleZone), window);
  if (!layer.restrictions || spans.length === 0) return spans;
  return clipSpans(spans, restrictionSpans(layer.restrictions, layerZone(layer, scheduleZone), window));
}

/**
 * Who a layer puts on call at one instant (computed for that instant alone, not from a window sweep).
 * @param layer the layer
 * @param scheduleZone the schedule's IANA zone (the layer's own `timeZone` wins when set)
 * @param t epoch milliseconds
 * @returns the user's email, or null (before the first hand-off, or outside every restriction window)
 */
export function layerUserAt(layer: Layer, scheduleZone: string, t: number): string | null {
  const user = rotationUserAt(compileRotation(layer, scheduleZone), t);
  if (user === null || !layer.restrictions) return user;
  const inside = restrictionSpans(layer.restrictions, layerZone(layer, scheduleZone), { start: t, end: t + 1 });
  return inside.length > 0 ? user : null;
}
