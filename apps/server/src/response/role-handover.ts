/**
 * Role slots and their two-phase hand-over, as a pure reducer over events (issue 17 point 6).
 *
 * The protocol is Google Cloud IRM's (`RequestIncidentRoleHandover` → `Confirm` by the proposed assignee,
 * or `Force` / `Cancel`), with Dispatch's role history (`assumed_at` / `renounced_at`), and the GitLab lesson
 * that automation must never reassign a filled role (an incident lead silently replaced mid-incident).
 *
 * - `claim`: a person takes an empty slot.
 * - `assign`: an empty slot is filled by automation, the coordinator, or an override; never a filled one.
 * - `request` → `confirm` / `decline` by the proposed person; `cancel` by the requester, the holder or the
 *   coordinator. One request pending per slot. Nobody requests a role for themselves (claim an empty one;
 *   for a held one, ask the holder or the coordinator).
 * - `force`: the coordinator (or an override) hands a slot over at once, to the pending person or another.
 * - `release`: the holder (or the coordinator) empties the slot.
 * - `required`: the incident's required roles changed (a level change); feeds the fill deadlines
 *   (`role-gaps.ts`).
 *
 * Events are applied in time order; a refused event leaves the state as it was and says why (the verb turns
 * it into an `AppError`). A person may hold several roles (seed 004: "roles can be reused as needed").
 */
import { actorLabel, type Actor, type PersonActor, type Refusal } from './actor.ts';
import { ROLE_IDS, type RoleId } from './roles.ts';

/** A proposed hand-over awaiting the new holder. */
export interface PendingHandover {
  to: string;
  by: string;
  at: Date;
}

/** One role of one incident. */
export interface RoleSlot {
  role: RoleId;
  holder: string | null;
  heldSince: Date | null;
  /** When the slot last became empty (or the incident opened); null while held. */
  vacantSince: Date | null;
  /** Since when the slot has been required without interruption; null when not required. */
  requiredSince: Date | null;
  pending: PendingHandover | null;
}

/** One person's time in a role. */
export interface RoleTenure {
  role: RoleId;
  holder: string;
  assumedAt: Date;
  renouncedAt: Date | null;
  via: 'claim' | 'assign' | 'handover' | 'force';
  /** Who made it happen (actor label). */
  by: string;
}

/** One hand-over request and how it ended. */
export interface HandoverRecord {
  role: RoleId;
  to: string;
  by: string;
  requestedAt: Date;
  outcome: 'pending' | 'confirmed' | 'declined' | 'cancelled' | 'forced' | 'superseded';
  endedAt: Date | null;
  endedBy: string | null;
  reason: string | null;
}

/** The roles of one incident. */
export interface RolesState {
  slots: Readonly<Record<RoleId, RoleSlot>>;
  /** Every tenure, in the order assumed; open ones have `renouncedAt` null. */
  tenures: readonly RoleTenure[];
  handovers: readonly HandoverRecord[];
  /** Time of the last applied event. */
  lastAt: Date;
}

type Base = { role: RoleId; at: Date };
/** An event on the roles. */
export type RoleEvent =
  | (Base & { type: 'claim'; by: PersonActor })
  | (Base & { type: 'assign'; to: string; by: Actor })
  | (Base & { type: 'request'; to: string; by: PersonActor })
  | (Base & { type: 'confirm'; by: PersonActor })
  | (Base & { type: 'decline'; by: PersonActor; reason?: string })
  | (Base & { type: 'cancel'; by: PersonActor })
  | (Base & { type: 'force'; to?: string; by: PersonActor })
  | (Base & { type: 'release'; by: PersonActor })
  | { type: 'required'; roles: readonly RoleId[]; at: Date };

/** Outcome of one event. */
export type RoleResult = { ok: true; state: RolesState } | { ok: false; refusal: Refusal };

/** Every slot empty since `openedAt`, none required. */
export function initialRoles(openedAt: Date): RolesState {
  const slots = Object.fromEntries(
    ROLE_IDS.map((role) => [
      role,
      { role, holder: null, heldSince: null, vacantSince: openedAt, requiredSince: null, pending: null },
    ]),
  ) as Record<RoleId, RoleSlot>;
  return { slots, tenures: [], handovers: [], lastAt: openedAt };
}

