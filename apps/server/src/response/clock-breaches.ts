/**
 * Breaches of the 1-5-10 clock as once-only events (issue 17 point 4: "a breach is an escalation trigger
 * (DESIGN §7), at most once per stage, and is on the timeline").
 *
 * Key `clock:<stage>`: one breach per stage for the life of the incident, whatever happens later (a level
 * change that shortens a target, a reopen, a milestone edit that turns the stage back to met — the breach
 * stays on the timeline). A breach seen while the stage still runs is `live` and escalates; one seen only
 * after the stage ended late (an engine that was down, a milestone moved later by a person) goes on the
 * timeline without escalating: escalating for a cause already located helps nobody.
 */
import { firstPastInstant } from './deadline.ts';
import { emitOnce, type Emission } from './once.ts';
import type { ClockReading, ClockStage } from './clock.ts';

/** A breached stage. */
export interface ClockBreach {
  type: 'clock.breached';
  key: `clock:${ClockStage}`;
  stage: ClockStage;
  /** The instant the target passed (anchor + target). */
  dueAt: Date;
  targetMs: number;
  /** The anchor milestone the target counted from. */
  anchor: 'impact_started_at' | 'detected_at';
  /** True while the stage still runs: escalate. False: record only. */
  live: boolean;
  /** The reading's `now`. */
  observedAt: Date;
}

/**
 * The breaches to emit now: breached stages whose key is not in `emitted`, in stage order.
 * @param emitted keys emitted before (`clock:locate`…)
 */
export function clockBreaches(reading: ClockReading, emitted: Iterable<string>): Emission<ClockBreach> {
  const candidates: ClockBreach[] = [];
  for (const s of reading.stages) {
    if (s.state !== 'breached' || !reading.anchor) continue;
    candidates.push({
      type: 'clock.breached',
      key: `clock:${s.stage}`,
      stage: s.stage,
      dueAt: s.dueAt!,
      targetMs: s.targetMs!,
      anchor: reading.anchor.milestone,
      live: s.endedAt === null,
      observedAt: reading.at,
    });
  }
  return emitOnce(candidates, emitted);
}

/**
 * When to read the clock again: the first instant a running stage is past its target; null when no stage
 * runs. Recompute after any change of milestones or levels (a new target moves it).
 */
export function nextClockCheck(reading: ClockReading): Date | null {
  let next: Date | null = null;
  for (const s of reading.stages) {
    if (s.state !== 'running' || !s.dueAt) continue;
    const at = firstPastInstant(s.dueAt);
    if (!next || at.getTime() < next.getTime()) next = at;
  }
  return next;
}
