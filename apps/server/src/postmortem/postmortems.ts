/**
 * Postmortem verbs (DESIGN §8): open (automatically on mitigate/resolve for the configured levels, or by
 * hand), edit a draft, waive a checkpoint, publish, and close the incident once the checkpoints allow it.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { PostmortemUpdate, PostmortemView } from '@faultline/contracts';
import { PostmortemSections } from '@faultline/contracts';
import { addTimeline, closeResolvedIncident, setPostmortemDue } from '../incident/index.ts';
import { timeline as timelineTable } from '../incident/index.ts';
import { enqueueJob } from '../engine/index.ts';
import { recordAudit } from '../audit/index.ts';
import { AppError, HOUR_MS, shortReason, validationError } from '../lib/index.ts';
import type { Ctx, Verb } from '../kernel/index.ts';
import type { Db } from '../db/index.ts';
import { archiveWarRoom } from '../response/index.ts';
import { CHECKPOINTS, checkpointsClear } from './checkpoints.ts';
import { buildCalendar, calendarOf, UTC_CALENDAR } from './calendar-data.ts';
import { needsPostmortem, postmortemDueDays, severestLevel, templateFor } from './level.ts';
import { prefillSections } from './prefill.ts';
import { loadRoomFacts } from './room.ts';
import { incidentKeyTimes } from '../response/index.ts';
import { addWorkingDays } from './workdays.ts';
import { inviteesOf, reviewInvitation } from './review-meeting.ts';
import { renderMarkdown } from './markdown.ts';
import { postmortems } from './tables.ts';
import {
  actionsOf,
  checkpointsOf,
  incidentFor,
  postmortemOfIncident,
  postmortemRow,
  postmortemView,
  templateOf,
  type IncidentRow,
  type PostmortemRow,
} from './store.ts';
import type { PostmortemConfig } from './config.ts';

/** The working calendar of `team` for instants around `from`. */
export function teamCalendar(config: PostmortemConfig, team: string | null, from: Date) {
  const cal = calendarOf(config, team) ?? UTC_CALENDAR;
  return { id: cal.id, calendar: buildCalendar(cal, from.getUTCFullYear()) };
}

/**
 * Opens the postmortem of incident `incidentId`. `auto` (the job after a mitigate or resolve) opens one only
 * for the configured levels and only once the incident is mitigated or resolved; by hand, any incident past
 * triggered may get one. Idempotent: an incident with a postmortem keeps it.
 * The owner defaults to the room's coordinator; the due time is `dueWorkingDays` of the level after the
 * incident was mitigated (or resolved), on the team's calendar; the review meeting is proposed
 * `reviewMeetingHours` after it. Reminders are queued for before and at the due time.
 * @returns the postmortem, or null when `auto` and none is needed
 * @throws AppError NOT_FOUND, FORBIDDEN; PRECONDITION_FAILED for a triggered or acknowledged incident
 */
