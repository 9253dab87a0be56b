/**
 * Role verbs (issue 17 point 6): every action on a role slot goes through the pure reducer
 * (`role-handover.ts`), and an accepted event is appended to the room's `roles` log with a timeline entry.
 * A person acts as their lower-case email; a team manager or an admin acts with the coordinator's authority
 * (`override`) without holding the role.
 */
import type { RoleActionInput } from '@faultline/contracts';
import { authorizeCtx as authorize, type Ctx, type Verb } from '../kernel/index.ts';
import { AppError } from '../lib/index.ts';
import { addTimeline, incidentRow } from '../incident/index.ts';
import type { PersonActor, Refusal } from './actor.ts';
import { applyRoleEvent, replayRoles, type RoleEvent } from './role-handover.ts';
import { roleName } from './roles.ts';
import { appendEvent, loadEvents, lockRoom, scheduleWatch } from './store.ts';
import { ENDED_STATUSES } from './room.ts';

/** The acting person of `ctx`, with override when they manage the incident's team or are an admin. */
export function personOf(ctx: Ctx, team: string | null): PersonActor {
  const p = ctx.principal;
  const manager = p.role === 'admin' || (team !== null && p.teamRoles[team] === 'manager');
  return { kind: 'person', id: p.name.toLowerCase(), ...(manager ? { override: true } : {}) };
}

/** A reducer's refusal as the API error (4xx naming the field). */
export function refusalError(r: Refusal): AppError {
  return new AppError(r.code, r.message, [{ path: r.path, message: r.message }]);
}

const SAY: Record<RoleActionInput['action'], string> = {
  claim: 'took',
  assign: 'assigned',
  request: 'asked for a hand-over of',
  confirm: 'confirmed the hand-over of',
  decline: 'declined the hand-over of',
  cancel: 'cancelled the hand-over of',
  force: 'forced the hand-over of',
  release: 'released',
};

/**
 * Applies one role action on incident `id` as `ctx.principal`.
 * @throws AppError NOT_FOUND; FORBIDDEN (incident:respond, or the reducer's authority rules, naming `by` or
 *   `to`); CONFLICT (held, pending…); VALIDATION (`to` missing); PRECONDITION_FAILED when the incident ended
 */
export async function actOnRole({ ctx, input }: Verb<{ id: number } & RoleActionInput>): Promise<void> {
  return ctx.tx.transaction(async (tx) => {
    const row = await incidentRow({ tx }, input.id);
    authorize(ctx, 'incident:respond', row.team);
    if (ENDED_STATUSES.has(row.status))
      throw new AppError('PRECONDITION_FAILED', `incident ${input.id} is ${row.status}; its roles are final`);
    await lockRoom(tx, input.id);
    const at = ctx.clock.now();
    const by = personOf(ctx, row.team);
    const to = input.to?.toLowerCase();
    const needTo = input.action === 'assign' || input.action === 'request';
    if (needTo && !to)
      throw new AppError('VALIDATION', `name who (${input.action})`, [{ path: 'to', message: 'name the person' }]);
    const base = { role: input.role, at };
    const event: RoleEvent =
      input.action === 'assign' || input.action === 'request'
        ? { ...base, type: input.action, to: to!, by }
        : input.action === 'force'
          ? { ...base, type: 'force', by, ...(to ? { to } : {}) }
          : input.action === 'decline'
            ? { ...base, type: 'decline', by, ...(input.reason ? { reason: input.reason } : {}) }
            : { ...base, type: input.action, by };
    const state = replayRoles(row.createdAt, await loadEvents(tx, input.id, 'roles'));
    const result = applyRoleEvent(state, event);
    if (!result.ok) throw refusalError(result.refusal);
    await scheduleWatch(tx, input.id, ctx.clock.now(), ctx.clock.now());
    await appendEvent(tx, input.id, 'roles', event);
    const name = roleName(input.role, ctx.config.config.response.roleNames);
    const target = to && input.action !== 'claim' ? ` to ${to}` : '';
    await addTimeline(tx, {
      incidentId: input.id,
      at,
      kind: 'role_changed',
      actor: by.id,
      message: `${by.id} ${SAY[input.action]} the ${name} role${target}${input.reason ? `: ${input.reason}` : ''}`,
      data: { role: input.role, action: input.action, to: to ?? null, holder: result.state.slots[input.role].holder },
    });
  });
}
