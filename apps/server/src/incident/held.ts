/**
 * Held pages (DESIGN §5 step 3): an incident whose paging alerts are muted keeps the pages it would have sent
 * (`held_since`, `held_pages`) until the mute ends; convergence decides when to send or drop them. These are
 * the statements it needs, here because incident/ is the only writer of incidents and their alerts.
 */
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { rows } from '../db/index.ts';
import { alerts, incidents, type StoredMute } from './tables.ts';

/** The incident row locked `FOR UPDATE` (the batch that would touch it waits), or undefined. */
export async function lockIncidentForHold(tx: Db, id: number): Promise<typeof incidents.$inferSelect | undefined> {
  const [row] = await tx.select().from(incidents).where(eq(incidents.id, id)).for('update');
  return row;
}

/** Ids of the incidents holding pages, oldest hold first. */
export async function incidentsHoldingPages(tx: Db): Promise<number[]> {
  const list = await tx
    .select({ id: incidents.id })
    .from(incidents)
    .where(isNotNull(incidents.heldSince))
    .orderBy(incidents.heldSince);
  return list.map((r) => r.id);
}

/** The incident's firing alerts (the latest row of each dedup key that is firing). */
export async function firingAlertsOf(tx: Db, incidentId: number): Promise<Array<typeof alerts.$inferSelect>> {
  return tx
    .select()
    .from(alerts)
    .where(and(eq(alerts.incidentId, incidentId), eq(alerts.status, 'firing')))
    .orderBy(alerts.id);
}

/** Records why each alert is muted now (re-checked by the release timer). */
export async function setAlertMutes(tx: Db, list: ReadonlyArray<{ id: number; mutedBy: StoredMute[] }>): Promise<void> {
  if (list.length === 0) return;
  await rows(
    tx,
    sql`update alerts as a set muted_by = v.muted_by
        from jsonb_to_recordset(${JSON.stringify(list.map((l) => ({ id: l.id, muted_by: l.mutedBy })))}::jsonb)
          as v(id bigint, muted_by jsonb)
        where a.id = v.id returning a.id`,
  );
}

/** Clears an incident's held pages (sent or dropped). */
export async function clearHeldPages(tx: Db, incidentId: number, now: Date): Promise<void> {
  await tx
    .update(incidents)
    .set({ heldSince: null, heldPages: [], updatedAt: now })
    .where(eq(incidents.id, incidentId));
}
