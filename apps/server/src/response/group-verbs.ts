/**
 * Response-group verbs (issue 17 point 5): a member checks in (joined / declined), a person invites a person
 * or every member of a team. Each goes through the pure reducer (`group.ts`) and, accepted, is appended to
 * the room's `group` log with a timeline entry. The watcher job (`jobs.ts`) adds the paged and the
 * acknowledging people and escalates pending members past the check-in deadline.
 */
import { authorizeCtx as authorize, type Verb } from '../kernel/index.ts';
import { AppError } from '../lib/index.ts';
import { addTimeline, incidentRow } from '../incident/index.ts';
import { applyGroupEvent, replayGroup, type GroupEvent } from './group.ts';
import { appendEvent, loadEvents, lockRoom, scheduleWatch } from './store.ts';
import { ENDED_STATUSES } from './room.ts';
import { refusalError } from './roles-verbs.ts';
import { mailCheckInInvitations } from './check-in-link.ts';
import type { Db } from '../db/index.ts';

/**
 * Applies group events in `db` (the caller holds the room lock); the refused are thrown, none written.
 * @returns the policy requests a join accepted
 */
export async function applyGroupEvents(
  db: Db,
  incident: { id: number; createdAt: Date },
  events: readonly GroupEvent[],
): Promise<string[]> {
  let state = replayGroup(incident.createdAt, await loadEvents(db, incident.id, 'group'));
  const accepted: string[] = [];
  for (const e of events) {
    const r = applyGroupEvent(state, e);
    if (!r.ok) throw refusalError(r.refusal);
    state = r.state;
    accepted.push(...r.accepted);
    await appendEvent(db, incident.id, 'group', e);
  }
  return accepted;
}

/**
 * The caller checks in to incident `id`'s response group: `joined` (anyone who may respond) or `declined`
 * (an invited member).
 * @throws AppError NOT_FOUND (also for declining without an invitation, naming `person`); FORBIDDEN;
 *   PRECONDITION_FAILED when the incident ended
 */
export async function checkIn({
  ctx,
  input,
}: Verb<{ id: number; state: 'joined' | 'declined'; note?: string | undefined; via?: string }>): Promise<void> {
  return ctx.tx.transaction(async (tx) => {
    const row = await incidentRow({ tx }, input.id);
    authorize(ctx, 'incident:respond', row.team);
    if (ENDED_STATUSES.has(row.status))
      throw new AppError('PRECONDITION_FAILED', `incident ${input.id} is ${row.status}; check-in is over`);
    await lockRoom(tx, input.id);
    const at = ctx.clock.now();
    const person = ctx.principal.name.toLowerCase();
    await scheduleWatch(tx, input.id, ctx.clock.now(), ctx.clock.now());
    await applyGroupEvents(tx, row, [
      { type: 'check-in', person, state: input.state, at, ...(input.note ? { note: input.note } : {}) },
    ]);
    await addTimeline(tx, {
      incidentId: input.id,
      at,
      kind: 'check_in',
      actor: person,
      message: `${person} ${input.state === 'joined' ? 'joined the response group' : 'declined to join'}${
        input.via ? ` via ${input.via}` : ''
      }${input.note ? `: ${input.note}` : ''}`,
      data: { state: input.state, via: input.via ?? 'console' },
    });
  });
}

/**
 * Invites a person (email) or every member of a team to incident `id`'s response group; they become pending.
 * @returns the people invited
 * @throws AppError VALIDATION naming `team` (unknown); FORBIDDEN; PRECONDITION_FAILED when the incident ended
 */
export async function inviteToGroup({
  ctx,
  input,
}: Verb<{ id: number; person?: string | undefined; team?: string | undefined }>): Promise<string[]> {
  return ctx.tx.transaction(async (tx) => {
    const row = await incidentRow({ tx }, input.id);
    authorize(ctx, 'incident:respond', row.team);
    if (ENDED_STATUSES.has(row.status))
      throw new AppError('PRECONDITION_FAILED', `incident ${input.id} is ${row.status}; the group is closed`);
    await lockRoom(tx, input.id);
    const by = ctx.principal.name.toLowerCase();
    const at = ctx.clock.now();
    let people: string[];
    let events: GroupEvent[];
    if (input.team) {
      const members = ctx.config.escalation.teams.get(input.team);
      if (!members)
        throw new AppError('VALIDATION', `unknown team ${input.team}`, [
          { path: 'team', message: `no team "${input.team}"` },
        ]);
      people = members.map((m) => m.toLowerCase());
      events = people.map((person) => ({ type: 'invite', person, via: { kind: 'team', team: input.team!, by }, at }));
    } else {
      people = [input.person!.toLowerCase()];
      events = [{ type: 'invite', person: people[0]!, via: { kind: 'person', by }, at }];
    }
    await applyGroupEvents(tx, row, events);
    // The watcher follows every change in the room (e.g. the war room's chats invite the new members).
    await scheduleWatch(tx, input.id, at, at);
    // They hear of it at once, with a link to join or decline (the check-in deadline pages them later).
    await mailCheckInInvitations(tx, ctx.rt, row, people, at);
    await addTimeline(tx, {
      incidentId: input.id,
      at,
      kind: 'check_in',
      actor: by,
      message: `${by} invited ${input.team ? `team ${input.team} (${people.join(', ')})` : people[0]} to the response group`,
      data: { invited: people, team: input.team ?? null },
    });
    return people;
  });
}
