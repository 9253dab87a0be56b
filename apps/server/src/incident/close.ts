/**
 * Closing an incident (DESIGN §6: `resolved → closed`, "closed only when the postmortem is done or waived").
 * Incident owns the write; the postmortem domain decides whether the checkpoints allow it and calls this
 * inside its own transaction (a lower domain does not know the checkpoints).
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { AppError } from '../lib/index.ts';
import { incidents } from './tables.ts';
import { addTimeline } from './timeline.ts';

/**
 * Closes resolved incident `id` as `actor`, saying why on the timeline. Closing a closed incident changes
 * nothing.
 * @returns whether this call closed it
 * @throws AppError NOT_FOUND; PRECONDITION_FAILED unless the incident is resolved
 */
export async function closeResolvedIncident(
  tx: Db,
  input: { id: number; actor: string; reason: string; now: Date },
): Promise<boolean> {
  const [row] = await tx.select().from(incidents).where(eq(incidents.id, input.id)).for('update').limit(1);
  if (!row) throw new AppError('NOT_FOUND', `incident ${input.id} does not exist`);
  if (row.status === 'closed') return false;
  if (row.status !== 'resolved')
    throw new AppError('PRECONDITION_FAILED', `incident ${input.id} is ${row.status}; resolve it before closing it`);
  await tx
    .update(incidents)
    .set({ status: 'closed', closedAt: input.now, updatedAt: input.now })
    .where(eq(incidents.id, input.id));
  await addTimeline(tx, {
    incidentId: input.id,
    at: input.now,
    kind: 'closed',
    actor: input.actor,
    message: `closed by ${input.actor}: ${input.reason}`,
  });
  return true;
}

/**
 * Records when incident `id`'s postmortem is due (null: it has none, or it is published), for the list's
 * "overdue postmortem" badge and filter. The postmortem domain calls this in its own transaction; the incident's
 * `updatedAt` is left as it is (nothing happened to the incident itself).
 */
export async function setPostmortemDue(tx: Db, id: number, dueAt: Date | null): Promise<void> {
  await tx.update(incidents).set({ postmortemDueAt: dueAt }).where(eq(incidents.id, id));
}
