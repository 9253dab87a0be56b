/**
 * Recovery steps on an incident (issue 9 point 3; docs/recovery.md): the matching playbooks with each step's
 * state, and the verbs run (or retry), approve and skip. An automated step runs through the
 * `recovery.execute` job once its approvals are in; a step without automation is done by hand. Every act
 * is a `recovery_step` timeline entry; the first executed step sets recovery_started_at.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { IncidentPlaybooks, RecoveryNudge as NudgeView, RecoveryStepView } from '@faultline/contracts';
import { addTimeline, alerts, authorizeIncident, incidents } from '../incident/index.ts';
import { incidentRoles, personOf, putKeyTimeIfAbsent } from '../response/index.ts';
import { suspectChanges } from '../changes/index.ts';
import { enqueueJob } from '../engine/index.ts';
import type { Db } from '../db/index.ts';
import { actorOfCtx, withTx, type Ctx, type Verb } from '../kernel/index.ts';
import { auditBy, recordAudit } from '../audit/index.ts';
import { changes } from '../changes/index.ts';
import { AppError } from '../lib/index.ts';
import { CHANGE_ROLLBACK_PLAYBOOK, type PlaybookConfig, type PlaybookStepConfig } from './config.ts';
import {
  approvalCapacity,
  approvalRefusal,
  approvalsNeeded,
  changeRollbackPlaybook,
  configuredApprovers,
  describeApprovers,
  matchPlaybooks,
  stepTargets,
  type ApprovalAuthority,
  type Approver,
  type MatchIncident,
  type RollbackChange,
} from './rules.ts';
import { recoverySteps } from './tables.ts';
import { latestNudge } from './nudge.ts';

type StepRow = typeof recoverySteps.$inferSelect;
type ChangeRef = NonNullable<RecoveryStepView['change']>;

/**
 * The change a rollback step rolls back: the suspect labelled `caused` (the earliest such), else the top-ranked
 * suspect with a positive score; null when there is none. "If a change triggered it, roll it back" (seed 001).
 */
async function rollbackCandidate(ctx: Ctx, incidentId: number): Promise<Candidate | null> {
  const { suspects } = await suspectChanges({ ctx, input: { incidentId } });
  const caused = suspects.filter((s) => s.verdict?.verdict === 'caused');
  const pick = caused.at(-1) ?? suspects.find((s) => s.score > 0 && s.verdict?.verdict !== 'dismissed');
  if (!pick) return null;
  const c = pick.change;
  return {
    ref: { id: c.id, kind: c.kind, summary: c.summary, services: c.services, startedAt: c.startedAt },
    source: c.source,
    sourceKey: c.sourceKey,
  };
}

/** A rollback candidate: the change as a step shows it, and where it came from (for `changeRollbacks`). */
interface Candidate {
  ref: ChangeRef;
  source: string;
  sourceKey: string | null;
}

const rollbackChange = (c: Candidate | null): RollbackChange | null =>
  c
    ? { id: c.ref.id, summary: c.ref.summary, source: c.source, sourceKey: c.sourceKey, services: c.ref.services }
    : null;

/** A stored change as a rollback candidate. */
async function candidateOf(db: Db, id: number): Promise<Candidate | null> {
  const [c] = await db.select().from(changes).where(eq(changes.id, id)).limit(1);
  return c
    ? {
        ref: { id: c.id, kind: c.kind, summary: c.summary, services: c.services, startedAt: c.startedAt.toISOString() },
        source: c.source,
        sourceKey: c.sourceKey,
      }
    : null;
}

/**
 * The "roll back the change" playbook of the incident, if a `changeRollbacks` entry fits its change: the
 * change of an existing step run (fixed when it was asked for), else the current rollback candidate.
 */
async function changeRollbackOf(
  db: Db,
  ctx: Ctx,
  incidentId: number,
  candidate: () => Promise<Candidate | null>,
): Promise<{ p: PlaybookConfig; change: Candidate } | null> {
  const entries = ctx.config.config.changeRollbacks;
  if (entries.length === 0) return null;
  const [row] = await db
    .select({ changeId: recoverySteps.changeId })
    .from(recoverySteps)
    .where(and(eq(recoverySteps.incidentId, incidentId), eq(recoverySteps.playbookId, CHANGE_ROLLBACK_PLAYBOOK)))
    .limit(1);
  const change = row ? (row.changeId === null ? null : await candidateOf(db, row.changeId)) : await candidate();
  const p = changeRollbackPlaybook(entries, rollbackChange(change));
  return p && change ? { p, change } : null;
}

