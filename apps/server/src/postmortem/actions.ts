/**
 * Improvement action verbs (DESIGN §8): add an action to a postmortem (owner, acceptance criteria, due date
 * by level on the working-day calendar, priority, type, a verifier who is not the owner, a tracker), and move
 * it through `open → in_progress → done → verified` (or rejected back). Every change is on the incident's
 * timeline.
 */
import { eq } from 'drizzle-orm';
import type { ActionCreate, ActionView } from '@faultline/contracts';
import { addTimeline } from '../incident/index.ts';
import { enqueueJob } from '../engine/index.ts';
import { AppError, validationError } from '../lib/index.ts';
import type { Verb } from '../kernel/index.ts';
import { actionDueDays } from './level.ts';
import { addWorkingDays } from './workdays.ts';
import { teamCalendar } from './postmortems.ts';
import { moveAction, moveFor, samePerson, type ActionState } from './action-state.ts';
import { postmortemActions } from './tables.ts';
import { actionView, incidentFor, postmortemRow, type ActionRow } from './store.ts';

/**
 * Adds an action to postmortem `postmortemId`.
 * @throws AppError VALIDATION naming `verifier` (the owner), `dueAt` (in the past); NOT_FOUND, FORBIDDEN
 */
export async function addAction({
  ctx,
  input,
}: Verb<{ postmortemId: number; action: ActionCreate }>): Promise<ActionView> {
  return ctx.tx.transaction(async (tx) => {
    const pm = await postmortemRow(tx, input.postmortemId, true);
    const incident = await incidentFor(ctx, tx, pm.incidentId, 'incident:respond');
    const a = input.action;
    const now = ctx.clock.now();
    if (samePerson(a.owner, a.verifier))
      throw validationError([{ path: 'verifier', message: 'the verifier must not be the owner' }]);
    const trackers = ctx.config.config.postmortem.trackers;
    if (a.sync !== undefined && !trackers.some((t) => t.id === a.sync))
      throw validationError([
        {
          path: 'sync',
          message: trackers.length
            ? `one of ${trackers.map((t) => t.id).join(', ')}`
            : 'no tracker is configured (postmortem.trackers)',
        },
      ]);
    let dueAt: Date;
    if (a.dueAt) {
      dueAt = new Date(a.dueAt);
      if (dueAt.getTime() <= now.getTime())
        throw validationError([{ path: 'dueAt', message: 'the due date must be in the future' }]);
    } else {
      const team = a.team ?? pm.team ?? incident.team;
      const { calendar } = teamCalendar(ctx.config.config.postmortem, team, now);
      dueAt = addWorkingDays(calendar, now, actionDueDays(ctx.config.config.postmortem, pm.level));
    }
    const [row] = await tx
      .insert(postmortemActions)
      .values({
        postmortemId: pm.id,
        incidentId: pm.incidentId,
        title: a.title,
        owner: a.owner,
        team: a.team ?? pm.team,
        acceptanceCriteria: a.acceptanceCriteria,
        dueAt,
        priority: a.priority,
        type: a.type,
        verifier: a.verifier,
        tracker: a.tracker ?? null,
        check: a.check ?? null,
        syncTracker: a.sync ?? null,
        state: 'open',
        createdBy: ctx.principal.name,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await addTimeline(tx, {
      incidentId: pm.incidentId,
      at: now,
      kind: 'action',
      actor: ctx.principal.name,
      message: `action #${row!.id} "${a.title}" added: owner ${a.owner}, verifier ${a.verifier}, due ${dueAt.toISOString()}`,
      data: { actionId: row!.id, postmortemId: pm.id },
    });
    await enqueueJob(tx, 'postmortem.action-remind', { actionId: row!.id }, dueAt, now);
    if (a.check) await enqueueJob(tx, 'postmortem.action-check', { actionId: row!.id }, now, now);
    if (a.sync) await enqueueJob(tx, 'postmortem.action-sync', { actionId: row!.id }, now, now);
    return actionView(row!, now);
  });
}

async function actionRow(tx: Parameters<typeof postmortemRow>[0], id: number): Promise<ActionRow> {
  const [row] = await tx.select().from(postmortemActions).where(eq(postmortemActions.id, id)).for('update').limit(1);
  if (!row) throw new AppError('NOT_FOUND', `action ${id} does not exist`);
  return row;
}

/**
 * Moves action `id` to state `to` (a button, or a drag across the board): the move is found from the two
 * states; verifying and rejecting are the verifier's; rejecting and reopening need a reason.
 * @throws AppError PRECONDITION_FAILED when the move is not allowed (fields `to` or `reason`); FORBIDDEN for a
 *   verify or reject by someone else than the verifier; NOT_FOUND
 */
export async function moveActionTo({
  ctx,
  input,
}: Verb<{ id: number; to: ActionState; reason?: string | undefined; system?: boolean }>): Promise<ActionView> {
  return ctx.tx.transaction(async (tx) => {
    const a = await actionRow(tx, input.id);
    await incidentFor(ctx, tx, a.incidentId, 'incident:respond');
    const from = a.state as ActionState;
    // The server sends an action back only because its check stopped holding: a reopen, not a verifier's reject.
    const move = input.system && input.to === 'in_progress' ? 'reopen' : moveFor(from, input.to);
    if (!move)
      throw new AppError('PRECONDITION_FAILED', `action ${a.id} cannot go from ${from} to ${input.to}`, [
        { path: 'to', message: `not reachable from ${from}` },
      ]);
    const result = moveAction(
      { state: from, owner: a.owner, verifier: a.verifier },
      move,
      input.system ? null : ctx.principal.name,
      input.reason,
    );
    if (!result.ok) {
      const code = result.reason.startsWith('only the verifier') ? 'FORBIDDEN' : 'PRECONDITION_FAILED';
      throw new AppError(code, `action ${a.id}: ${result.reason}`, [
        { path: result.reason.includes('reason') ? 'reason' : 'to', message: result.reason },
      ]);
    }
    const now = ctx.clock.now();
    const [after] = await tx
      .update(postmortemActions)
      .set({
        state: result.to,
        updatedAt: now,
        rejectReason: move === 'reject' || move === 'reopen' ? (input.reason ?? null) : a.rejectReason,
        doneAt: result.to === 'done' ? now : result.to === 'in_progress' ? null : a.doneAt,
        verifiedAt: result.to === 'verified' ? now : result.to === 'in_progress' ? null : a.verifiedAt,
      })
      .where(eq(postmortemActions.id, a.id))
      .returning();
    const actor = input.system ? 'system' : ctx.principal.name;
    await addTimeline(tx, {
      incidentId: a.incidentId,
      at: now,
      kind: 'action',
      actor,
      message: `action #${a.id} ${from} → ${result.to} (${move})${input.reason ? `: ${input.reason}` : ''}`,
      data: { actionId: a.id, from, to: result.to, move },
    });
    // The mirrored issue follows (closed once done); the job writes only when the issue's state differs.
    if (a.syncTracker) await enqueueJob(tx, 'postmortem.action-sync', { actionId: a.id }, now, now);
    return actionView(after!, now);
  });
}