/** The current coordinator, if any. */
export function coordinatorOf(state: RolesState): string | null {
  return state.slots.coordinator.holder;
}

const refuse = (code: Refusal['code'], path: string, message: string): RoleResult => ({
  ok: false,
  refusal: { code, path, message },
});

/** Applies one event; see the module comment for the rules. Pure: `state` is not modified. */
export function applyRoleEvent(state: RolesState, event: RoleEvent): RoleResult {
  if (event.at.getTime() < state.lastAt.getTime())
    return refuse('VALIDATION', 'at', `events apply in time order (last at ${state.lastAt.toISOString()})`);
  if (event.type === 'required') return { ok: true, state: setRequired(state, event.roles, event.at) };

  const slot = state.slots[event.role];
  if (!slot) return refuse('VALIDATION', 'role', `unknown role "${String(event.role)}"`);
  const { at } = event;
  const authority = (by: PersonActor) => by.override === true || coordinatorOf(state) === by.id;
  const heldBy = (holder: string) => `the ${event.role} role is held by ${holder}`;

  switch (event.type) {
    case 'claim': {
      if (slot.holder === event.by.id) return refuse('CONFLICT', 'role', `you already hold the ${event.role} role`);
      if (slot.holder)
        return refuse('CONFLICT', 'role', `${heldBy(slot.holder)}; ask them or the coordinator for a hand-over`);
      return ok(fill(state, event.role, event.by.id, at, 'claim', event.by.id, 'superseded'));
    }
    case 'assign': {
      const by = event.by;
      if (slot.holder) {
        const why =
          by.kind === 'automation' ? 'automation never replaces a filled role' : 'request a hand-over instead';
        return refuse('CONFLICT', 'role', `${heldBy(slot.holder)}; ${why}`);
      }
      if (by.kind === 'automation') {
        if (slot.pending)
          return refuse('CONFLICT', 'role', `a hand-over of the ${event.role} role to ${slot.pending.to} is pending`);
      } else if (by.id !== event.to && !authority(by)) {
        return refuse('FORBIDDEN', 'to', 'only the coordinator assigns a role to someone else; request it instead');
      }
      return ok(
        fill(
          state,
          event.role,
          event.to,
          at,
          by.kind === 'person' && by.id === event.to ? 'claim' : 'assign',
          actorLabel(by),
          'superseded',
        ),
      );
    }
    case 'request': {
      if (slot.holder === event.to) return refuse('CONFLICT', 'to', `${event.to} already holds the ${event.role} role`);
      if (event.to === event.by.id)
        return slot.holder
          ? refuse('FORBIDDEN', 'to', `ask ${slot.holder} or the coordinator to hand the ${event.role} role to you`)
          : refuse('CONFLICT', 'to', `the ${event.role} role is empty: claim it`);
      if (slot.pending)
        return refuse('CONFLICT', 'role', `a hand-over to ${slot.pending.to} is pending; cancel it first`);
      const pending = { to: event.to, by: event.by.id, at };
      const record: HandoverRecord = {
        role: event.role,
        to: event.to,
        by: event.by.id,
        requestedAt: at,
        outcome: 'pending',
        endedAt: null,
        endedBy: null,
        reason: null,
      };
      return ok({
        ...withSlot(state, { ...slot, pending }),
        handovers: [...state.handovers, record],
        lastAt: at,
      });
    }
    case 'confirm':
    case 'decline': {
      if (!slot.pending) return refuse('CONFLICT', 'role', `no hand-over of the ${event.role} role is pending`);
      if (event.by.id !== slot.pending.to)
        return refuse(
          'FORBIDDEN',
          'by',
          `only ${slot.pending.to} can ${event.type} this hand-over; the coordinator can force it`,
        );
      if (event.type === 'confirm')
        return ok(fill(state, event.role, slot.pending.to, at, 'handover', slot.pending.by, 'confirmed', event.by.id));
      return ok(endPending(state, event.role, at, 'declined', event.by.id, event.reason ?? null));
    }
    case 'cancel': {
      if (!slot.pending) return refuse('CONFLICT', 'role', `no hand-over of the ${event.role} role is pending`);
      if (event.by.id !== slot.pending.by && event.by.id !== slot.holder && !authority(event.by))
        return refuse('FORBIDDEN', 'by', 'only the requester, the holder or the coordinator can cancel a hand-over');
      return ok(endPending(state, event.role, at, 'cancelled', event.by.id, null));
    }
    case 'force': {
      if (!authority(event.by)) return refuse('FORBIDDEN', 'by', 'only the coordinator can force a hand-over');
      const to = event.to ?? slot.pending?.to;
      if (!to) return refuse('VALIDATION', 'to', 'name who takes the role');
      if (to === slot.holder) return refuse('CONFLICT', 'to', `${to} already holds the ${event.role} role`);
      const outcome = slot.pending?.to === to ? 'forced' : 'superseded';
      return ok(fill(state, event.role, to, at, 'force', event.by.id, outcome, event.by.id));
    }
    case 'release': {
      if (!slot.holder) return refuse('CONFLICT', 'role', `nobody holds the ${event.role} role`);
      if (event.by.id !== slot.holder && !authority(event.by))
        return refuse('FORBIDDEN', 'by', 'only the holder or the coordinator can release a role');
      return ok({
        ...withSlot(state, { ...slot, holder: null, heldSince: null, vacantSince: at }),
        tenures: closeTenure(state.tenures, event.role, at),
        lastAt: at,
      });
    }
  }
}