export async function openPostmortem({
  ctx,
  input,
}: Verb<{ incidentId: number; auto: boolean }>): Promise<PostmortemView | null> {
  return ctx.tx.transaction(async (tx) => {
    const incident = await incidentFor(ctx, tx, input.incidentId, 'incident:respond');
    const existing = await postmortemOfIncident(tx, incident.id);
    if (existing) return postmortemView(ctx, tx, existing);
    const config = ctx.config.config.postmortem;
    const ended = ['mitigated', 'resolved', 'closed'].includes(incident.status);
    if (input.auto && (!ended || incident.risk || !needsPostmortem(config, incident.levels))) return null;
    if (!ended)
      throw new AppError(
        'PRECONDITION_FAILED',
        `incident ${incident.id} is ${incident.status}; a postmortem opens once it is mitigated or resolved`,
      );
    const now = ctx.clock.now();
    const from = incident.mitigatedAt ?? incident.resolvedAt ?? now;
    const level = severestLevel(incident.levels)?.key ?? null;
    const { id: calendarId, calendar } = teamCalendar(config, incident.team, from);
    const dueAt = addWorkingDays(calendar, from, postmortemDueDays(config, level));
    const room = await loadRoomFacts(tx, incident);
    const entries = await tx
      .select()
      .from(timelineTable)
      .where(eq(timelineTable.incidentId, incident.id))
      .orderBy(asc(timelineTable.id));
    const sections = prefillSections({ title: incident.title, facts: incident.facts, entries, room });
    const template = templateFor(config, level);
    const actor = input.auto ? 'system' : ctx.principal.name;
    const [row] = await tx
      .insert(postmortems)
      .values({
        incidentId: incident.id,
        status: 'draft',
        level,
        owner: room.coordinator,
        team: incident.team,
        sections,
        template: template.sections,
        templateSource: template.source,
        calendar: calendarId,
        dueAt,
        reviewMeetingAt: new Date(from.getTime() + config.reviewMeetingHours * HOUR_MS),
        openedBy: actor,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const pm = row!;
    await setPostmortemDue(tx, incident.id, dueAt);
    await addTimeline(tx, {
      incidentId: incident.id,
      at: now,
      kind: 'postmortem',
      actor,
      message: `postmortem #${pm.id} opened${pm.owner ? `, owned by ${pm.owner}` : ''}, due ${dueAt.toISOString()}`,
      data: { postmortemId: pm.id, dueAt: dueAt.toISOString(), calendar: calendarId },
    });
    const before = new Date(dueAt.getTime() - config.remindBeforeHours * HOUR_MS);
    await enqueueJob(
      tx,
      'postmortem.remind',
      { postmortemId: pm.id, stage: 'before' },
      before > now ? before : now,
      now,
    );
    await enqueueJob(tx, 'postmortem.remind', { postmortemId: pm.id, stage: 'overdue' }, dueAt, now);
    if (config.inviteToReview) {
      // Issue 10 item 2: the review meeting within 24 h, as an iCal invitation to the participants.
      const { text, invitees } = await invitationOf(ctx, tx, pm, incident);
      if (invitees.length > 0) {
        await enqueueJob(
          tx,
          'notify.mail',
          {
            to: invitees,
            subject: `Postmortem review: #${incident.id} ${shortReason(incident.title, 120)}`,
            text: `You are invited to review the postmortem of incident #${incident.id} at ${pm.reviewMeetingAt!.toISOString()}.\n${postmortemUrl(ctx, incident.id)}`,
            calendar: text,
          },
          now,
          now,
        );
        await addTimeline(tx, {
          incidentId: incident.id,
          at: now,
          kind: 'postmortem',
          actor,
          message: `review meeting invitation sent to ${invitees.join(', ')}`,
          data: { postmortemId: pm.id, invitees },
        });
      }
    }
    return postmortemView(ctx, tx, pm);
  });
}

/** The postmortem `id`, for a principal who may read its incident. */
export async function getPostmortem({ ctx, input }: Verb<{ id: number }>): Promise<PostmortemView> {
  const pm = await postmortemRow(ctx.tx, input.id);
  await incidentFor(ctx, ctx.tx, pm.incidentId, 'incident:read');
  return postmortemView(ctx, ctx.tx, pm);
}

/**
 * Edits a draft postmortem. Reviews are recorded as the caller (`changesReviewed: true` stores who). The
 * classification must be one of the configured classes.
 * @throws AppError VALIDATION naming the field; PRECONDITION_FAILED when published; NOT_FOUND, FORBIDDEN
 */
export async function updatePostmortem({
  ctx,
  input,
}: Verb<{ id: number; patch: PostmortemUpdate }>): Promise<PostmortemView> {
  return ctx.tx.transaction(async (tx) => {
    const pm = await postmortemRow(tx, input.id, true);
    await incidentFor(ctx, tx, pm.incidentId, 'incident:respond');
    if (pm.status === 'published') throw new AppError('PRECONDITION_FAILED', `postmortem ${pm.id} is published`);
    const p = input.patch;
    const classes = ctx.config.config.postmortem.classifications;
    if (p.classification && !classes.includes(p.classification))
      throw validationError([{ path: 'classification', message: `one of ${classes.join(', ')}` }]);
    const set: Partial<typeof postmortems.$inferInsert> = { updatedAt: ctx.clock.now() };
    if (p.owner !== undefined) set.owner = p.owner;
    if (p.team !== undefined) set.team = p.team;
    if (p.classification !== undefined) set.classification = p.classification;
    if (p.detectionSource !== undefined) set.detectionSource = p.detectionSource;
    if (p.clockExplanation !== undefined) set.clockExplanation = p.clockExplanation;
    if (p.changesReviewed !== undefined) set.changesReviewed = p.changesReviewed ? ctx.principal.name : null;
    if (p.monitoringReviewed !== undefined) set.monitoringReviewed = p.monitoringReviewed ? ctx.principal.name : null;
    if (p.sections) {
      // Issue 10 item 1: only the sections of the postmortem's template (chosen by its level) can be written.
      const template = templateOf(pm);
      const outside = Object.keys(p.sections).filter((k) => !(template as readonly string[]).includes(k));
      if (outside.length > 0)
        throw validationError(
          outside.map((k) => ({
            path: `sections.${k}`,
            message: `not a section of this postmortem's template (${pm.templateSource ?? 'default'}: ${template.join(', ')})`,
          })),
        );
      const before = PostmortemSections.parse(pm.sections);
      const next = PostmortemSections.parse({ ...before, ...p.sections });
      // A decline % or impact period changed by a person says so (unless the patch names a new source); one left
      // as it was keeps its source, also when the patch left the source out.
      if (p.sections.impact) {
        const by = `set by ${ctx.principal.name}`;
        const sourceOf = (changed: boolean, given: string | null, was: string | null) =>
          changed ? (given !== null && given !== was ? given : by) : (given ?? was);
        next.impact.declineSource = sourceOf(
          next.impact.declinePercent !== before.impact.declinePercent,
          next.impact.declineSource,
          before.impact.declineSource,
        );
        next.impact.periodsSource = sourceOf(
          next.impact.periods !== before.impact.periods,
          next.impact.periodsSource,
          before.impact.periodsSource,
        );
      }
      set.sections = next;
    }
    const [after] = await tx.update(postmortems).set(set).where(eq(postmortems.id, pm.id)).returning();
    return postmortemView(ctx, tx, after!);
  });
}

/**
 * Waives a checkpoint with a reason (a reviewer: `postmortem:review` on the incident's team). Audited and on
 * the incident's timeline.
 * @throws AppError VALIDATION (field `checkpoint`) for an unknown checkpoint; PRECONDITION_FAILED when published
 */
export async function waiveCheckpoint({
  ctx,
  input,
}: Verb<{ id: number; checkpoint: string; reason: string }>): Promise<PostmortemView> {
  return ctx.tx.transaction(async (tx) => {
    const pm = await postmortemRow(tx, input.id, true);
    await incidentFor(ctx, tx, pm.incidentId, 'postmortem:review');
    if (!(CHECKPOINTS as readonly string[]).includes(input.checkpoint))
      throw validationError([{ path: 'checkpoint', message: `one of ${CHECKPOINTS.join(', ')}` }]);
    if (pm.status === 'published') throw new AppError('PRECONDITION_FAILED', `postmortem ${pm.id} is published`);
    const now = ctx.clock.now();
    const waiver = {
      checkpoint: input.checkpoint,
      reason: input.reason,
      by: ctx.principal.name,
      at: now.toISOString(),
    };
    const waivers = [...pm.waivers.filter((w) => w.checkpoint !== input.checkpoint), waiver];
    const [after] = await tx
      .update(postmortems)
      .set({ waivers, updatedAt: now })
      .where(eq(postmortems.id, pm.id))
      .returning();
    await recordAudit(tx, {
      at: now,
      actor: ctx.principal.name,
      actorUserId: ctx.principal.userId,
      action: 'postmortem-checkpoint.waive',
      targetType: 'postmortem',
      targetId: pm.id,
      before: { waivers: pm.waivers },
      after: { waivers },
      requestId: ctx.requestId,
    });
    await addTimeline(tx, {
      incidentId: pm.incidentId,
      at: now,
      kind: 'postmortem',
      actor: ctx.principal.name,
      message: `checkpoint ${input.checkpoint} waived: ${input.reason}`,
      data: { postmortemId: pm.id, checkpoint: input.checkpoint },
    });
    return postmortemView(ctx, tx, after!);
  });
}

/**
 * Publishes a draft once every checkpoint passed or was waived.
 * @throws AppError PRECONDITION_FAILED naming the missing checkpoints (fields `checkpoints.<id>`)
 */
export async function publishPostmortem({ ctx, input }: Verb<{ id: number }>): Promise<PostmortemView> {
  return ctx.tx.transaction(async (tx) => {
    const pm = await postmortemRow(tx, input.id, true);
    const incident = await incidentFor(ctx, tx, pm.incidentId, 'incident:respond');
    if (pm.status === 'published') return postmortemView(ctx, tx, pm);
    const results = checkpointsOf(
      ctx.config,
      pm,
      incident,
      await actionsOf(tx, pm.id),
      await incidentKeyTimes(tx, incident.id),
    );
    if (!checkpointsClear(results)) {
      const missing = results.filter((r) => r.state === 'missing');
      throw new AppError(
        'PRECONDITION_FAILED',
        `postmortem ${pm.id} cannot be published: ${missing.map((m) => `${m.id} (${m.detail})`).join('; ')}`,
        missing.map((m) => ({ path: `checkpoints.${m.id}`, message: m.detail ?? 'missing' })),
      );
    }
    const now = ctx.clock.now();
    const [after] = await tx
      .update(postmortems)
      .set({ status: 'published', publishedAt: now, publishedBy: ctx.principal.name, updatedAt: now })
      .where(and(eq(postmortems.id, pm.id)))
      .returning();
    await setPostmortemDue(tx, pm.incidentId, null);
    await addTimeline(tx, {
      incidentId: pm.incidentId,
      at: now,
      kind: 'postmortem',
      actor: ctx.principal.name,
      message: `postmortem #${pm.id} published`,
      data: { postmortemId: pm.id },
    });
    const view = await postmortemView(ctx, tx, after!);
    // Issue 10 item 3: publishing sends the report to the configured audience, rendered, with a link.
    const audience = ctx.config.config.postmortem.publishTo;
    if (audience.length > 0) {
      await enqueueJob(
        tx,
        'notify.mail',
        {
          to: audience,
          subject: `Postmortem published: #${incident.id} ${shortReason(incident.title, 120)}`,
          text: `${postmortemUrl(ctx, incident.id)}\n\n${renderMarkdown(view)}`,
        },
        now,
        now,
      );
      await addTimeline(tx, {
        incidentId: pm.incidentId,
        at: now,
        kind: 'postmortem',
        actor: ctx.principal.name,
        message: `postmortem #${pm.id} sent to ${audience.join(', ')}`,
        data: { postmortemId: pm.id, audience },
      });
    }
    return view;
  });
}

/**
 * Closes a resolved incident (DESIGN §6: closed only when the postmortem is done or waived). An incident
 * with a postmortem closes once its checkpoints pass or are waived; one that needs a postmortem by its level
 * but has none cannot close; one that needs none closes.
 * @throws AppError PRECONDITION_FAILED naming what is missing; NOT_FOUND, FORBIDDEN
 */
export async function closeIncident({
  ctx,
  input,
}: Verb<{ incidentId: number; waiver?: string | undefined }>): Promise<{ closed: boolean }> {
  return ctx.tx.transaction(async (tx) => {
    const incident = await incidentFor(ctx, tx, input.incidentId, 'incident:respond');
    const pm = await postmortemOfIncident(tx, incident.id);
    if (input.waiver !== undefined) {
      // DESIGN §6: closed only when the postmortem is done or waived; the waiver and who gave it are on the timeline.
      const closed = await closeResolvedIncident(tx, {
        id: incident.id,
        actor: ctx.principal.name,
        reason: `postmortem waived: ${input.waiver}`,
        now: ctx.clock.now(),
      });
      if (closed) await archiveWarRoom(tx, ctx.config.config, incident.id, ctx.clock.now());
      return { closed };
    }
    if (!pm && needsPostmortem(ctx.config.config.postmortem, incident.levels) && !incident.risk)
      throw new AppError('PRECONDITION_FAILED', `incident ${incident.id} needs a postmortem before it can be closed`);
    if (pm) {
      const results = checkpointsOf(
        ctx.config,
        pm,
        incident,
        await actionsOf(tx, pm.id),
        await incidentKeyTimes(tx, incident.id),
      );
      const missing = results.filter((r) => r.state === 'missing');
      if (missing.length > 0)
        throw new AppError(
          'PRECONDITION_FAILED',
          `incident ${incident.id} cannot be closed: postmortem checkpoints missing: ${missing.map((m) => m.id).join(', ')}`,
          missing.map((m) => ({ path: `checkpoints.${m.id}`, message: m.detail ?? 'missing' })),
        );
    }
    const closed = await closeResolvedIncident(tx, {
      id: incident.id,
      actor: ctx.principal.name,
      reason: pm ? `postmortem #${pm.id} checkpoints passed` : 'no postmortem needed at its level',
      now: ctx.clock.now(),
    });
    if (closed) await archiveWarRoom(tx, ctx.config.config, incident.id, ctx.clock.now());
    return { closed };
  });
}

/** The review meeting's participants: handler, coordinator, owner and the owner's lead (the team's managers). */
async function reviewParticipants(ctx: Ctx, db: Db, pm: PostmortemRow, incident: IncidentRow) {
  const room = await loadRoomFacts(db, incident);
  const team = ctx.config.config.teams.find((t) => t.id === pm.team);
  const leads = (team?.members ?? []).filter((m) => m.role === 'manager').map((m) => m.email);
  return [room.handler, room.coordinator, pm.owner, ...leads];
}

/** The console's page of a postmortem (the link in its emails and invitation). */
const postmortemUrl = (ctx: Ctx, incidentId: number) =>
  `${ctx.rt.publicUrl.replace(/\/$/, '')}/incidents/${incidentId}/postmortem`;

/** The review meeting of `pm` as iCalendar text, and who it invites (email addresses). */
async function invitationOf(ctx: Ctx, db: Db, pm: PostmortemRow, incident: IncidentRow) {
  const attendees = await reviewParticipants(ctx, db, pm, incident);
  const text = reviewInvitation({
    postmortemId: pm.id,
    incidentId: pm.incidentId,
    title: incident.title,
    start: pm.reviewMeetingAt!,
    minutes: 60,
    attendees,
    url: postmortemUrl(ctx, pm.incidentId),
    now: ctx.clock.now(),
  });
  return { text, invitees: inviteesOf(attendees) };
}

/**
 * The review meeting's invitation as iCalendar text: the handler, the coordinator, the owner and the owner's
 * lead (the managers of the postmortem's team in the config) are invited, one hour long, at the proposed time.
 * @throws AppError NOT_FOUND, FORBIDDEN; PRECONDITION_FAILED when no meeting time is set
 */
export async function reviewMeetingInvitation({ ctx, input }: Verb<{ id: number }>): Promise<string> {
  const pm = await postmortemRow(ctx.tx, input.id);
  const incident = await incidentFor(ctx, ctx.tx, pm.incidentId, 'incident:read');
  if (!pm.reviewMeetingAt) throw new AppError('PRECONDITION_FAILED', `postmortem ${pm.id} has no review meeting`);
  return (await invitationOf(ctx, ctx.tx, pm, incident)).text;
}
