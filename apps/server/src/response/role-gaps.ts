/**
 * Empty required roles (issue 17 point 6: "a slot empty past its deadline escalates"; the research note:
 * "role slots per level … each with a fill deadline").
 *
 * A required slot with no holder is a gap from the later of the moment it became required and the moment it
 * became empty; past `fillWithinMs` it is overdue and escalates once per gap (key `role:<role>:<since>`):
 * a slot that is filled and later emptied again starts a new gap. A pending hand-over does not fill a slot.
 */
import { addMs, firstPastInstant, isPast } from './deadline.ts';
import { emitOnce, type Emission } from './once.ts';
import type { RolesState } from './role-handover.ts';
import { ROLE_IDS, type RoleId } from './roles.ts';

/** A required role nobody holds. */
export interface RoleGap {
  role: RoleId;
  /** Start of the gap. */
  since: Date;
  /** since + fillWithinMs. */
  deadline: Date;
  overdue: boolean;
}

/** The escalation of an overdue gap. */
export interface RoleGapEscalation {
  type: 'role.unfilled';
  key: `role:${RoleId}:${string}`;
  role: RoleId;
  since: Date;
  deadline: Date;
  observedAt: Date;
}

/**
 * The gaps at `now`, in role order.
 * @param fillWithinMs the policy's `roleFillMs`
 */
export function roleGaps(state: RolesState, fillWithinMs: number, now: Date): RoleGap[] {
  const gaps: RoleGap[] = [];
  for (const role of ROLE_IDS) {
    const slot = state.slots[role];
    if (slot.holder !== null || slot.requiredSince === null) continue;
    const vacant = slot.vacantSince ?? slot.requiredSince;
    const since = vacant.getTime() > slot.requiredSince.getTime() ? vacant : slot.requiredSince;
    const deadline = addMs(since, fillWithinMs);
    gaps.push({ role, since, deadline, overdue: isPast(deadline, now) });
  }
  return gaps;
}

/** The escalations to emit now: overdue gaps not escalated before. */
export function roleGapEscalations(
  state: RolesState,
  fillWithinMs: number,
  now: Date,
  emitted: Iterable<string>,
): Emission<RoleGapEscalation> {
  const candidates = roleGaps(state, fillWithinMs, now)
    .filter((g) => g.overdue)
    .map((g): RoleGapEscalation => ({
      type: 'role.unfilled',
      key: `role:${g.role}:${g.since.toISOString()}`,
      role: g.role,
      since: g.since,
      deadline: g.deadline,
      observedAt: now,
    }));
  return emitOnce(candidates, emitted);
}

/** When to look again: the first instant a gap that is not yet overdue becomes overdue; null if none. */
export function nextRoleGapCheck(state: RolesState, fillWithinMs: number, now: Date): Date | null {
  const waiting = roleGaps(state, fillWithinMs, now).filter((g) => !g.overdue);
  if (waiting.length === 0) return null;
  return firstPastInstant(new Date(Math.min(...waiting.map((g) => g.deadline.getTime()))));
}
