/**
 * Incident verbs and queries (DESIGN §6): list, get, acknowledge.
 */
import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import {
  OPEN_INCIDENT_STATUSES,
  type ImpactFacts,
  type IncidentDetail,
  type IncidentSummary,
} from '@faultline/contracts';
import type { Runtime } from '../kernel/index.ts';
import type { Db } from '../db/index.ts';
import { alerts, incidents, timeline } from './tables.ts';
import { AppError } from '../lib/index.ts';
import { addTimeline } from './timeline.ts';
import { levelHistory, toAlertView, toExplanation, toSummary, toTimelineEntry } from './view.ts';

/**
 * Lists incidents newest first (by id); `open` limits to triggered/acknowledged/mitigated; `risk` filters on
 * whether they are risks (below every level); `teams` (when given) to incidents of those teams; `beforeId`
 * to incidents older than that one (the next page). At most `limit` rows.
 */
export async function listIncidents(
  db: Db,
  opts: {
    status: 'open' | 'all';
    limit: number;
    risk?: boolean;
    teams?: readonly string[] | null;
    beforeId?: number | undefined;
  },
): Promise<IncidentSummary[]> {
  if (opts.teams?.length === 0) return [];
  const conditions = [
    opts.status === 'open' ? inArray(incidents.status, [...OPEN_INCIDENT_STATUSES]) : undefined,
    opts.risk === undefined ? undefined : eq(incidents.risk, opts.risk),
    // Only these teams' incidents (what the principal may see: incident/access.ts).
    opts.teams ? inArray(incidents.team, [...opts.teams]) : undefined,
    opts.beforeId === undefined ? undefined : lt(incidents.id, opts.beforeId),
  ];
  const list = await db
    .select()
    .from(incidents)
    .where(and(...conditions))
    .orderBy(desc(incidents.id))
    .limit(opts.limit);
  return list.map(toSummary);
}

/** An incident as incident/ knows it: the API's IncidentDetail without the deliveries (notify's, response/page.ts). */
export type IncidentRecord = Omit<IncidentDetail, 'notifications'>;

/**
 * One incident with its alerts, level explanation and history, facts and timeline.
 * @throws AppError NOT_FOUND
 */
export async function getIncident(rt: Pick<Runtime, 'db' | 'config'>, id: number): Promise<IncidentRecord> {
  const db = rt.db;
  const [row] = await db.select().from(incidents).where(eq(incidents.id, id)).limit(1);
  if (!row) throw new AppError('NOT_FOUND', `incident ${id} does not exist`);
  const [alertRows, timelineRows] = await Promise.all([
    db.select().from(alerts).where(eq(alerts.incidentId, id)).orderBy(asc(alerts.id)).limit(1000),
    db.select().from(timeline).where(eq(timeline.incidentId, id)).orderBy(asc(timeline.id)).limit(2000),
  ]);
  const cfg = rt.config();
  const module = row.service ? (cfg.catalog.service(row.service)?.module ?? null) : null;
  const timelineEntries = timelineRows.map(toTimelineEntry);
  return {
    ...toSummary(row),
    alerts: alertRows.map(toAlertView),
    levelExplanation: toExplanation(row.levelExplanation),
    levelHistory: levelHistory(timelineEntries),
    facts: row.facts as ImpactFacts,
    module,
    kpiWatches: module ? cfg.config.kpiWatches.filter((w) => w.module === module).map((w) => w.id) : [],
    closeReason: row.closeReason,
    timeline: timelineEntries,
  };
}

/**
 * Acknowledges a triggered incident on behalf of `actor` (a person's name or email).
 * Acknowledging an already acknowledged incident is a no-op (idempotent, e.g. a second click on the email link).
 * @throws AppError NOT_FOUND; PRECONDITION_FAILED when the incident is mitigated, resolved or closed.
 */
export async function markAcknowledged(rt: Runtime, id: number, actor: string, via: string): Promise<IncidentRecord> {
  const now = rt.clock.now();
  const changed = await rt.db.transaction(async (tx) => {
    const [row] = await tx.select().from(incidents).where(eq(incidents.id, id)).for('update').limit(1);
    if (!row) throw new AppError('NOT_FOUND', `incident ${id} does not exist`);
    if (row.status === 'acknowledged') return false;
    if (row.status !== 'triggered') {
      throw new AppError(
        'PRECONDITION_FAILED',
        `incident ${id} is ${row.status}; only a triggered incident can be acknowledged`,
      );
    }
    await tx
      .update(incidents)
      .set({ status: 'acknowledged', acknowledgedAt: now, acknowledgedBy: actor, updatedAt: now })
      .where(eq(incidents.id, id));
    await addTimeline(tx, {
      incidentId: id,
      at: now,
      kind: 'acknowledged',
      actor,
      message: `acknowledged by ${actor} via ${via}`,
    });
    return true;
  });
  if (changed) rt.bus.publish({ type: 'incident.updated', incidentId: id });
  return getIncident(rt, id);
}
