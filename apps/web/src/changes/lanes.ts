import type { ChangeView } from '@faultline/contracts';

/** One change placed on its service's lane: left edge and width in % of the range. */
export interface LaneItem {
  change: ChangeView;
  leftPct: number;
  widthPct: number;
}

/** A service's lane. */
export interface Lane {
  service: string;
  items: LaneItem[];
}

/** Narrowest mark, % of the range, so an instant change stays visible and clickable. */
export const MIN_WIDTH_PCT = 0.6;

/**
 * Lays changes out on one lane per service (a change on several services is on each), services in name
 * order, changes oldest first. A change still rolling out runs to `now`; parts outside `[from, to]` are cut.
 * @param from range start, epoch ms
 * @param to range end, epoch ms (after `from`)
 * @param now the viewer's clock, epoch ms
 */
export function laneLayout(changes: readonly ChangeView[], from: number, to: number, now: number): Lane[] {
  const span = Math.max(1, to - from);
  const byService = new Map<string, LaneItem[]>();
  for (const c of changes) {
    const start = Date.parse(c.startedAt);
    const end = c.endedAt === null ? Math.max(now, start) : Date.parse(c.endedAt);
    if (end < from || start > to) continue;
    const left = ((Math.max(start, from) - from) / span) * 100;
    const right = ((Math.min(end, to) - from) / span) * 100;
    const widthPct = Math.min(100 - left, Math.max(MIN_WIDTH_PCT, right - left));
    for (const service of c.services) {
      const lane = byService.get(service) ?? [];
      lane.push({ change: c, leftPct: left, widthPct });
      byService.set(service, lane);
    }
  }
  return [...byService.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([service, items]) => ({
      service,
      items: items.sort((a, b) => Date.parse(a.change.startedAt) - Date.parse(b.change.startedAt)),
    }));
}
