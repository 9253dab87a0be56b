/**
 * The `recovery.nudge` job (issue 9 point 4; docs/recovery.md "The nudge"), queued whenever an incident is
 * paged (convergence and grading queue it by name, as they do the room's watcher). Each run reads the 1-5-10
 * clock: before the nudge is due it waits (one waiting job per incident); when due, if still no recovery step
 * has run, the room is told once on the incident's timeline (`recovery_nudge`), with "consider rollback" and
 * the change where a suspect change ranks high.
 */
import { and, desc, eq, isNotNull, isNull, lte, ne, sql } from 'drizzle-orm';
import { enqueueJob, jobs, type JobOutcome } from '../engine/index.ts';
import { addTimeline, incidents, timeline } from '../incident/index.ts';
import { loadRoom, recoverNudgeDecision } from '../response/index.ts';
import { suspectChanges } from '../changes/index.ts';
import type { Db } from '../db/index.ts';
import { systemCtx, withTx, type Runtime } from '../kernel/index.ts';
import { nudgeAdvice } from './nudge-advice.ts';
import { recoverySteps } from './tables.ts';
import { changeRollbackOffer, matchingPlaybooks } from './steps.ts';

/** Statuses where the nudge is moot: service is restored or the incident is over. */
const MOOT = new Set(['mitigated', 'resolved', 'closed', 'cancelled']);

/** Queues a look at `at` unless one for the incident is already waiting to run by then (not `exceptJob`). */
async function scheduleNudge(db: Db, incidentId: number, at: Date, now: Date, exceptJob: number | null): Promise<void> {
  const [waiting] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        eq(jobs.kind, 'recovery.nudge'),
        isNull(jobs.doneAt),
        lte(jobs.runAt, at),
        sql`${jobs.payload}->>'incidentId' = ${String(incidentId)}`,
        exceptJob === null ? undefined : ne(jobs.id, exceptJob),
      ),
    )
    .limit(1);
  if (!waiting) await enqueueJob(db, 'recovery.nudge', { incidentId }, at, now);
}

/** One look (see the module comment): wait, tell the room once, or nothing. */
export async function nudgeRecovery(rt: Runtime, incidentId: number, jobId: number | null): Promise<JobOutcome> {
  const told = await rt.db.transaction(async (tx) => {
    const now = rt.clock.now();
    const [row] = await tx
      .select({ status: incidents.status })
      .from(incidents)
      .where(eq(incidents.id, incidentId))
      .for('update')
      .limit(1);
    if (!row || MOOT.has(row.status)) return false;
    if (await latestNudge(tx, incidentId)) return false; // once per incident
    const room = await loadRoom(tx, rt.config(), incidentId, now);
    const decision = recoverNudgeDecision(room.clock, {
      recoveryStartedAt: room.milestones.recovery_started_at ?? null,
      detectedAt: room.milestones.detected_at ?? null,
    });
    if (decision.kind === 'none') return false;
    if (decision.kind === 'wait') {
      await scheduleNudge(tx, incidentId, decision.until, now, jobId);
      return false;
    }
    const dueAt = decision.dueAt;
    const [started] = await tx
      .select({ id: recoverySteps.id })
      .from(recoverySteps)
      .where(and(eq(recoverySteps.incidentId, incidentId), isNotNull(recoverySteps.startedAt)))
      .limit(1);
    if (started) return false;
    const ctx = withTx(systemCtx(rt, 'recovery'), tx);
    const { suspects } = await suspectChanges({ ctx, input: { incidentId } });
    const steps = await tx
      .select({ playbookId: recoverySteps.playbookId, stepId: recoverySteps.stepId, status: recoverySteps.status })
      .from(recoverySteps)
      .where(eq(recoverySteps.incidentId, incidentId));
    const state = new Map(steps.map((s) => [`${s.playbookId}/${s.stepId}`, s.status] as const));
    const offer = await changeRollbackOffer(tx, ctx, incidentId);
    const rollbackSteps = [...(await matchingPlaybooks(tx, ctx, incidentId)), ...(offer ? [offer] : [])].flatMap((p) =>
      p.steps
        .filter(
          (s) =>
            s.method === 'rollback' &&
            ['not_started', 'failed'].includes(state.get(`${p.id}/${s.id}`) ?? 'not_started'),
        )
        .map((s) => ({ playbookId: p.id, stepId: s.id })),
    );
    const advice = nudgeAdvice(
      dueAt,
      now,
      suspects.map((s) => ({ rank: s.rank, score: s.score, verdict: s.verdict?.verdict ?? null, change: s.change })),
      rollbackSteps,
    );
    await addTimeline(tx, {
      incidentId,
      at: now,
      kind: 'recovery_nudge',
      actor: 'system',
      message: advice.message,
      data: { dueAt: dueAt.toISOString(), change: advice.change, step: advice.step },
    });
    return true;
  });
  if (told) rt.bus.publish({ type: 'incident.updated', incidentId });
  return { kind: 'done', incidentIds: [incidentId] };
}

/** The incident's latest nudge (timeline `recovery_nudge`), for the playbooks view; null when none. */
export async function latestNudge(
  db: Db,
  incidentId: number,
): Promise<{ at: Date; message: string; data: Record<string, unknown> } | null> {
  const [row] = await db
    .select({ at: timeline.at, message: timeline.message, data: timeline.data })
    .from(timeline)
    .where(and(eq(timeline.incidentId, incidentId), eq(timeline.kind, 'recovery_nudge')))
    .orderBy(desc(timeline.id))
    .limit(1);
  return row ?? null;
}