interface IncidentFacts extends MatchIncident {
  title: string;
  team: string | null;
}

async function incidentFacts(db: Db, ctx: Ctx, id: number): Promise<IncidentFacts> {
  const [row] = await db
    .select({ service: incidents.service, levels: incidents.levels, title: incidents.title, team: incidents.team })
    .from(incidents)
    .where(eq(incidents.id, id))
    .limit(1);
  if (!row) throw new AppError('NOT_FOUND', `incident ${id} does not exist`);
  const labels: Record<string, string[]> = {};
  for (const a of await db.select({ labels: alerts.labels }).from(alerts).where(eq(alerts.incidentId, id)).limit(1000))
    for (const [k, v] of Object.entries(a.labels)) if (!(labels[k] ??= []).includes(v)) labels[k].push(v);
  const module = row.service ? (ctx.config.catalog.service(row.service)?.module ?? null) : null;
  return { service: row.service, module, levels: row.levels, labels, title: row.title, team: row.team };
}

/**
 * Who may approve `step` on the incident: its coordinator now, and the step's (else the playbook's) approvers
 * with `leadership` resolved to the business line's leadership of the incident's service.
 */
async function authorityOf(
  db: Db,
  ctx: Ctx,
  incidentId: number,
  facts: IncidentFacts,
  p: PlaybookConfig,
  step: PlaybookStepConfig,
  coordinator?: string | null,
): Promise<ApprovalAuthority> {
  const holder =
    coordinator !== undefined ? coordinator : (await incidentRoles(db, incidentId)).slots.coordinator.holder;
  const catalog = ctx.config.catalog;
  const line = facts.service ? catalog.businessLine(catalog.service(facts.service)?.businessLine ?? '') : undefined;
  const approvers = configuredApprovers(p, step).flatMap((a) =>
    a === 'leadership' ? (line?.leadership ?? []).map((l) => l.toLowerCase()) : [a],
  );
  return { coordinator: holder?.toLowerCase() ?? null, approvers: [...new Set(approvers)] };
}

/**
 * The "roll back the change" playbook the incident offers now (`changeRollbacks`), or null. For the nudge.
 */
export async function changeRollbackOffer(db: Db, ctx: Ctx, incidentId: number): Promise<PlaybookConfig | null> {
  return (await changeRollbackOf(db, ctx, incidentId, () => rollbackCandidate(withTx(ctx, db), incidentId)))?.p ?? null;
}

/** The playbooks that match the incident now, in config order. @throws AppError NOT_FOUND */
export async function matchingPlaybooks(db: Db, ctx: Ctx, incidentId: number): Promise<PlaybookConfig[]> {
  return matchPlaybooks(ctx.config.config.playbooks, await incidentFacts(db, ctx, incidentId));
}

function targetsOf(ctx: Ctx, step: PlaybookStepConfig, service: string | null): string[] {
  const catalog = ctx.config.catalog;
  return stepTargets(
    step.target,
    service,
    (s) => catalog.service(s)?.dependsOn ?? [],
    catalog.services().map((s) => s.id),
  );
}

function view(
  ctx: Ctx,
  p: PlaybookConfig,
  step: PlaybookStepConfig,
  facts: IncidentFacts,
  row: StepRow | undefined,
  candidate: ChangeRef | null,
  changeOf: (id: number) => ChangeRef | null,
  authority: ApprovalAuthority,
  viewer: Approver,
): RecoveryStepView {
  const status = (row?.status ?? 'not_started') as RecoveryStepView['status'];
  const approvals = row?.approvals ?? [];
  return {
    playbookId: p.id,
    stepId: step.id,
    method: step.method,
    guidance: step.guidance,
    targets: row?.targets ?? targetsOf(ctx, step, facts.service),
    automated: step.automation !== undefined,
    approvalsNeeded: row?.approvalsNeeded ?? approvalsNeeded(step, facts.levels),
    status,
    requestedBy: row?.requestedBy ?? null,
    approvals,
    approvers: describeApprovers(authority),
    canApprove:
      status === 'awaiting_approval' &&
      row !== undefined &&
      approvalRefusal(viewer, row.requestedBy, approvals, authority) === null,
    skipReason: row?.skipReason ?? null,
    attempts: row?.attempts ?? 0,
    lastAnswer: row?.lastAnswer ?? null,
    lastError: row?.lastError ?? null,
    startedAt: row?.startedAt?.toISOString() ?? null,
    finishedAt: row?.finishedAt?.toISOString() ?? null,
    change: row
      ? row.changeId === null
        ? null
        : changeOf(row.changeId)
      : step.method === 'rollback'
        ? candidate
        : null,
  };
}

