/**
 * SQL the postmortem verbs share (no permission checks), and the API views of rows.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { ActionView, PostmortemSectionId, PostmortemView } from '@faultline/contracts';
import { POSTMORTEM_SECTION_IDS, PostmortemSections } from '@faultline/contracts';
import type { Db } from '../db/index.ts';
import { incidents } from '../incident/index.ts';
import { AppError } from '../lib/index.ts';
import { can, type Ctx, type LoadedConfig } from '../kernel/index.ts';
import {
  clockTargets,
  incidentKeyTimes,
  readClock,
  responsePolicy,
  ResponseConfig,
  type Milestones,
} from '../response/index.ts';
import { postmortemActions, postmortems } from './tables.ts';
import { evaluateCheckpoints, type CheckpointResult } from './checkpoints.ts';
import { isActionOverdue, type ActionState } from './action-state.ts';

export type PostmortemRow = typeof postmortems.$inferSelect;
export type ActionRow = typeof postmortemActions.$inferSelect;
export type IncidentRow = typeof incidents.$inferSelect;

/**
 * The incident `id` after checking the principal may do `permission` on its team (a viewer of nothing gets
 * NOT_FOUND, one who may see but not act gets FORBIDDEN).
 * @throws AppError NOT_FOUND, FORBIDDEN
 */
export async function incidentFor(
  ctx: Ctx,
  db: Db,
  id: number,
  permission: 'incident:read' | 'incident:respond' | 'postmortem:review',
): Promise<IncidentRow> {
  const [row] = await db.select().from(incidents).where(eq(incidents.id, id)).limit(1);
  if (!row || !can(ctx.principal, 'incident:read', row.team))
    throw new AppError('NOT_FOUND', `incident ${id} does not exist`);
  if (!can(ctx.principal, permission, row.team))
    throw new AppError(
      'FORBIDDEN',
      `${ctx.principal.name} (${ctx.principal.role}) may not ${permission.replace(':', ' ')} on incident ${id}`,
    );
  return row;
}

/** The postmortem `id`, or NOT_FOUND; `lock` takes a row lock for an update. */
export async function postmortemRow(db: Db, id: number, lock = false): Promise<PostmortemRow> {
  const q = db.select().from(postmortems).where(eq(postmortems.id, id)).limit(1);
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new AppError('NOT_FOUND', `postmortem ${id} does not exist`);
  return row;
}

/** The postmortem of incident `incidentId`, or undefined. */
export async function postmortemOfIncident(db: Db, incidentId: number): Promise<PostmortemRow | undefined> {
  const [row] = await db.select().from(postmortems).where(eq(postmortems.incidentId, incidentId)).limit(1);
  return row;
}

/** The actions of postmortem `id`, oldest first. */
export async function actionsOf(db: Db, postmortemId: number): Promise<ActionRow[]> {
  return db
    .select()
    .from(postmortemActions)
    .where(and(eq(postmortemActions.postmortemId, postmortemId)))
    .orderBy(asc(postmortemActions.id));
}

/**
 * Whether the incident met its 1-5-10 targets (null: not measurable), read on the room's key times (so a tagged
 * "cause located" ends the locate stage, and corrected times count), at the incident's end.
 * @param milestones the incident's key times as the room shows them (`incidentKeyTimes`)
 */
export function clockMet(config: LoadedConfig, incident: IncidentRow, milestones: Milestones): boolean | null {
  const raw = (config.config as unknown as Record<string, unknown>).response ?? {};
  const policy = responsePolicy(ResponseConfig.parse(raw), incident.levels);
  const end =
    milestones.resolved_at ??
    milestones.mitigated_at ??
    incident.resolvedAt ??
    incident.mitigatedAt ??
    incident.updatedAt;
  const reading = readClock({ milestones, targets: clockTargets(policy) }, end);
  const judged = reading.stages.filter((s) => s.state === 'met' || s.state === 'breached');
  if (judged.length === 0) return null;
  return judged.every((s) => s.state === 'met');
}

