/**
 * Noise marking (issue 16 point 9): a responder marks an incident, or one of its alerts, as noise with a
 * reason, and can take the mark back. The mark records who, when and why; it is audited and on the timeline.
 * It does not change the lifecycle: a noisy incident is still resolved by a person (or by its alerts), so the
 * 1-5-10 clock, pages and key times stay what happened. Analytics reads the incident's mark (`noise_share`).
 */
import { and, eq } from 'drizzle-orm';
import { auditBy, recordAudit } from '../audit/index.ts';
import { actorOfCtx, type Verb } from '../kernel/index.ts';
import { AppError } from '../lib/index.ts';
import { authorizeIncident } from './access.ts';
import { alerts, incidents, type StoredNoise } from './tables.ts';
import { addTimeline } from './timeline.ts';

/** Which record: the incident, or one alert of it. */
export interface NoiseTarget {
  id: number;
  /** An alert of incident `id`; absent: the incident itself. */
  alertId?: number | undefined;
}

/** What the caller is told: whether this call changed anything. */
export interface NoiseOutcome {
  changed: boolean;
}

async function setNoise(ctx: Verb<unknown>['ctx'], target: NoiseTarget, reason: string | null): Promise<NoiseOutcome> {
  await authorizeIncident(ctx.tx, ctx.principal, target.id, 'incident:respond');
  const now = ctx.clock.now();
  const actor = ctx.principal.name;
  const mark: StoredNoise | null = reason === null ? null : { by: actor, at: now.toISOString(), reason };
  const outcome = await ctx.tx.transaction(async (tx): Promise<NoiseOutcome> => {
    const [row] =
      target.alertId === undefined
        ? await tx
            .select({ noise: incidents.noise })
            .from(incidents)
            .where(eq(incidents.id, target.id))
            .for('update')
            .limit(1)
        : await tx
            .select({ noise: alerts.noise, summary: alerts.summary })
            .from(alerts)
            .where(and(eq(alerts.id, target.alertId), eq(alerts.incidentId, target.id)))
            .for('update')
            .limit(1);
    if (!row) {
      throw new AppError(
        'NOT_FOUND',
        target.alertId === undefined
          ? `incident ${target.id} does not exist`
          : `alert ${target.alertId} of incident ${target.id} does not exist`,
      );
    }
    const before = row.noise ?? null;
    if (mark === null && before === null) return { changed: false };
    if (target.alertId === undefined) {
      await tx.update(incidents).set({ noise: mark, updatedAt: now }).where(eq(incidents.id, target.id));
    } else {
      await tx.update(alerts).set({ noise: mark }).where(eq(alerts.id, target.alertId));
      await tx.update(incidents).set({ updatedAt: now }).where(eq(incidents.id, target.id));
    }
    const what = target.alertId === undefined ? 'the incident' : `alert ${target.alertId}`;
    await addTimeline(tx, {
      incidentId: target.id,
      at: now,
      kind: mark ? 'noise_marked' : 'noise_unmarked',
      actor,
      message: mark
        ? `${actor} marked ${what} as noise: ${mark.reason}`
        : `${actor} took back the noise mark on ${what}`,
      data: { ...(target.alertId === undefined ? {} : { alertId: target.alertId }), reason: mark?.reason ?? null },
    });
    await recordAudit(tx, {
      ...auditBy(actorOfCtx(ctx)),
      action: `${target.alertId === undefined ? 'incident' : 'alert'}-noise.${mark ? 'mark' : 'unmark'}`,
      targetType: target.alertId === undefined ? 'incident' : 'alert',
      targetId: target.alertId ?? target.id,
      before: { noise: before },
      after: { noise: mark },
    });
    return { changed: true };
  });
  if (outcome.changed) ctx.rt.bus.publish({ type: 'incident.updated', incidentId: target.id });
  return outcome;
}

/**
 * Marks incident `id` (or its alert `alertId`) as noise, why being `reason` (already trimmed and bounded by the
 * contract `NoiseInput`). A second mark replaces the first (new who, when and why).
 * @throws AppError NOT_FOUND for an unknown incident or alert (or an incident the principal may not see);
 *   FORBIDDEN without `incident:respond` on its team
 */
export async function markNoise({ ctx, input }: Verb<NoiseTarget & { reason: string }>): Promise<NoiseOutcome> {
  return setNoise(ctx, input, input.reason);
}

/**
 * Takes back the noise mark of incident `id` (or its alert `alertId`); `changed: false` when there was none.
 * @throws AppError NOT_FOUND; FORBIDDEN as `markNoise`
 */
export async function unmarkNoise({ ctx, input }: Verb<NoiseTarget>): Promise<NoiseOutcome> {
  return setNoise(ctx, input, null);
}