/**
 * The playbooks that match the incident, each step with its state; and recovery_started_at (needs
 * `incident:read`). Steps already acted on stay listed even if the playbook no longer matches.
 * @throws AppError NOT_FOUND
 */
export async function incidentPlaybooks({ ctx, input }: Verb<{ incidentId: number }>): Promise<IncidentPlaybooks> {
  await authorizeIncident(ctx.tx, ctx.principal, input.incidentId, 'incident:read');
  const facts = await incidentFacts(ctx.tx, ctx, input.incidentId);
  const rows = await ctx.tx
    .select()
    .from(recoverySteps)
    .where(eq(recoverySteps.incidentId, input.incidentId))
    .orderBy(asc(recoverySteps.id));
  const byKey = new Map(rows.map((r) => [`${r.playbookId}/${r.stepId}`, r] as const));
  const all = ctx.config.config.playbooks;
  const shown = new Set(matchPlaybooks(all, facts).map((p) => p.id));
  for (const r of rows) shown.add(r.playbookId);
  const listed = all.filter((p) => shown.has(p.id));
  const hasRollback = listed.some((p) => p.steps.some((s) => s.method === 'rollback'));
  const wanted = hasRollback || ctx.config.config.changeRollbacks.length > 0;
  const found = wanted ? await rollbackCandidate(ctx, input.incidentId) : null;
  const offer = await changeRollbackOf(ctx.tx, ctx, input.incidentId, () => Promise.resolve(found));
  if (offer) listed.push(offer.p);
  const candidate = found?.ref ?? null;
  const known = new Map<number, ChangeRef>();
  if (candidate) known.set(candidate.id, candidate);
  if (offer) known.set(offer.change.ref.id, offer.change.ref);
  for (const r of rows)
    if (r.changeId !== null && !known.has(r.changeId)) {
      const c = await changeRef(ctx.tx, r.changeId);
      if (c) known.set(c.id, c);
    }
  const coordinator = (await incidentRoles(ctx.tx, input.incidentId)).slots.coordinator.holder;
  const viewer = personOf(ctx, facts.team);
  const playbooks = [];
  for (const p of listed) {
    const steps = [];
    for (const s of p.steps) {
      const authority = await authorityOf(ctx.tx, ctx, input.incidentId, facts, p, s, coordinator);
      const row = byKey.get(`${p.id}/${s.id}`);
      const own = offer && p.id === CHANGE_ROLLBACK_PLAYBOOK ? offer.change.ref : candidate;
      const v = view(ctx, p, s, facts, row, own, (id) => known.get(id) ?? null, authority, viewer);
      steps.push(offer && p.id === CHANGE_ROLLBACK_PLAYBOOK && !row ? { ...v, targets: [...own!.services] } : v);
    }
    playbooks.push({ id: p.id, name: p.name ?? p.id, steps });
  }
  const started = rows.flatMap((r) => (r.startedAt ? [r.startedAt.getTime()] : []));
  const nudge = await latestNudge(ctx.tx, input.incidentId);
  return {
    incidentId: input.incidentId,
    recoveryStartedAt: started.length ? new Date(Math.min(...started)).toISOString() : null,
    nudge: nudge
      ? {
          at: nudge.at.toISOString(),
          message: nudge.message,
          dueAt: String(nudge.data.dueAt),
          change: (nudge.data.change ?? null) as NudgeView['change'],
          step: (nudge.data.step ?? null) as NudgeView['step'],
        }
      : null,
    playbooks,
  };
}

/**
 * A configured playbook's step, or the step of the "roll back the change" offer (with its change).
 * @throws AppError NOT_FOUND
 */
