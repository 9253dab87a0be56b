/**
 * The incident (or risk) a KPI watch opens and keeps: one open incident per watch, found by the group key
 * `service=<service>,kpi=<watch>` (the same unique index on open group keys that convergence relies on).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { OPEN_INCIDENT_STATUSES } from '@faultline/contracts';
import type { Db } from '../db/index.ts';
import { incidents, openIncident } from '../incident/index.ts';
import { UNROUTED } from '../convergence/index.ts';

export type IncidentRow = typeof incidents.$inferSelect;

/** The group key of a watch's incidents, e.g. `service=checkout-api,kpi=checkout-orders`. */
export function kpiGroupKey(service: string | null, watchId: string): string {
  return `service=${service ?? UNROUTED},kpi=${watchId}`;
}

/** Whether an incident is still open (triggered, acknowledged or mitigated). */
export function isOpen(row: Pick<IncidentRow, 'status'>): boolean {
  return (OPEN_INCIDENT_STATUSES as readonly string[]).includes(row.status);
}

/** The incident with this id, locked for the caller's transaction, or null. */
export async function lockIncidentRow(db: Db, id: number): Promise<IncidentRow | null> {
  const [row] = await db.select().from(incidents).where(eq(incidents.id, id)).for('update').limit(1);
  return row ?? null;
}

/** The open incident with this group key, locked, or null. */
export async function findOpenByGroupKey(db: Db, groupKey: string): Promise<IncidentRow | null> {
  const [row] = await db
    .select()
    .from(incidents)
    .where(and(eq(incidents.groupKey, groupKey), inArray(incidents.status, [...OPEN_INCIDENT_STATUSES])))
    .for('update')
    .limit(1);
  return row ?? null;
}

export interface OpenKpiIncident {
  watchId: string;
  groupKey: string;
  service: string | null;
  team: string | null;
  title: string;
  /** When the drop began (the watch's breach start), for the `impact_started_at` milestone. */
  impactStartedAt: Date;
  /** What opened it, for the timeline: the drop and the baseline. */
  reason: string;
  now: Date;
}

/**
 * Opens a triggered incident for a KPI watch as a **risk** (not graded, not paged) through incident's
 * `openIncident`, in the caller's transaction. Grading it afterwards (`regradeIncident`) turns it into an
 * incident and pages, like a new incident.
 */
export function openKpiIncident(db: Db, input: OpenKpiIncident): Promise<IncidentRow> {
  return openIncident(db, {
    title: input.title,
    groupKey: input.groupKey,
    service: input.service,
    team: input.team,
    risk: true,
    impactStartedAt: input.impactStartedAt,
    now: input.now,
    actor: `kpi:${input.watchId}`,
    message: `incident opened by KPI watch ${input.watchId}: ${input.reason}`,
    data: { groupKey: input.groupKey, service: input.service, watchId: input.watchId },
  });
}
