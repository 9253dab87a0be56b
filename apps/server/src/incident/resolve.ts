/**
 * Resolving an incident by a person (DESIGN §6 lifecycle: triggered → acknowledged → mitigated → resolved).
 * Alerts that stop firing only mitigate an incident; a person says it is over. A resolved incident no longer
 * groups new alerts, and its escalation stops at its next timer (escalation/engine.ts stop rule: a step does
 * not run on a resolved incident), exactly as it does after an acknowledgement.
 */
import { eq } from 'drizzle-orm';
import type { Runtime } from '../kernel/index.ts';
import { incidents } from './tables.ts';
import { AppError } from '../lib/index.ts';
import { addTimeline } from './timeline.ts';
import { getIncident, type IncidentRecord } from './incidents.ts';
import { enqueueJob } from '../engine/index.ts';

/** States a person may resolve from. */
const RESOLVABLE = new Set(['triggered', 'acknowledged', 'mitigated']);

/**
 * Resolves incident `id` on behalf of `actor` (a person's name or email) who acted through `via` (`console`,
 * `API`, `Slack`, `SMS`, `email link` …); the timeline says "resolved by <actor> via <via>". Resolving an
 * already resolved incident changes nothing (idempotent: a second click on a link or button).
 * @param data extra timeline data (e.g. `{ userId, medium }`), stored with the entry
 * @returns the incident after the call, and whether this call resolved it
 * @throws AppError NOT_FOUND; PRECONDITION_FAILED when the incident is closed
 */
export async function markResolved(
  rt: Runtime,
  id: number,
  actor: string,
  via: string,
  data: Record<string, unknown> = {},
): Promise<{ incident: IncidentRecord; changed: boolean }> {
  const now = rt.clock.now();
  const changed = await rt.db.transaction(async (tx) => {
    const [row] = await tx.select().from(incidents).where(eq(incidents.id, id)).for('update').limit(1);
    if (!row) throw new AppError('NOT_FOUND', `incident ${id} does not exist`);
    if (row.status === 'resolved') return false;
    if (!RESOLVABLE.has(row.status)) {
      throw new AppError('PRECONDITION_FAILED', `incident ${id} is ${row.status}; it cannot be resolved again`);
    }
    await tx.update(incidents).set({ status: 'resolved', resolvedAt: now, updatedAt: now }).where(eq(incidents.id, id));
    await addTimeline(tx, {
      incidentId: id,
      at: now,
      kind: 'resolved',
      actor,
      message: `resolved by ${actor} via ${via}`,
      data: { via, from: row.status, ...data },
    });
    // The postmortem (a higher domain) decides whether this incident needs one (DESIGN §8).
    await enqueueJob(tx, 'postmortem.open', { incidentId: id }, now, now);
    // The status page (a higher domain) closes its public incident with a final "resolved" update.
    await enqueueJob(tx, 'statuspage.auto-resolve', { incidentId: id }, now, now);
    // A drill that ends mails its report to its participants (the response room, a higher domain, writes it).
    if (row.drill) await enqueueJob(tx, 'response.drill-report', { incidentId: id }, now, now);
    return true;
  });
  if (changed) {
    rt.bus.publish({ type: 'incident.updated', incidentId: id });
    // The escalation's next timer finds the incident resolved and stops; wake the engine so it does so now.
    rt.wakeEngine();
  }
  return { incident: await getIncident(rt, id), changed };
}