async function findStep(
  tx: Db,
  ctx: Ctx,
  incidentId: number,
  playbookId: string,
  stepId: string,
): Promise<{ p: PlaybookConfig; step: PlaybookStepConfig; change?: Candidate }> {
  if (playbookId === CHANGE_ROLLBACK_PLAYBOOK) {
    const offer = await changeRollbackOf(tx, ctx, incidentId, () => rollbackCandidate(withTx(ctx, tx), incidentId));
    const step = offer?.p.steps.find((s) => s.id === stepId);
    if (offer && step) return { p: offer.p, step, change: offer.change };
  }
  const p = ctx.config.config.playbooks.find((x) => x.id === playbookId);
  const step = p?.steps.find((s) => s.id === stepId);
  if (!p || !step) throw new AppError('NOT_FOUND', `playbook ${playbookId} has no step ${stepId}`);
  return { p, step };
}

async function lockRow(db: Db, incidentId: number, playbookId: string, stepId: string): Promise<StepRow | null> {
  const [row] = await db
    .select()
    .from(recoverySteps)
    .where(
      and(
        eq(recoverySteps.incidentId, incidentId),
        eq(recoverySteps.playbookId, playbookId),
        eq(recoverySteps.stepId, stepId),
      ),
    )
    .for('update')
    .limit(1);
  return row ?? null;
}

/** Whether anything executed on the incident before (for the recovery_started_at timeline note). */
async function anyStarted(db: Db, incidentId: number): Promise<boolean> {
  const rows = await db
    .select({ startedAt: recoverySteps.startedAt })
    .from(recoverySteps)
    .where(eq(recoverySteps.incidentId, incidentId));
  return rows.some((r) => r.startedAt !== null);
}

/** Queues the automation (or, by hand, marks it done); the first execution notes recovery_started_at. */
async function execute(tx: Db, ctx: Ctx, row: StepRow, step: PlaybookStepConfig, what: string): Promise<void> {
  const now = ctx.clock.now();
  const first = !(await anyStarted(tx, row.incidentId));
  const startedAt = row.startedAt ?? now;
  if (step.automation) {
    await tx
      .update(recoverySteps)
      .set({ status: 'queued', startedAt, lastError: null })
      .where(eq(recoverySteps.id, row.id));
    await enqueueJob(tx, 'recovery.execute', { stepRunId: row.id }, now, now);
  } else {
    await tx
      .update(recoverySteps)
      .set({ status: 'done', startedAt, finishedAt: now })
      .where(eq(recoverySteps.id, row.id));
  }
  const milestone = first && row.startedAt === null;
  if (milestone)
    await putKeyTimeIfAbsent(tx, { incidentId: row.incidentId, code: 'recovery_started_at', at: now, now });
  await addTimeline(tx, {
    incidentId: row.incidentId,
    at: now,
    kind: 'recovery_step',
    actor: ctx.principal.name,
    message:
      (step.automation ? `${what}: automation queued` : `${what}: done by hand`) +
      (milestone ? `; recovery_started_at set to ${now.toISOString()}` : ''),
    data: {
      playbookId: row.playbookId,
      stepId: row.stepId,
      event: step.automation ? 'queued' : 'done',
      ...(milestone ? { milestone: 'recovery_started_at', at: now.toISOString() } : {}),
    },
  });
}

/** A stored change as a step shows it. */
async function changeRef(db: Db, id: number): Promise<ChangeRef | null> {
  const [c] = await db.select().from(changes).where(eq(changes.id, id)).limit(1);
  return c
    ? { id: c.id, kind: c.kind, summary: c.summary, services: c.services, startedAt: c.startedAt.toISOString() }
    : null;
}

/**
 * The audit row of a person's act on a step (`recovery-step.run|retry|approve|skip`, target
 * `<incident>/<playbook>/<step>`), in the transaction of the act; the timeline has the same story for the room.
 */
async function auditStep(
  tx: Db,
  ctx: Ctx,
  verb: 'run' | 'retry' | 'approve' | 'skip',
  row: { incidentId: number; playbookId: string; stepId: string },
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
): Promise<void> {
  await recordAudit(tx, {
    ...auditBy(actorOfCtx(ctx)),
    action: `recovery-step.${verb}`,
    targetType: 'recovery-step',
    targetId: `${row.incidentId}/${row.playbookId}/${row.stepId}`,
    before,
    after,
  });
}

