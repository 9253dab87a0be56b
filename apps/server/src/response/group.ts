/**
 * The response group and its check-in, as a pure reducer over events (issue 17 point 5; DESIGN §7).
 *
 * Modelled on PagerDuty's responder requests (statuses Joined / Declined / Pending; a requested escalation
 * policy runs until someone accepts; acknowledging accepts) and on seed 000's emergency response group
 * ("automatically added members, other relevant personnel can join … check-in responses").
 *
 * - `invite`: a person becomes pending. How they were invited is kept (every invitation, in order): paged
 *   by the incident's own escalation, by a person, as a member of a team or the on-call of a schedule (the
 *   caller expands teams and schedules into people), or by a policy request. Inviting a pending member
 *   again keeps the original pending time (repeated pages never postpone the check-in deadline); a joined
 *   member stays joined; a declined member becomes pending again.
 * - `request-policy` / `cancel-request`: a policy invited as a whole escalates until someone it paged joins;
 *   the join accepts the request, and the result lists it so the caller stops that escalation.
 * - `check-in`: a member answers joined or declined (and may change their answer). Anyone may join on
 *   their own; declining needs an invitation. An acknowledgement is a join (the caller sends it).
 */
import type { Refusal } from './actor.ts';

/** A member's answer. */
export type CheckIn = 'pending' | 'joined' | 'declined';

/** How a person came to be invited. */
export type Invitation =
  | { kind: 'paged' }
  | { kind: 'person'; by: string }
  | { kind: 'team'; team: string; by: string }
  | { kind: 'schedule'; schedule: string; by: string }
  | { kind: 'policy'; policy: string; request: string }
  | { kind: 'self' };

/** One member of the group. */
export interface GroupMember {
  person: string;
  state: CheckIn;
  /** Every invitation, first first. */
  invitations: Invitation[];
  firstInvitedAt: Date;
  /** Since when the member has been pending; null when answered. */
  pendingSince: Date | null;
  /** When the current answer was given; null while pending. */
  answeredAt: Date | null;
  note: string | null;
}

/** A policy invited as a whole. */
export interface PolicyRequest {
  id: string;
  policy: string;
  by: string;
  at: Date;
  state: 'open' | 'accepted' | 'cancelled';
  endedAt: Date | null;
  /** Who joined (accepted) or cancelled it. */
  endedBy: string | null;
}

/** One answer, for the history shown in the room. */
export interface CheckInRecord {
  person: string;
  state: CheckIn;
  at: Date;
}

/** The group of one incident. */
export interface GroupState {
  formedAt: Date;
  /** In order of first invitation or join. */
  members: readonly GroupMember[];
  requests: readonly PolicyRequest[];
  history: readonly CheckInRecord[];
  lastAt: Date;
}

/** An event on the group. */
export type GroupEvent =
  | { type: 'invite'; person: string; via: Exclude<Invitation, { kind: 'self' }>; at: Date }
  | { type: 'request-policy'; request: string; policy: string; by: string; at: Date }
  | { type: 'cancel-request'; request: string; by: string; at: Date }
  | { type: 'check-in'; person: string; state: 'joined' | 'declined'; at: Date; note?: string };

/** Outcome: the new state and the policy requests a join accepted (stop their escalation). */
export type GroupResult = { ok: true; state: GroupState; accepted: string[] } | { ok: false; refusal: Refusal };

/** An empty group formed at `formedAt`. */
export function initialGroup(formedAt: Date): GroupState {
  return { formedAt, members: [], requests: [], history: [], lastAt: formedAt };
}

const refuse = (code: Refusal['code'], path: string, message: string): GroupResult => ({
  ok: false,
  refusal: { code, path, message },
});

