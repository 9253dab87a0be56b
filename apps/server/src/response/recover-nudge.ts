/**
 * The nudge toward the fastest recovery (issue 9 point 4): when the recover target of the 1-5-10 clock nears
 * and no recovery step has run, the room is told (and, where a suspect change ranks high, "consider
 * rollback"). This file decides *when*: once per incident, at `dueAt − lead` of the running recover stage.
 * What the room is told is recovery's (`recovery.nudge` job), which the watcher enqueues.
 *
 * The lead is 30 % of the recover target, at least one minute: a 10-minute target nudges at minute 7, with
 * 3 minutes left to restore service (seed 004: "restore service first"; the share is ours).
 */
import { emitOnce, type Emission } from './once.ts';
import { firstPastInstant, isPast, MINUTE_MS } from './deadline.ts';
import type { ClockReading } from './clock.ts';

/** Share of the recover target left when the room is nudged. */
export const NUDGE_LEAD_SHARE = 0.3;

/** The nudge: once per incident (key `clock:recover-near`). */
export interface RecoverNudge {
  type: 'recover.nearing';
  key: 'clock:recover-near';
  /** When the recover target passes (anchor + target). */
  dueAt: Date;
  /** When the nudge was due (dueAt − lead). */
  nudgeAt: Date;
  targetMs: number;
}

/**
 * The instant the room should be nudged: `dueAt − max(1 min, 30 % of the target)`, not before the anchor;
 * null when the recover stage is not live (ended, not applicable, no target) or recovery has started.
 * @param recoveryStartedAt the `recovery_started_at` key time, if set (a recovery step ran: no nudge)
 */
export function recoverNudgeAt(reading: ClockReading, recoveryStartedAt: Date | null): Date | null {
  const s = reading.stages.find((x) => x.stage === 'recover');
  if (!s || !reading.anchor || s.endedAt !== null || s.dueAt === null || s.targetMs === null) return null;
  if (s.state !== 'running' && s.state !== 'breached') return null;
  if (recoveryStartedAt && recoveryStartedAt.getTime() <= reading.at.getTime()) return null;
  const lead = Math.max(MINUTE_MS, Math.round(s.targetMs * NUDGE_LEAD_SHARE));
  return new Date(Math.max(reading.anchor.at.getTime(), s.dueAt.getTime() - lead));
}

/**
 * The nudge to emit now: when `recoverNudgeAt` is past at the reading's `now` and `clock:recover-near` is not
 * in `emitted`. Past the target already (an engine that was down) it is still emitted: the advice holds.
 */
export function recoverNudges(
  reading: ClockReading,
  recoveryStartedAt: Date | null,
  emitted: Iterable<string>,
): Emission<RecoverNudge> {
  const at = recoverNudgeAt(reading, recoveryStartedAt);
  const s = reading.stages.find((x) => x.stage === 'recover')!;
  const candidates: RecoverNudge[] =
    at && isPast(at, reading.at)
      ? [{ type: 'recover.nearing', key: 'clock:recover-near', dueAt: s.dueAt!, nudgeAt: at, targetMs: s.targetMs! }]
      : [];
  return emitOnce(candidates, emitted);
}

/** When to look again for the nudge: the first instant it is past; null when none is pending or it was emitted. */
export function nextRecoverNudgeCheck(
  reading: ClockReading,
  recoveryStartedAt: Date | null,
  emitted: Iterable<string>,
): Date | null {
  if ([...emitted].includes('clock:recover-near')) return null;
  const at = recoverNudgeAt(reading, recoveryStartedAt);
  return at && !isPast(at, reading.at) ? firstPastInstant(at) : null;
}