const describeStep = (p: PlaybookConfig, step: PlaybookStepConfig, targets: readonly string[]) =>
  `${p.name ?? p.id} · ${step.id} (${step.method}${targets.length ? ` ${targets.join(', ')}` : ''})`;

/**
 * Asks to run a step (or to retry a failed one): with its approvals in, it executes at once; otherwise it
 * waits for them. Needs `incident:respond`. A failed automation is retried only this way, by a person.
 * @throws AppError NOT_FOUND, CONFLICT when the step is running, done, skipped, or already waiting
 */
export async function runStep({
  ctx,
  input,
}: Verb<{ incidentId: number; playbookId: string; stepId: string }>): Promise<IncidentPlaybooks> {
  await ctx.tx.transaction(async (tx) => {
    await authorizeIncident(tx, ctx.principal, input.incidentId, 'incident:respond');
    const { p, step, change: offered } = await findStep(tx, ctx, input.incidentId, input.playbookId, input.stepId);
    const facts = await incidentFacts(tx, ctx, input.incidentId);
    let row = await lockRow(tx, input.incidentId, p.id, step.id);
    const now = ctx.clock.now();
    if (row && row.status !== 'failed')
      throw new AppError(
        'CONFLICT',
        `step ${step.id} is ${row.status.replace('_', ' ')}; only a failed step runs again`,
      );
    if (!row) {
      const needed = approvalsNeeded(step, facts.levels);
      const change =
        offered?.ref ??
        (step.method === 'rollback'
          ? ((await rollbackCandidate(withTx(ctx, tx), input.incidentId))?.ref ?? null)
          : null);
      const [inserted] = await tx
        .insert(recoverySteps)
        .values({
          incidentId: input.incidentId,
          playbookId: p.id,
          stepId: step.id,
          method: step.method,
          targets: offered ? [...offered.ref.services] : targetsOf(ctx, step, facts.service),
          status: needed > 0 ? 'awaiting_approval' : 'queued',
          requestedBy: ctx.principal.name,
          requestedAt: now,
          approvalsNeeded: needed,
          changeId: change?.id ?? null,
        })
        .returning();
      row = inserted!;
      await auditStep(tx, ctx, 'run', row, null, {
        status: row.status,
        approvalsNeeded: needed,
        targets: row.targets,
        changeId: row.changeId,
      });
      const what = describeStep(p, step, row.targets);
      if (needed > 0) {
        await addTimeline(tx, {
          incidentId: input.incidentId,
          at: now,
          kind: 'recovery_step',
          actor: ctx.principal.name,
          message: `${what}: asked to run; waits for ${needed} approval${needed > 1 ? 's' : ''}`,
          data: { playbookId: p.id, stepId: step.id, event: 'requested', approvalsNeeded: needed },
        });
        return;
      }
      await execute(tx, ctx, row, step, what);
      return;
    }
    await auditStep(tx, ctx, 'retry', row, { status: row.status, lastError: row.lastError }, { status: 'queued' });
    await execute(tx, ctx, row, step, `${describeStep(p, step, row.targets)}: retry by ${ctx.principal.name}`);
  });
  ctx.rt.bus.publish({ type: 'incident.updated', incidentId: input.incidentId });
  return incidentPlaybooks({ ctx, input: { incidentId: input.incidentId } });
}

const CAPACITY = {
  coordinator: 'coordinator',
  approver: 'listed approver',
  override: 'team manager or admin',
} as const;

/**
 * Approves a waiting step; the last approval needed executes it. Needs `incident:respond`; only the
 * incident's coordinator, a listed approver, a manager of the incident's team or an admin approves; the
 * requester cannot approve, and nobody twice.
 * @throws AppError NOT_FOUND, CONFLICT (not waiting), FORBIDDEN (the requester, or a second approval)
 */
