/**
 * The room's watcher (issue 17 points 4–7): one `response.watch` job per incident, run when the incident
 * is paged, after every change in the room, and at the next deadline it computes. Each run:
 *
 * 1. keeps the room in step with the incident: the required roles of its current levels; at a level that
 *    forms a response group, the paged people are invited (`paged`) and the acknowledger joins; the
 *    acknowledger becomes coordinator when the slot is empty (automation never replaces a filled role);
 * 2. emits, at most once each (`response_emissions`): a 1-5-10 breach per stage, and a required role empty
 *    past its deadline, are escalation triggers (DESIGN §7, seed 004: escalation goes up): the business
 *    line's leadership is paged (at levels that form a room; below them the breach stays on the
 *    timeline). The on-call is not paged again: an unacknowledged incident's policy already
 *    escalates on its own timers, and an acknowledged one has its people in the room; a pending member past the
 *    check-in deadline → timeline + page them again; an overdue status update → timeline + page the
 *    communicator (the coordinator when nobody holds it);
 * 3. schedules itself at the next deadline.
 *
 * A resolved, closed or cancelled incident is left alone (a cancelled one counts nowhere).
 */
import { enqueueJob, type JobOutcome } from '../engine/index.ts';
import type { Db } from '../db/index.ts';
import { systemCtx, type Runtime } from '../kernel/index.ts';
import { addTimeline } from '../incident/index.ts';
import { listDeliveries, pageAddress, pagePeople, urgencyOf } from '../notify/index.ts';
import { clockBreaches, nextClockCheck } from './clock-breaches.ts';
import { checkInEscalations, nextCheckInCheck } from './group-checkin.ts';
import { applyRoleEvent, type RoleEvent } from './role-handover.ts';
import { nextRoleGapCheck, roleGapEscalations } from './role-gaps.ts';
import { nextCadenceCheck, updateReminders } from './cadence.ts';
import { applyGroupEvents } from './group-verbs.ts';
import { mailCheckInInvitations } from './check-in-link.ts';
import { ENDED_STATUSES, endedAt, loadRoom } from './room.ts';
import { ROLE_IDS } from './roles.ts';
import {
  acknowledgerEmail,
  appendEvent,
  emittedKeys,
  lockRoom,
  pagesQueued,
  recordEmission,
  scheduleWatch,
} from './store.ts';
import type { GroupEvent } from './group.ts';
import { hasWarRoomChat, queueWarRoom } from './war-room-job.ts';
import { warRoomPeople } from './war-room.ts';

const MIN = 60_000;
const STAGE_LABEL = { detect: 'detect', locate: 'locate the cause', recover: 'restore service' } as const;