/** Applies one event; see the module comment. Pure. */
export function applyGroupEvent(state: GroupState, event: GroupEvent): GroupResult {
  if (event.at.getTime() < state.lastAt.getTime())
    return refuse('VALIDATION', 'at', `events apply in time order (last at ${state.lastAt.toISOString()})`);
  const at = event.at;
  const member = 'person' in event ? state.members.find((m) => m.person === event.person) : undefined;
  const put = (m: GroupMember): GroupMember[] =>
    member ? state.members.map((x) => (x.person === m.person ? m : x)) : [...state.members, m];

  switch (event.type) {
    case 'invite': {
      if (event.via.kind === 'policy') {
        const via = event.via;
        const req = state.requests.find((r) => r.id === via.request);
        if (!req) return refuse('NOT_FOUND', 'via.request', `no policy request "${via.request}"`);
        if (req.state !== 'open')
          return refuse('CONFLICT', 'via.request', `policy request "${req.id}" is ${req.state}`);
      }
      if (!member) {
        const m: GroupMember = {
          person: event.person,
          state: 'pending',
          invitations: [event.via],
          firstInvitedAt: at,
          pendingSince: at,
          answeredAt: null,
          note: null,
        };
        return done({
          ...state,
          members: put(m),
          history: [...state.history, { person: event.person, state: 'pending', at }],
          lastAt: at,
        });
      }
      const invitations = [...member.invitations, event.via];
      if (member.state === 'joined' && event.via.kind === 'policy') {
        // The policy reached someone already in the room: its request is answered.
        const accepted = [event.via.request];
        const requests = acceptRequests(state.requests, accepted, at, event.person);
        return {
          ok: true,
          state: { ...state, members: put({ ...member, invitations }), requests, lastAt: at },
          accepted,
        };
      }
      if (member.state !== 'declined') return done({ ...state, members: put({ ...member, invitations }), lastAt: at });
      const again: GroupMember = {
        ...member,
        invitations,
        state: 'pending',
        pendingSince: at,
        answeredAt: null,
        note: null,
      };
      return done({
        ...state,
        members: put(again),
        history: [...state.history, { person: event.person, state: 'pending', at }],
        lastAt: at,
      });
    }
    case 'request-policy': {
      if (state.requests.some((r) => r.id === event.request))
        return refuse('CONFLICT', 'request', `policy request "${event.request}" exists`);
      const open = state.requests.find((r) => r.policy === event.policy && r.state === 'open');
      if (open) return refuse('CONFLICT', 'policy', `policy "${event.policy}" is already invited and escalating`);
      const req: PolicyRequest = {
        id: event.request,
        policy: event.policy,
        by: event.by,
        at,
        state: 'open',
        endedAt: null,
        endedBy: null,
      };
      return done({ ...state, requests: [...state.requests, req], lastAt: at });
    }
    case 'cancel-request': {
      const req = state.requests.find((r) => r.id === event.request);
      if (!req) return refuse('NOT_FOUND', 'request', `no policy request "${event.request}"`);
      if (req.state !== 'open') return refuse('CONFLICT', 'request', `policy request "${req.id}" is ${req.state}`);
      const requests = state.requests.map((r) =>
        r === req ? { ...r, state: 'cancelled' as const, endedAt: at, endedBy: event.by } : r,
      );
      return done({ ...state, requests, lastAt: at });
    }
    case 'check-in': {
      if (!member && event.state === 'declined')
        return refuse('NOT_FOUND', 'person', `${event.person} is not invited to this incident's response group`);
      if (member?.state === event.state) return done({ ...state, lastAt: at }); // the same answer again
      const base: GroupMember = member ?? {
        person: event.person,
        state: 'pending',
        invitations: [{ kind: 'self' }],
        firstInvitedAt: at,
        pendingSince: null,
        answeredAt: null,
        note: null,
      };
      const m: GroupMember = {
        ...base,
        state: event.state,
        pendingSince: null,
        answeredAt: at,
        note: event.note ?? null,
      };
      const accepted =
        event.state === 'joined'
          ? state.requests
              .filter((r) => r.state === 'open' && m.invitations.some((i) => i.kind === 'policy' && i.request === r.id))
              .map((r) => r.id)
          : [];
      const requests = acceptRequests(state.requests, accepted, at, event.person);
      const next = {
        ...state,
        members: put(m),
        requests,
        history: [...state.history, { person: event.person, state: event.state, at }],
        lastAt: at,
      };
      return { ok: true, state: next, accepted };
    }
  }
}

const done = (state: GroupState): GroupResult => ({ ok: true, state, accepted: [] });

function acceptRequests(
  requests: readonly PolicyRequest[],
  ids: readonly string[],
  at: Date,
  by: string,
): PolicyRequest[] {
  return requests.map((r) => (ids.includes(r.id) ? { ...r, state: 'accepted' as const, endedAt: at, endedBy: by } : r));
}

/**
 * Replays a stored event log from the group's forming.
 * @throws Error when an event is refused (the log was written by `applyGroupEvent`: corruption)
 */
export function replayGroup(formedAt: Date, events: readonly GroupEvent[]): GroupState {
  let state = initialGroup(formedAt);
  for (const [i, e] of events.entries()) {
    const r = applyGroupEvent(state, e);
    if (!r.ok) throw new Error(`group event ${i} (${e.type}) refused on replay: ${r.refusal.message}`);
    state = r.state;
  }
  return state;
}
