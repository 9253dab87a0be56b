import type { DaySegment } from './calendar-math.ts';

/** A segment with the lane it is drawn in and how many lanes its day needs. */
export interface LanedSegment extends DaySegment {
  lane: number;
  lanes: number;
}

/**
 * Lays out a day's segments side by side where they overlap (two people on call at once, e.g. an override
 * next to a layer's shift): each takes the first lane free at its start. Input in start order.
 */
export function assignLanes(segments: readonly DaySegment[]): LanedSegment[] {
  const laneEnds: number[] = [];
  const placed = segments.map((segment) => {
    const start = segment.topPct;
    let lane = laneEnds.findIndex((end) => end <= start + 1e-9);
    if (lane === -1) lane = laneEnds.length;
    laneEnds[lane] = segment.topPct + segment.heightPct;
    return { ...segment, lane, lanes: 0 };
  });
  return placed.map((segment) => ({ ...segment, lanes: laneEnds.length }));
}
