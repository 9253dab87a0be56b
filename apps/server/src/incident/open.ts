/**
 * Opening incidents outside convergence (a KPI watch's drop; later a person's report): the only place, with
 * convergence's batch writes in incident/store, that inserts incidents (one owner per fact). The incident
 * starts `triggered` with its `incident_opened` timeline entry, in the caller's transaction.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { incidents, type IncidentDrill } from './tables.ts';
import { addTimeline } from './timeline.ts';

export type IncidentRow = typeof incidents.$inferSelect;

/** What a new incident starts with; `actor`, `message` and `data` make its `incident_opened` entry. */
export interface OpenIncident {
  title: string;
  /** One open incident per group key (a unique index): a second open fails instead of splitting a group. */
  groupKey: string;
  service: string | null;
  team: string | null;
  /** Below every level (a risk): shown, not paged, until grading or a person promotes it. */
  risk: boolean;
  /** When the impact began (the `impact_started_at` milestone), if known. */
  impactStartedAt: Date | null;
  /** Set for a fault drill: who it may page (see `incidents.drill`). */
  drill?: IncidentDrill | null;
  now: Date;
  actor: string;
  message: string;
  data: Record<string, unknown>;
}

/** Inserts a triggered incident and its `incident_opened` timeline entry; returns the row. */
export async function openIncident(db: Db, input: OpenIncident): Promise<IncidentRow> {
  const [row] = await db
    .insert(incidents)
    .values({
      title: input.title,
      status: 'triggered',
      groupKey: input.groupKey,
      service: input.service,
      team: input.team,
      risk: input.risk,
      createdAt: input.now,
      updatedAt: input.now,
      detectedAt: input.now,
      impactStartedAt: input.impactStartedAt,
      drill: input.drill ?? null,
    })
    .returning();
  await addTimeline(db, {
    incidentId: row!.id,
    at: input.now,
    kind: 'incident_opened',
    actor: input.actor,
    message: input.message,
    data: input.data,
  });
  return row!;
}

/** Sets an incident's title (the caller holds its row lock). */
export async function retitleIncident(db: Db, id: number, title: string): Promise<void> {
  await db.update(incidents).set({ title }).where(eq(incidents.id, id));
}
