/**
 * When to nudge the room toward the fastest recovery (issue 9 point 4): when the recover target of the 1-5-10
 * clock nears and no recovery step has run, the room is told (and, where a suspect change ranks high,
 * "consider rollback"). This file decides *when*, from the clock; what the room is told is recovery's
 * (`recovery.nudge` job).
 *
 * The lead is 30 % of the recover target, at least one minute: a 10-minute target nudges at minute 7, with
 * 3 minutes left to restore service (seed 004: "restore service first"; the share is ours). An incident
 * detected only after that moment is not nudged: its room never had the time the nudge is about (the 1-5-10
 * breach and the suspect changes on the incident page speak for it).
 */
import { firstPastInstant, isPast, MINUTE_MS } from './deadline.ts';
import type { ClockReading } from './clock.ts';

/** Share of the recover target left when the room is nudged. */
export const NUDGE_LEAD_SHARE = 0.3;

/**
 * The instant the room should be nudged: `dueAt − max(1 min, 30 % of the target)`, not before the anchor;
 * null when the recover stage is not live (ended, not applicable, no target) or recovery has started.
 * @param m.recoveryStartedAt the `recovery_started_at` key time, if set (a recovery step ran: no nudge);
 *   one later than the reading's `now` does not count yet
 * @param m.detectedAt the `detected_at` key time: detected after the nudge moment, no nudge
 */
export function recoverNudgeAt(
  reading: ClockReading,
  m: { recoveryStartedAt: Date | null; detectedAt: Date | null },
): Date | null {
  const s = reading.stages.find((x) => x.stage === 'recover');
  if (!s || !reading.anchor || s.endedAt !== null || s.dueAt === null || s.targetMs === null) return null;
  if (s.state !== 'running' && s.state !== 'breached') return null;
  if (m.recoveryStartedAt && m.recoveryStartedAt.getTime() <= reading.at.getTime()) return null;
  const lead = Math.max(MINUTE_MS, Math.round(s.targetMs * NUDGE_LEAD_SHARE));
  const at = new Date(Math.max(reading.anchor.at.getTime(), s.dueAt.getTime() - lead));
  if (m.detectedAt && m.detectedAt.getTime() > at.getTime()) return null;
  return at;
}

/**
 * What to do about the nudge at the reading's `now`: `none` (nothing to nudge: see `recoverNudgeAt`),
 * `wait` until the first instant the nudge is past, or nudge `now` (also when the target has passed
 * already, e.g. after an engine outage, as long as the incident was detected before the nudge moment: the
 * advice still holds). `dueAt` is the recover target.
 */
export type RecoverNudgeDecision =
  { kind: 'none' } | { kind: 'wait'; until: Date } | { kind: 'now'; nudgeAt: Date; dueAt: Date; targetMs: number };

/** Decides the nudge (see `RecoverNudgeDecision`). Pure. */
export function recoverNudgeDecision(
  reading: ClockReading,
  m: { recoveryStartedAt: Date | null; detectedAt: Date | null },
): RecoverNudgeDecision {
  const at = recoverNudgeAt(reading, m);
  if (!at) return { kind: 'none' };
  if (!isPast(at, reading.at)) return { kind: 'wait', until: firstPastInstant(at) };
  const s = reading.stages.find((x) => x.stage === 'recover')!;
  return { kind: 'now', nudgeAt: at, dueAt: s.dueAt!, targetMs: s.targetMs! };
}
