/**
 * Held pages (DESIGN §5 step 3): an incident whose paging alerts are muted keeps the pages it would have sent
 * (`held_since`, `held_pages`) until the mute ends; convergence decides when to send or drop them. These are
 * the statements it needs, here because incident/ is the only writer of incidents and their alerts.
 */
import { and, eq, isNotNull, or, sql } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { rows } from '../db/index.ts';
import { alerts, incidents, type StoredMute } from './tables.ts';

/** The incident row locked `FOR UPDATE` (the batch that would touch it waits), or undefined. */
export async function lockIncidentForHold(tx: Db, id: number): Promise<typeof incidents.$inferSelect | undefined> {
  const [row] = await tx.select().from(incidents).where(eq(incidents.id, id)).for('update');
  return row;
}

/** Ids of the incidents holding pages or held back by a `suppress-incidents` window, oldest hold first. */
export async function incidentsHoldingPages(tx: Db): Promise<number[]> {
  const list = await tx
    .select({ id: incidents.id })
    .from(incidents)
    .where(or(isNotNull(incidents.heldSince), isNotNull(incidents.heldByWindow)))
    .orderBy(incidents.heldSince, incidents.id);
  return list.map((r) => r.id);
}

/**
 * Ends the hold of a `suppress-incidents` maintenance window on an incident (the window ended, was ended
 * early or deleted, or no longer covers its alerts): with `open`, the risk opens as an incident — a risk
 * again only if grading gave it no level; without, it stays a risk (its alerts resolved during the window),
 * ungraded.
 */
export async function endWindowHold(tx: Db, incidentId: number, open: boolean, now: Date): Promise<void> {
  await tx
    .update(incidents)
    .set({
      heldByWindow: null,
      updatedAt: now,
      // A risk that stays one forgets the levels it was graded while held: should its alert fire again after
      // the window, it is graded afresh and pages, instead of being taken for an incident already paged.
      ...(open ? { risk: sql`${incidents.levels} = '{}'::jsonb` } : { levels: {}, levelExplanation: [] }),
    })
    .where(eq(incidents.id, incidentId));
}

/** Every alert row of the incident, firing or resolved. */
export async function alertsOfIncident(tx: Db, incidentId: number): Promise<Array<typeof alerts.$inferSelect>> {
  return tx.select().from(alerts).where(eq(alerts.incidentId, incidentId));
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