/** The checkpoints of a postmortem with its actions, and its incident's key times as the room shows them. */
export function checkpointsOf(
  config: LoadedConfig,
  pm: PostmortemRow,
  incident: IncidentRow,
  actions: ActionRow[],
  milestones: Milestones,
): CheckpointResult[] {
  return evaluateCheckpoints({
    classification: pm.classification,
    changesReviewedBy: pm.changesReviewed,
    monitoringReviewedBy: pm.monitoringReviewed,
    owner: pm.owner,
    team: pm.team,
    clockMet: clockMet(config, incident, milestones),
    clockExplanation: pm.clockExplanation,
    actions: actions.map((a) => ({ owner: a.owner, dueAt: a.dueAt, acceptanceCriteria: a.acceptanceCriteria })),
    waived: pm.waivers,
  });
}

/** An action as the API shows it (`overdue` at `now`). */
export function actionView(a: ActionRow, now: Date): ActionView {
  return {
    id: a.id,
    postmortemId: a.postmortemId,
    incidentId: a.incidentId,
    title: a.title,
    owner: a.owner,
    team: a.team,
    acceptanceCriteria: a.acceptanceCriteria,
    dueAt: a.dueAt.toISOString(),
    priority: a.priority as ActionView['priority'],
    type: a.type as ActionView['type'],
    verifier: a.verifier,
    tracker: a.tracker,
    state: a.state as ActionState,
    rejectReason: a.rejectReason,
    check: (a.check as ActionView['check']) ?? null,
    lastCheck: a.lastCheck ?? null,
    overdue: isActionOverdue({ state: a.state as ActionState, dueAt: a.dueAt }, now),
    createdAt: a.createdAt.toISOString(),
    doneAt: a.doneAt?.toISOString() ?? null,
    verifiedAt: a.verifiedAt?.toISOString() ?? null,
    sync: a.syncTracker
      ? {
          tracker: a.syncTracker,
          ref: a.syncRef,
          url: a.syncUrl,
          state: (a.syncState as 'open' | 'closed' | null) ?? null,
          error: a.syncError,
        }
      : null,
  };
}

/** The template of a postmortem row: the sections it was opened with (a row from before templates: all of them). */
export function templateOf(pm: PostmortemRow): PostmortemSectionId[] {
  const known = POSTMORTEM_SECTION_IDS as readonly string[];
  const kept = (pm.template ?? []).filter((id): id is PostmortemSectionId => known.includes(id));
  return kept.length > 0 ? kept : [...POSTMORTEM_SECTION_IDS];
}

/** A postmortem as the API shows it. */
export async function postmortemView(ctx: Ctx, db: Db, pm: PostmortemRow): Promise<PostmortemView> {
  const [incident] = await db.select().from(incidents).where(eq(incidents.id, pm.incidentId)).limit(1);
  const actions = await actionsOf(db, pm.id);
  const now = ctx.clock.now();
  return {
    id: pm.id,
    incidentId: pm.incidentId,
    incidentTitle: incident!.title,
    incidentStatus: incident!.status,
    status: pm.status as PostmortemView['status'],
    level: pm.level,
    owner: pm.owner,
    team: pm.team,
    classification: pm.classification,
    detectionSource: pm.detectionSource as PostmortemView['detectionSource'],
    changesReviewedBy: pm.changesReviewed,
    monitoringReviewedBy: pm.monitoringReviewed,
    clockExplanation: pm.clockExplanation,
    sections: PostmortemSections.parse(pm.sections),
    template: templateOf(pm),
    templateSource: pm.templateSource ?? 'default',
    calendar: pm.calendar,
    dueAt: pm.dueAt.toISOString(),
    overdue: pm.status !== 'published' && now.getTime() >= pm.dueAt.getTime(),
    reviewMeetingAt: pm.reviewMeetingAt?.toISOString() ?? null,
    openedBy: pm.openedBy,
    createdAt: pm.createdAt.toISOString(),
    publishedAt: pm.publishedAt?.toISOString() ?? null,
    publishedBy: pm.publishedBy,
    checkpoints: checkpointsOf(ctx.config, pm, incident!, actions, await incidentKeyTimes(db, pm.incidentId)),
    actions: actions.map((a) => actionView(a, now)),
    classifications: ctx.config.config.postmortem.classifications,
    trackers: ctx.config.config.postmortem.trackers.map((t) => t.id),
  };
}
