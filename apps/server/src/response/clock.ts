/**
 * The 1-5-10 clock (DESIGN §6; seed 000: "detecting, locating, and recovering from them quickly. This is
 * known as the 1-5-10 solution"): detect within 1 minute of impact, locate the cause within 5, restore
 * service within 10 — all three measured from the same anchor, impact start (the research note: Datadog's
 * time-to-detect is the only vendor metric anchored on customer impact, and it is what "detect in 1 minute"
 * means). Targets come per level from `responsePolicy`. No pauses: the clock is wall time.
 *
 * A stage ends at its own milestone, or at a later stage's milestone if that came first: service restored
 * before the cause was located ends the locate stage too (recovery comes first, seed 004 §1.1), and a
 * resolution without a recorded mitigation ends both.
 *
 * The anchor is `impact_started_at` when known; otherwise `detected_at`, and the reading says so
 * (`anchor.fallback`): the detect stage is then not applicable (it would measure detection against itself) and
 * locate/recover count from detection, which is more lenient than the rule.
 *
 * `readClock` reads the clock as known at `now`: milestones later than `now` are ignored, so a past moment
 * can be replayed (drill reports, tests).
 */
import { addMs, earliest } from './deadline.ts';
import type { MilestoneCode, Milestones } from './milestones.ts';
import type { ResponsePolicy } from './level-policy.ts';

/** The three stages, in order. */
export const CLOCK_STAGES = ['detect', 'locate', 'recover'] as const;
export type ClockStage = (typeof CLOCK_STAGES)[number];

/** Milestones that end each stage (the first recorded wins). */
export const STAGE_ENDS: Readonly<Record<ClockStage, readonly MilestoneCode[]>> = {
  detect: ['detected_at'],
  locate: ['cause_located_at', 'mitigated_at', 'resolved_at'],
  recover: ['mitigated_at', 'resolved_at'],
};

/** Targets per stage, ms from the anchor; null: no target at this level. */
export type ClockTargets = Readonly<Record<ClockStage, number | null>>;

/** The targets of a resolved policy. */
export function clockTargets(policy: Pick<ResponsePolicy, 'detectMs' | 'locateMs' | 'recoverMs'>): ClockTargets {
  return { detect: policy.detectMs, locate: policy.locateMs, recover: policy.recoverMs };
}

/**
 * - `met`: ended no later than the target;
 * - `breached`: ended after the target, or still running past it;
 * - `running`: not ended, target not yet past;
 * - `not-applicable`: see `reason`.
 */
export type StageState = 'met' | 'breached' | 'running' | 'not-applicable';

/**
 * Why a stage is not applicable: no target at this level; no anchor (neither impact start nor detection
 * known); detect when anchored on detection; the incident was cancelled (a false alarm counts nowhere).
 */
export type NotApplicableReason = 'no-target' | 'no-anchor' | 'anchored-on-detection' | 'cancelled';

/** One stage at `now`. */
export interface StageReading {
  stage: ClockStage;
  state: StageState;
  reason: NotApplicableReason | null;
  /** Target, ms from the anchor. */
  targetMs: number | null;
  /** anchor + target. */
  dueAt: Date | null;
  /** ms from the anchor to the end (or to `now` while running), never negative; null without an anchor. */
  elapsedMs: number | null;
  /** When and by which milestone the stage ended; null while running. */
  endedAt: Date | null;
  endedBy: MilestoneCode | null;
}

/** The clock at `now`. */
export interface ClockReading {
  at: Date;
  /** The instant the stages count from; `fallback` when impact start is unknown and detection is used. */
  anchor: { milestone: 'impact_started_at' | 'detected_at'; at: Date; fallback: boolean } | null;
  /** In the order of `CLOCK_STAGES`. */
  stages: StageReading[];
}

/** The input: the incident's milestones, its targets, and when it was cancelled (if it was). */
export interface ClockInput {
  milestones: Milestones;
  targets: ClockTargets;
  cancelledAt?: Date | null;
}

/** Reads the 1-5-10 clock at `now` (see the module comment for the rules). */
export function readClock(input: ClockInput, now: Date): ClockReading {
  const known = (code: MilestoneCode): Date | undefined => {
    const t = input.milestones[code];
    return t && t.getTime() <= now.getTime() ? t : undefined;
  };
  const impact = known('impact_started_at');
  const detected = known('detected_at');
  const anchor = impact
    ? { milestone: 'impact_started_at' as const, at: impact, fallback: false }
    : detected
      ? { milestone: 'detected_at' as const, at: detected, fallback: true }
      : null;
  const cancelled = input.cancelledAt ? input.cancelledAt.getTime() <= now.getTime() : false;

  const stages = CLOCK_STAGES.map((stage): StageReading => {
    const targetMs = input.targets[stage];
    const endedAt = earliest(STAGE_ENDS[stage].map(known));
    const endedBy = endedAt ? STAGE_ENDS[stage].find((c) => known(c)?.getTime() === endedAt.getTime())! : null;
    const base = { stage, targetMs, endedAt, endedBy };
    if (!anchor) return { ...base, state: 'not-applicable', reason: 'no-anchor', dueAt: null, elapsedMs: null };
    const elapsedMs = Math.max(0, (endedAt ?? now).getTime() - anchor.at.getTime());
    const dueAt = targetMs === null ? null : addMs(anchor.at, targetMs);
    const na = (reason: NotApplicableReason): StageReading => ({
      ...base,
      state: 'not-applicable',
      reason,
      dueAt,
      elapsedMs,
    });
    if (cancelled) return na('cancelled');
    if (stage === 'detect' && anchor.fallback) return na('anchored-on-detection');
    if (targetMs === null) return na('no-target');
    const late = elapsedMs > targetMs;
    const state: StageState = late ? 'breached' : endedAt ? 'met' : 'running';
    return { ...base, state, reason: null, dueAt, elapsedMs };
  });
  return { at: now, anchor, stages };
}