export async function approveStep({
  ctx,
  input,
}: Verb<{ incidentId: number; playbookId: string; stepId: string }>): Promise<IncidentPlaybooks> {
  await ctx.tx.transaction(async (tx) => {
    await authorizeIncident(tx, ctx.principal, input.incidentId, 'incident:respond');
    const { p, step } = await findStep(tx, ctx, input.incidentId, input.playbookId, input.stepId);
    const row = await lockRow(tx, input.incidentId, p.id, step.id);
    if (!row || row.status !== 'awaiting_approval')
      throw new AppError('CONFLICT', `step ${step.id} is not waiting for approval`);
    const facts = await incidentFacts(tx, ctx, input.incidentId);
    const authority = await authorityOf(tx, ctx, input.incidentId, facts, p, step);
    const who = personOf(ctx, facts.team);
    const refusal = approvalRefusal(who, row.requestedBy, row.approvals, authority);
    if (refusal) throw new AppError('FORBIDDEN', refusal, [{ path: 'approver', message: refusal }]);
    const capacity = approvalCapacity(who, authority)!;
    const now = ctx.clock.now();
    const approvals = [...row.approvals, { by: who.id, at: now.toISOString(), as: capacity }];
    await tx.update(recoverySteps).set({ approvals }).where(eq(recoverySteps.id, row.id));
    await auditStep(tx, ctx, 'approve', row, { approvals: row.approvals }, { approvals });
    const what = describeStep(p, step, row.targets);
    await addTimeline(tx, {
      incidentId: input.incidentId,
      at: now,
      kind: 'recovery_step',
      actor: ctx.principal.name,
      message: `${what}: approved by ${who.id} as ${CAPACITY[capacity]} (${approvals.length} of ${row.approvalsNeeded})`,
      data: { playbookId: p.id, stepId: step.id, event: 'approved', approvals: approvals.length, as: capacity },
    });
    if (approvals.length >= row.approvalsNeeded) await execute(tx, ctx, { ...row, approvals }, step, what);
  });
  ctx.rt.bus.publish({ type: 'incident.updated', incidentId: input.incidentId });
  return incidentPlaybooks({ ctx, input: { incidentId: input.incidentId } });
}

/**
 * Skips a step with a reason (a step not begun, waiting, or failed). Needs `incident:respond`.
 * @throws AppError NOT_FOUND, CONFLICT when it is queued, running, done or already skipped
 */
export async function skipStep({
  ctx,
  input,
}: Verb<{ incidentId: number; playbookId: string; stepId: string; reason: string }>): Promise<IncidentPlaybooks> {
  await ctx.tx.transaction(async (tx) => {
    await authorizeIncident(tx, ctx.principal, input.incidentId, 'incident:respond');
    const { p, step, change: offered } = await findStep(tx, ctx, input.incidentId, input.playbookId, input.stepId);
    const facts = await incidentFacts(tx, ctx, input.incidentId);
    const row = await lockRow(tx, input.incidentId, p.id, step.id);
    const now = ctx.clock.now();
    if (row && !['awaiting_approval', 'failed'].includes(row.status))
      throw new AppError('CONFLICT', `step ${step.id} is ${row.status.replace('_', ' ')}; it cannot be skipped`);
    const targets = row?.targets ?? (offered ? [...offered.ref.services] : targetsOf(ctx, step, facts.service));
    if (row)
      await tx
        .update(recoverySteps)
        .set({ status: 'skipped', skipReason: input.reason, finishedAt: now })
        .where(eq(recoverySteps.id, row.id));
    else
      await tx.insert(recoverySteps).values({
        incidentId: input.incidentId,
        playbookId: p.id,
        stepId: step.id,
        method: step.method,
        targets,
        status: 'skipped',
        requestedBy: ctx.principal.name,
        requestedAt: now,
        approvalsNeeded: 0,
        skipReason: input.reason,
        finishedAt: now,
        changeId: offered?.ref.id ?? null,
      });
    await auditStep(
      tx,
      ctx,
      'skip',
      { incidentId: input.incidentId, playbookId: p.id, stepId: step.id },
      row ? { status: row.status } : null,
      { status: 'skipped', reason: input.reason },
    );
    await addTimeline(tx, {
      incidentId: input.incidentId,
      at: now,
      kind: 'recovery_step',
      actor: ctx.principal.name,
      message: `${describeStep(p, step, targets)}: skipped: ${input.reason}`,
      data: { playbookId: p.id, stepId: step.id, event: 'skipped', reason: input.reason },
    });
  });
  ctx.rt.bus.publish({ type: 'incident.updated', incidentId: input.incidentId });
  return incidentPlaybooks({ ctx, input: { incidentId: input.incidentId } });
}