/**
 * Replays a stored event log from the incident's opening.
 * @throws Error when an event is refused: the log was written by `applyRoleEvent`, so that is corruption
 */
export function replayRoles(openedAt: Date, events: readonly RoleEvent[]): RolesState {
  let state = initialRoles(openedAt);
  for (const [i, e] of events.entries()) {
    const r = applyRoleEvent(state, e);
    if (!r.ok) throw new Error(`role event ${i} (${e.type}) refused on replay: ${r.refusal.message}`);
    state = r.state;
  }
  return state;
}

const ok = (state: RolesState): RoleResult => ({ ok: true, state });

function withSlot(state: RolesState, slot: RoleSlot): RolesState {
  return { ...state, slots: { ...state.slots, [slot.role]: slot } };
}

function closeTenure(tenures: readonly RoleTenure[], role: RoleId, at: Date): RoleTenure[] {
  return tenures.map((t) => (t.role === role && t.renouncedAt === null ? { ...t, renouncedAt: at } : t));
}

/** Ends the slot's pending request (if any) with `outcome`. */
function endPending(
  state: RolesState,
  role: RoleId,
  at: Date,
  outcome: HandoverRecord['outcome'],
  by: string | null,
  reason: string | null,
): RolesState {
  const slot = state.slots[role];
  if (!slot.pending) return { ...state, lastAt: at };
  const handovers = state.handovers.map((h) =>
    h.role === role && h.outcome === 'pending' ? { ...h, outcome, endedAt: at, endedBy: by, reason } : h,
  );
  return { ...withSlot(state, { ...slot, pending: null }), handovers, lastAt: at };
}

/** Gives the slot to `to`, closing the previous tenure and ending any pending request with `pendingOutcome`. */
function fill(
  state: RolesState,
  role: RoleId,
  to: string,
  at: Date,
  via: RoleTenure['via'],
  by: string,
  pendingOutcome: HandoverRecord['outcome'],
  endedBy: string = by,
): RolesState {
  const ended = endPending(state, role, at, pendingOutcome, endedBy, null);
  const slot = ended.slots[role];
  return {
    ...withSlot(ended, { ...slot, holder: to, heldSince: at, vacantSince: null }),
    tenures: [...closeTenure(ended.tenures, role, at), { role, holder: to, assumedAt: at, renouncedAt: null, via, by }],
    lastAt: at,
  };
}

function setRequired(state: RolesState, roles: readonly RoleId[], at: Date): RolesState {
  const wanted = new Set(roles);
  const slots = { ...state.slots };
  for (const role of ROLE_IDS) {
    const slot = slots[role];
    const requiredSince = wanted.has(role) ? (slot.requiredSince ?? at) : null;
    if (requiredSince !== slot.requiredSince) slots[role] = { ...slot, requiredSince };
  }
  return { ...state, slots, lastAt: at };
}
