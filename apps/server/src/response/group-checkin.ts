/**
 * Pending members past their check-in deadline (issue 17 point 5: "pending members past a deadline are
 * escalated").
 *
 * A member pending for longer than `checkInMs` is overdue and escalates once per pending spell (key
 * `check-in:<person>:<pendingSince>`: declining and being invited again starts a new spell). Members
 * invited by an escalation policy — the incident's own (`paged`) or a policy request — are left out: that
 * policy already escalates until someone acknowledges or accepts, and a second escalation would page twice
 * for the same silence.
 */
import { addMs, firstPastInstant, isPast } from './deadline.ts';
import { emitOnce, type Emission } from './once.ts';
import type { GroupMember, GroupState } from './group.ts';

/** A pending member past the deadline. */
export interface CheckInOverdue {
  type: 'check-in.overdue';
  key: `check-in:${string}:${string}`;
  person: string;
  pendingSince: Date;
  deadline: Date;
  observedAt: Date;
}

/** Whether an escalation policy already chases this member. */
export function escalatedByPolicy(member: GroupMember): boolean {
  return member.invitations.some((i) => i.kind === 'paged' || i.kind === 'policy');
}

/** Pending members the check-in deadline applies to, with their deadline. */
function watched(state: GroupState, checkInMs: number) {
  return state.members
    .filter((m) => m.state === 'pending' && m.pendingSince !== null && !escalatedByPolicy(m))
    .map((m) => ({ member: m, pendingSince: m.pendingSince!, deadline: addMs(m.pendingSince!, checkInMs) }));
}

/** The overdue members at `now`, in member order. */
export function overdueCheckIns(state: GroupState, checkInMs: number, now: Date): CheckInOverdue[] {
  return watched(state, checkInMs)
    .filter((w) => isPast(w.deadline, now))
    .map((w) => ({
      type: 'check-in.overdue',
      key: `check-in:${w.member.person}:${w.pendingSince.toISOString()}`,
      person: w.member.person,
      pendingSince: w.pendingSince,
      deadline: w.deadline,
      observedAt: now,
    }));
}

/** The escalations to emit now: overdue members not escalated before for this pending spell. */
export function checkInEscalations(
  state: GroupState,
  checkInMs: number,
  now: Date,
  emitted: Iterable<string>,
): Emission<CheckInOverdue> {
  return emitOnce(overdueCheckIns(state, checkInMs, now), emitted);
}

/** When to look again: the first instant a watched pending member becomes overdue; null if none. */
export function nextCheckInCheck(state: GroupState, checkInMs: number, now: Date): Date | null {
  const waiting = watched(state, checkInMs).filter((w) => !isPast(w.deadline, now));
  if (waiting.length === 0) return null;
  return firstPastInstant(new Date(Math.min(...waiting.map((w) => w.deadline.getTime()))));
}
