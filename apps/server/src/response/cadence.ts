/**
 * Status-update cadence (issue 17 point 7; seed 003, Youzan: "for long-running incidents, the team provides
 * progress updates to business stakeholders every half hour"; the research note: "an update clock per level
 * with an 'update overdue' state visible to room and stakeholders").
 *
 * The next update is due `everyMs` after the later of the last published update and `since` (when the
 * cadence began to apply: the incident's detection, or the level change that brought a cadence), or at the
 * "next update by" time the last update promised, if that is sooner. It is overdue once that instant is past.
 *
 * Reminders: one per missed period. Period k (k = 0, 1, …) starts `k × everyMs` after the due time; the
 * reminder for the latest period reached is emitted once (key `update:<period start>`). Periods that passed
 * while nobody asked (an engine that was down) are not reminded after the fact: one reminder says how many
 * updates were missed. Publishing an update moves the due time and starts over.
 *
 * No reminders once the incident has ended (resolved or cancelled), nor at a level without cadence.
 */
import { addMs, firstPastInstant, isPast } from './deadline.ts';
import { emitOnce, type Emission } from './once.ts';

/** The input of the cadence calculators. */
export interface CadenceInput {
  /** The policy's `updateEveryMs`; null: no cadence. */
  everyMs: number | null;
  /** When the cadence began to apply. */
  since: Date;
  /** The last published update, if any, with the "next update by" time it promised. */
  lastUpdate: { at: Date; nextUpdateBy?: Date | null } | null;
  /** When the incident was resolved or cancelled, if it was. */
  endedAt?: Date | null;
}

/** `none`: no cadence; `ended`: the incident ended; `on-time`: next update due later; `overdue`. */
export type CadenceState = 'none' | 'ended' | 'on-time' | 'overdue';

/** The cadence at `now`. */
export interface CadenceReading {
  state: CadenceState;
  everyMs: number | null;
  /** When the next update is (was) due; null for none/ended. */
  dueAt: Date | null;
  /** ms past `dueAt` (0 unless overdue). */
  overdueMs: number;
  /** Updates missed so far: the number of periods reached (0 unless overdue). */
  missed: number;
  /** Start of the latest period reached; null unless overdue. */
  periodStart: Date | null;
}

/** A reminder to the communicator. */
export interface UpdateReminder {
  type: 'update.overdue';
  key: `update:${string}`;
  dueAt: Date;
  periodStart: Date;
  missed: number;
  observedAt: Date;
}

/** Reads the cadence at `now` (see the module comment). */
export function readCadence(input: CadenceInput, now: Date): CadenceReading {
  const idle = { dueAt: null, overdueMs: 0, missed: 0, periodStart: null, everyMs: input.everyMs };
  if (input.endedAt && input.endedAt.getTime() <= now.getTime()) return { state: 'ended', ...idle };
  if (input.everyMs === null) return { state: 'none', ...idle };
  const last = input.lastUpdate && input.lastUpdate.at.getTime() <= now.getTime() ? input.lastUpdate : null;
  const base = last && last.at.getTime() > input.since.getTime() ? last.at : input.since;
  let dueAt = addMs(base, input.everyMs);
  const promised = last?.nextUpdateBy;
  if (promised && promised.getTime() > base.getTime() && promised.getTime() < dueAt.getTime()) dueAt = promised;
  if (!isPast(dueAt, now))
    return { state: 'on-time', everyMs: input.everyMs, dueAt, overdueMs: 0, missed: 0, periodStart: null };
  const overdueMs = now.getTime() - dueAt.getTime();
  const k = Math.ceil(overdueMs / input.everyMs) - 1;
  return {
    state: 'overdue',
    everyMs: input.everyMs,
    dueAt,
    overdueMs,
    missed: k + 1,
    periodStart: addMs(dueAt, k * input.everyMs),
  };
}

/** The reminder to emit now, if the latest period reached was not reminded yet. */
export function updateReminders(input: CadenceInput, now: Date, emitted: Iterable<string>): Emission<UpdateReminder> {
  const r = readCadence(input, now);
  const candidates: UpdateReminder[] =
    r.state === 'overdue'
      ? [
          {
            type: 'update.overdue',
            key: `update:${r.periodStart!.toISOString()}`,
            dueAt: r.dueAt!,
            periodStart: r.periodStart!,
            missed: r.missed,
            observedAt: now,
          },
        ]
      : [];
  return emitOnce(candidates, emitted);
}

/** When to look again: the first instant the next period is reached; null with no cadence or after the end. */
export function nextCadenceCheck(input: CadenceInput, now: Date): Date | null {
  const r = readCadence(input, now);
  if (r.state === 'on-time') return firstPastInstant(r.dueAt!);
  if (r.state === 'overdue') return firstPastInstant(addMs(r.periodStart!, r.everyMs!));
  return null;
}