/** One run of the watcher for `incidentId` (see the module comment). */
export async function watchIncident(rt: Runtime, incidentId: number, jobId: number | null): Promise<JobOutcome> {
  const ctx = systemCtx(rt, 'response');
  const now = rt.clock.now();
  const next = await rt.db.transaction(async (tx) => {
    await lockRoom(tx, incidentId);
    let room = await loadRoom(tx, ctx.config, incidentId, now);
    if (ENDED_STATUSES.has(room.row.status) || endedAt(room.row)) return null;

    // 1. Keep the room in step.
    const wanted = room.policy.requiredRoles.join(',');
    const have = ROLE_IDS.filter((r) => room.roles.slots[r].requiredSince !== null).join(',');
    const roleEvents: RoleEvent[] = [];
    if (wanted !== have) roleEvents.push({ type: 'required', roles: room.policy.requiredRoles, at: now });
    const acker = await acknowledgerEmail(tx, room.row);
    const coord = room.roles.slots.coordinator;
    if (acker && acker.includes('@') && !coord.holder && !coord.pending && !room.roles.tenures.length)
      roleEvents.push({
        type: 'assign',
        role: 'coordinator',
        to: acker,
        by: { kind: 'automation', what: 'ack' },
        at: now,
      });
    let roles = room.roles;
    for (const e of roleEvents) {
      const r = applyRoleEvent(roles, e);
      if (!r.ok) continue; // e.g. a hand-over pending: automation steps aside
      roles = r.state;
      await appendEvent(tx, incidentId, 'roles', e);
      if (e.type === 'assign')
        await addTimeline(tx, {
          incidentId,
          at: now,
          kind: 'role_changed',
          actor: 'system',
          message: `${e.to} is coordinator: they acknowledged the incident`,
          data: { role: 'coordinator', action: 'assign', to: e.to, holder: e.to },
        });
    }
    if (room.policy.responseGroup) {
      const members = new Set(room.group.members.map((m) => m.person));
      // Leadership is told, not gathered: only the on-call people paged join the group.
      const svc = room.row.service ? ctx.config.catalog.service(room.row.service) : undefined;
      const line = svc ? ctx.config.catalog.businessLine(svc.businessLine) : undefined;
      const leaders = new Set((line?.leadership ?? []).map((l) => l.toLowerCase()));
      const deliveries = (await listDeliveries(tx, incidentId)).filter((d) => {
        const r = d.recipient.toLowerCase();
        return r.includes('@') && !members.has(r) && !leaders.has(r);
      });
      const paged = deliveries.map((d) => d.recipient.toLowerCase());
      // Paged after the incident was acknowledged: their page's acknowledge link does nothing for them.
      const ackedAt = room.row.acknowledgedAt?.getTime();
      const pagedAfterAck = new Set(
        deliveries
          .filter((d) => ackedAt !== undefined && Date.parse(d.createdAt) > ackedAt)
          .map((d) => d.recipient.toLowerCase()),
      );
      const groupEvents: GroupEvent[] = [...new Set(paged)].map((person) => ({
        type: 'invite',
        person,
        via: { kind: 'paged' },
        at: now,
      }));
      const ackerState = acker ? room.group.members.find((m) => m.person === acker)?.state : undefined;
      if (acker && acker.includes('@') && ackerState !== 'joined' && ackerState !== 'declined')
        groupEvents.push({ type: 'check-in', person: acker, state: 'joined', at: now, note: 'acknowledged' });
      if (groupEvents.length) await applyGroupEvents(tx, room.row, groupEvents);
      // Those paged after someone acknowledged get a link to check in instead (never the acknowledger, who has
      // joined; nor those paged before: their page's own acknowledge link brought them in).
      await mailCheckInInvitations(
        tx,
        rt,
        room.row,
        groupEvents.flatMap((e) =>
          e.type === 'invite' && pagedAfterAck.has(e.person) && e.person !== acker ? [e.person] : [],
        ),
        now,
      );
    }
    // The war room opens once the group is formed: at a level that forms one, not while the incident's pages
    // are still queued (this run reschedules itself until they ran and brought their people in above), so the
    // chat's first invitations include the paged people on either store, whatever order the jobs run in.
    // People who join the group later are invited by an `invite` job (queued once per person).
    if (room.policy.warRoom && hasWarRoomChat(ctx.config.config)) {
      const formed = !room.policy.responseGroup || !(await pagesQueued(tx, incidentId, now));
      const opened = (await emittedKeys(tx, incidentId)).has('war-room.open');
      if (opened || formed) {
        const group = (await loadRoom(tx, ctx.config, incidentId, now)).group;
        const people = warRoomPeople(group);
        const fresh: string[] = [];
        for (const p of people) if (await recordEmission(tx, incidentId, `war-room.member:${p}`, now)) fresh.push(p);
        if (!opened) {
          await recordEmission(tx, incidentId, 'war-room.open', now);
          await queueWarRoom(tx, ctx.config.config, { incidentId, action: 'open' }, now);
        } else if (fresh.length) await queueWarRoom(tx, ctx.config.config, { incidentId, action: 'invite' }, now);
      }
    }
    if (roleEvents.length || room.policy.responseGroup) room = await loadRoom(tx, ctx.config, incidentId, now);

    // 2. Emissions, once each.
    const emitted = await emittedKeys(tx, incidentId);
    const emit = async (
      key: string,
      kind: 'clock_breached' | 'role_unfilled' | 'check_in_overdue' | 'update_overdue',
      message: string,
      data: Record<string, unknown>,
    ) => {
      if (!(await recordEmission(tx, incidentId, key, now))) return false;
      await addTimeline(tx, { incidentId, at: now, kind, actor: 'system', message, data: { key, ...data } });
      return true;
    };
    const trigger = async (key: string, why: string) => {
      // Below the levels that form a room (default P1/P2) the breach stays on the timeline: leadership is
      // told of the incidents it is told of at once anyway (DESIGN §7), not of every P4's clock.
      if (!room.policy.responseGroup) return;
      await enqueueJob(
        tx,
        'escalation.page',
        {
          incidentId,
          team: room.row.team,
          service: room.row.service,
          step: `response:${key}`,
          audience: 'leadership',
          at: now.toISOString(),
        },
        now,
        now,
      );
      await addTimeline(tx, {
        incidentId,
        at: now,
        kind: 'note',
        actor: 'system',
        message: `escalated to leadership: ${why}`,
      });
    };
    for (const b of clockBreaches(room.clock, emitted).events) {
      const why = `the ${b.stage} target (${b.targetMs / MIN} min from ${b.anchor}) was breached`;
      if (
        await emit(
          b.key,
          'clock_breached',
          `1-5-10: failed to ${STAGE_LABEL[b.stage]} within ${b.targetMs / MIN} min; leadership told`,
          { stage: b.stage, dueAt: b.dueAt.toISOString() },
        )
      )
        await trigger(b.key, why);
    }
    for (const g of roleGapEscalations(room.roles, room.policy.roleFillMs, now, emitted).events) {
      const why = `nobody holds the required ${g.role} role since ${g.since.toISOString()}`;
      if (
        await emit(g.key, 'role_unfilled', `the ${g.role} role is still empty past its deadline; leadership told`, {
          role: g.role,
        })
      )
        await trigger(g.key, why);
    }
    const urgency = urgencyOf({ levels: room.row.levels, risk: room.row.risk }, ctx.config.config.notify?.urgency);
    for (const c of checkInEscalations(room.group, room.policy.checkInMs, now, emitted).events) {
      if (await emit(c.key, 'check_in_overdue', `${c.person} has not checked in; paged again`, { person: c.person }))
        await pageOne(tx, incidentId, `response:${c.key}`, c.person, urgency, now);
    }
    const lastU = room.updates.at(-1);
    const cadenceInput = {
      everyMs: room.policy.updateEveryMs,
      since: room.row.createdAt,
      lastUpdate: lastU ? { at: lastU.at, nextUpdateBy: lastU.nextUpdateBy } : null,
      endedAt: null,
    };
    for (const u of updateReminders(cadenceInput, now, emitted).events) {
      const who = room.roles.slots.communicator.holder ?? room.roles.slots.coordinator.holder;
      if (
        await emit(
          u.key,
          'update_overdue',
          `status update overdue (due ${u.dueAt.toISOString()}); reminded ${who ?? 'nobody: no communicator or coordinator'}`,
          { dueAt: u.dueAt.toISOString(), to: who },
        )
      )
        if (who) await pageOne(tx, incidentId, `response:${u.key}`, who, 'low', now);
    }

    // 3. The next deadline.
    const candidates = [
      nextClockCheck(room.clock),
      nextRoleGapCheck(room.roles, room.policy.roleFillMs, now),
      nextCheckInCheck(room.group, room.policy.checkInMs, now),
      nextCadenceCheck(cadenceInput, now),
    ].filter((d): d is Date => d !== null);
    // Pages still queued: look again as soon as they ran, to invite the people they reached.
    if (room.policy.responseGroup && (await pagesQueued(tx, incidentId, now))) candidates.push(now);
    const at = candidates.length ? new Date(Math.min(...candidates.map((d) => d.getTime()))) : null;
    if (at) await scheduleWatch(tx, incidentId, at, now, jobId);
    return at;
  });
  void next;
  return { kind: 'done', incidentIds: [incidentId] };
}

/** Pages one person about the incident (a reminder or a check-in chase); a bare email gets an email. */
async function pageOne(db: Db, incidentId: number, step: string, email: string, urgency: 'high' | 'low', now: Date) {
  const r = await pagePeople(db, { incidentId, step, emails: [email], urgency, now });
  for (const to of r.bare) await pageAddress(db, { incidentId, step, channel: 'email', to, now });
}
