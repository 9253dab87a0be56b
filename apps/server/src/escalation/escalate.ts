/**
 * The "escalate" button (DESIGN §7 escalation triggers: "a person pressing escalate"): run the incident's
 * next escalation step now instead of at its timer, even when the incident is acknowledged (the person who
 * acknowledged it is often the one asking for help).
 */
import { eq } from 'drizzle-orm';
import type { Verb } from '../kernel/index.ts';
import { escalations } from './tables.ts';
import { incidents, addTimeline, authorizeIncident } from '../incident/index.ts';
import { AppError } from '../lib/index.ts';
import { enqueueJob } from '../engine/index.ts';
import { startEscalation } from './engine.ts';
import { policyFor } from './policy.ts';

/** End reasons after which there is no next step to run. */
const NO_NEXT_STEP = new Set(['finished', 'policy-missing']);

/**
 * Runs the next step of incident `id`'s escalation now, on behalf of the principal (recorded on the timeline
 * and in the step's note). Needs `incident:respond` on the incident's team; a `viewer` may not: escalating
 * wakes people up. An incident whose team has a policy but was never paged (a promoted risk, say)
 * starts at step 0. The step's timer that was already waiting finds the escalation moved on and does nothing.
 * @throws AppError NOT_FOUND (also for an incident the principal may not see); FORBIDDEN without
 *   `incident:respond` on it, or for a viewer; PRECONDITION_FAILED when the incident is not triggered
 *   or acknowledged, has no escalation policy, or its policy has no further step
 */
export async function escalateIncident({ ctx, input }: Verb<{ id: number }>): Promise<void> {
  const { id } = input;
  const by = ctx.principal;
  await authorizeIncident(ctx.tx, by, id, 'incident:respond');
  if (by.role === 'viewer') throw new AppError('FORBIDDEN', 'a viewer may not escalate an incident');
  const actor = by.name;
  const now = ctx.clock.now();
  const cfg = ctx.config;
  const rt = ctx.rt;
  await ctx.tx.transaction(async (tx) => {
    const [incident] = await tx.select().from(incidents).where(eq(incidents.id, id)).for('update').limit(1);
    if (!incident) throw new AppError('NOT_FOUND', `incident ${id} does not exist`);
    if (incident.status !== 'triggered' && incident.status !== 'acknowledged') {
      throw new AppError(
        'PRECONDITION_FAILED',
        `incident ${id} is ${incident.status}; only a triggered or acknowledged incident can be escalated`,
      );
    }
    const [row] = await tx.select().from(escalations).where(eq(escalations.incidentId, id)).for('update');
    if (!row) {
      const policyId = policyFor(cfg, incident)?.id;
      if (!policyId) {
        throw new AppError(
          'PRECONDITION_FAILED',
          `incident ${id} has no escalation policy to run: ${
            incident.team
              ? `neither ${incident.service ? `service ${incident.service}` : 'its service'} nor team ${incident.team} has one`
              : 'it has no owning team'
          }`,
        );
      }
      await startEscalation(tx, { incidentId: id, policyId, reason: 'escalate', now, requestedBy: actor });
      await addTimeline(tx, {
        incidentId: id,
        at: now,
        kind: 'note',
        actor,
        message: `${actor} escalated: policy ${policyId} starts at step 1 now`,
        data: { escalation: { policyId, step: 0, round: 0, escalatedBy: actor } },
      });
      return;
    }
    if (row.endedAt && NO_NEXT_STEP.has(row.endReason ?? '')) {
      throw new AppError('PRECONDITION_FAILED', `the escalation of incident ${id} has no further step`);
    }
    await tx
      .update(escalations)
      .set({ endedAt: null, endReason: null, nextAt: now, requestedBy: actor, updatedAt: now })
      .where(eq(escalations.incidentId, id));
    const payload = {
      incidentId: id,
      policyId: row.policyId,
      step: row.nextStep,
      round: row.nextRound,
      reason: row.reason,
    };
    await enqueueJob(tx, 'escalation.step', payload, now, now);
    await addTimeline(tx, {
      incidentId: id,
      at: now,
      kind: 'note',
      actor,
      message: `${actor} escalated: step ${row.nextStep + 1} of policy ${row.policyId}${
        row.nextRound > 0 ? ` (repeat ${row.nextRound})` : ''
      } runs now`,
      data: { escalation: { ...payload, escalatedBy: actor } },
    });
  });
  rt.wakeEngine();
  rt.bus.publish({ type: 'incident.updated', incidentId: id });
}
