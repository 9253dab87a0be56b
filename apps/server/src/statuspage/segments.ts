/**
 * A component's status over a span of time as consecutive segments (a step function), derived from the
 * update history and maintenance windows by `component-status.ts`'s rules.
 */
import { chronological, statusFrom } from './component-status.ts';
import type { ComponentStatus, MaintenanceWindow, StatusUpdate } from './status.ts';

/** `status` from `from` (inclusive) to `to` (exclusive). */
export interface StatusSegment {
  from: Date;
  to: Date;
  status: ComponentStatus;
}

/**
 * The segments covering `[from, to)` for `component`; adjacent segments have different statuses. Empty
 * when `to` is not after `from`.
 */
export function statusSegments(
  component: string,
  updates: readonly StatusUpdate[],
  maintenances: readonly MaintenanceWindow[],
  from: Date,
  to: Date,
): StatusSegment[] {
  if (to.getTime() <= from.getTime()) return [];
  const sorted = chronological(updates);
  const changes = new Set<number>([from.getTime()]);
  const within = (t: number) => t > from.getTime() && t < to.getTime();
  for (const u of sorted) if (within(u.at.getTime())) changes.add(u.at.getTime());
  for (const m of maintenances) {
    if (!m.components.includes(component)) continue;
    for (const t of [m.from.getTime(), m.to.getTime()]) if (within(t)) changes.add(t);
  }
  const points = [...changes].sort((a, b) => a - b);
  const segments: StatusSegment[] = [];
  points.forEach((t, i) => {
    const status = statusFrom(component, sorted, maintenances, new Date(t)).status;
    const end = new Date(points[i + 1] ?? to.getTime());
    const last = segments.at(-1);
    if (last && last.status === status) last.to = end;
    else segments.push({ from: new Date(t), to: end, status });
  });
  return segments;
}
