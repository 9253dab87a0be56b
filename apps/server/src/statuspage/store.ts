/**
 * SQL of the status page (no permission checks): loading what the public page shows, and the components'
 * first appearance. Reads only the status page's own tables.
 */
import { asc, eq, gte, inArray, isNull, or } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { pageComponents, publicIncidents, publicUpdates } from './tables.ts';
import type { PublicIncidentRecord } from './view.ts';
import type { ComponentStatus, PublicIncidentState } from './status.ts';

/** Public incidents open now or resolved at or after `from`, with their updates in time order. */
export async function loadPublicIncidents(db: Db, from: Date): Promise<PublicIncidentRecord[]> {
  const rows = await db
    .select()
    .from(publicIncidents)
    .where(or(isNull(publicIncidents.resolvedAt), gte(publicIncidents.resolvedAt, from)));
  return withUpdates(db, rows);
}

/** The public incident of internal incident `incidentId`, or null before its first public update. */
export async function publicIncidentOf(db: Db, incidentId: number): Promise<PublicIncidentRecord | null> {
  const rows = await db.select().from(publicIncidents).where(eq(publicIncidents.incidentId, incidentId));
  return (await withUpdates(db, rows))[0] ?? null;
}

async function withUpdates(db: Db, rows: Array<typeof publicIncidents.$inferSelect>): Promise<PublicIncidentRecord[]> {
  if (rows.length === 0) return [];
  const updates = await db
    .select()
    .from(publicUpdates)
    .where(
      inArray(
        publicUpdates.publicIncidentId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(publicUpdates.at), asc(publicUpdates.id));
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    state: r.state as PublicIncidentState,
    startedAt: r.startedAt,
    resolvedAt: r.resolvedAt,
    updates: updates
      .filter((u) => u.publicIncidentId === r.id)
      .map((u) => ({
        at: u.at,
        state: u.state as PublicIncidentState,
        message: u.message,
        components: u.components as Record<string, ComponentStatus>,
      })),
  }));
}

/**
 * When each of `ids` first appeared on the page; a component seen for the first time is recorded at `now`
 * (so its uptime counts from then, not from before anyone watched it).
 */
export async function componentsSince(db: Db, ids: readonly string[], now: Date): Promise<Map<string, Date>> {
  const since = new Map<string, Date>();
  if (ids.length === 0) return since;
  const rows = await db
    .select()
    .from(pageComponents)
    .where(inArray(pageComponents.id, [...ids]));
  for (const r of rows) since.set(r.id, r.since);
  const missing = ids.filter((id) => !since.has(id));
  if (missing.length > 0) {
    await db
      .insert(pageComponents)
      .values(missing.map((id) => ({ id, since: now })))
      .onConflictDoNothing();
    for (const id of missing) since.set(id, now);
  }
  return since;
}
