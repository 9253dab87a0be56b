/**
 * Incident verbs and queries (DESIGN §6): list, get, acknowledge.
 */
import { and, asc, count, desc, eq, gt, gte, ilike, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import {
  OPEN_INCIDENT_STATUSES,
  type AlertGroup,
  type ImpactFacts,
  type IncidentDetail,
  type IncidentStatus,
  type IncidentSummary,
} from '@faultline/contracts';
import type { Runtime } from '../kernel/index.ts';
import type { Db } from '../db/index.ts';
import { alerts, incidents, timeline } from './tables.ts';
import { AppError } from '../lib/index.ts';
import { enqueueJob } from '../engine/index.ts';
import { addTimeline } from './timeline.ts';
import { levelHistory, toAlertView, toExplanation, toSummary, toTimelineEntry } from './view.ts';

/** What the incident list is narrowed to (contracts IncidentListQuery, parsed). */
export interface IncidentFilters {
  /** `open` (triggered, acknowledged, mitigated), `all`, or these statuses. */
  status: 'open' | 'all' | readonly IncidentStatus[];
  /** Only risks (true), no risks (false), or both (undefined). */
  risk?: boolean | undefined;
  /** Only these teams' incidents (what the principal may see: incident/access.ts); null or undefined for all. */
  teams?: readonly string[] | null | undefined;
  team?: string | undefined;
  service?: string | undefined;
  /** Level labels (`P1`): incidents at any of them. */
  levels?: readonly string[] | undefined;
  /** Words in the title (case-insensitive substring), or `#42` / `42` for an id. */
  q?: string | undefined;
  /** Incidents with at least one alert from this intake source. */
  source?: string | undefined;
  /** Incidents with at least one alert whose `alertname` label is this. */
  alertname?: string | undefined;
  /** Only incidents whose postmortem is unpublished and due at or before this instant (now: overdue). */
  postmortemDueBy?: Date | undefined;
  /** Opened at or after / before these instants. */
  since?: Date | undefined;
  until?: Date | undefined;
}

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
export const likeLiteral = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function filterConditions(f: IncidentFilters): (SQL | undefined)[] {
  const statuses = f.status === 'open' ? OPEN_INCIDENT_STATUSES : f.status === 'all' ? undefined : f.status;
  const idQuery = f.q && /^#?\d{1,15}$/.test(f.q) ? Number(f.q.replace('#', '')) : undefined;
  return [
    statuses ? inArray(incidents.status, [...statuses]) : undefined,
    f.risk === undefined ? undefined : eq(incidents.risk, f.risk),
    f.teams ? inArray(incidents.team, [...f.teams]) : undefined,
    f.team === undefined ? undefined : eq(incidents.team, f.team),
    f.service === undefined ? undefined : eq(incidents.service, f.service),
    f.levels?.length
      ? or(...f.levels.map((l) => sql`${incidents.levels} ->> ${l.slice(0, 1)} = ${l.slice(1)}`))
      : undefined,
    f.q === undefined
      ? undefined
      : or(
          ilike(incidents.title, `%${likeLiteral(f.q)}%`),
          idQuery === undefined ? undefined : eq(incidents.id, idQuery),
        ),
    f.source === undefined
      ? undefined
      : sql`exists (select 1 from ${alerts} where ${alerts.incidentId} = ${incidents.id} and ${alerts.source} = ${f.source})`,
    f.alertname === undefined
      ? undefined
      : sql`exists (select 1 from ${alerts} where ${alerts.incidentId} = ${incidents.id} and ${alerts.labels} ->> 'alertname' = ${f.alertname})`,
    f.postmortemDueBy === undefined ? undefined : lte(incidents.postmortemDueAt, f.postmortemDueBy),
    f.since === undefined ? undefined : gte(incidents.createdAt, f.since),
    f.until === undefined ? undefined : lt(incidents.createdAt, f.until),
  ];
}

/**
 * Lists incidents matching `filters`, newest first by id (or oldest first with `sort: 'oldest'`); `beforeId`
 * is the cursor's incident id: the next page starts after it in the list's order (older when newest first,
 * newer when oldest first). At most `limit` rows.
 */
export async function listIncidents(
  db: Db,
  opts: IncidentFilters & { limit: number; now: Date; sort?: 'newest' | 'oldest'; beforeId?: number | undefined },
): Promise<IncidentSummary[]> {
  if (opts.teams?.length === 0) return [];
  const oldest = opts.sort === 'oldest';
  const conditions = [
    ...filterConditions(opts),
    opts.beforeId === undefined
      ? undefined
      : oldest
        ? gt(incidents.id, opts.beforeId)
        : lt(incidents.id, opts.beforeId),
  ];
  const list = await db
    .select()
    .from(incidents)
    .where(and(...conditions))
    .orderBy(oldest ? asc(incidents.id) : desc(incidents.id))
    .limit(opts.limit);
  return list.map((row) => toSummary(row, opts.now));
}

/** How many incidents match `filters` (every page of the list together). */
export async function countIncidents(db: Db, filters: IncidentFilters): Promise<number> {
  if (filters.teams?.length === 0) return 0;
  const [row] = await db
    .select({ n: count() })
    .from(incidents)
    .where(and(...filterConditions(filters)));
  return Number(row?.n ?? 0);
}

/** An alert's `alertname` label, as SQL (the same text in the select and the group by). */
const ALERTNAME = sql<string | null>`${alerts.labels} ->> 'alertname'`;

/**
 * An alert storm grouped (issue 12): the alerts of the incidents matching `filters`, grouped by their
 * `alertname` label and the incident's service (Alertmanager's usual grouping), most alerts first (then by
 * alertname and service), at most `limit` groups, with how many groups there are in all.
 */
export async function groupAlerts(
  db: Db,
  filters: IncidentFilters,
  limit: number,
): Promise<{ groups: AlertGroup[]; total: number }> {
  if (filters.teams?.length === 0) return { groups: [], total: 0 };
  const where = and(...filterConditions(filters));
  const n = count();
  const [rows, [all]] = await Promise.all([
    db
      .select({
        alertname: ALERTNAME,
        service: incidents.service,
        alerts: n,
        firing: sql<number>`count(*) filter (where ${alerts.status} = 'firing')`.mapWith(Number),
        incidents: sql<number>`count(distinct ${incidents.id})`.mapWith(Number),
        lastSeenAt: sql<Date>`max(${alerts.lastSeenAt})`.mapWith(alerts.lastSeenAt),
      })
      .from(alerts)
      .innerJoin(incidents, eq(alerts.incidentId, incidents.id))
      .where(where)
      .groupBy(ALERTNAME, incidents.service)
      .orderBy(desc(n), asc(ALERTNAME), asc(incidents.service))
      .limit(limit),
    db
      .select({ total: sql<number>`count(distinct (${ALERTNAME}, ${incidents.service}))`.mapWith(Number) })
      .from(alerts)
      .innerJoin(incidents, eq(alerts.incidentId, incidents.id))
      .where(where),
  ]);
  return {
    groups: rows.map((r) => ({ ...r, alerts: Number(r.alerts), lastSeenAt: r.lastSeenAt.toISOString() })),
    total: all?.total ?? 0,
  };
}

/** An incident as incident/ knows it: the API's IncidentDetail without the deliveries (notify's, response/page.ts). */
export type IncidentRecord = Omit<IncidentDetail, 'notifications'>;

/**
 * One incident with its alerts, level explanation and history, facts and timeline.
 * @throws AppError NOT_FOUND
 */
export async function getIncident(rt: Pick<Runtime, 'db' | 'config' | 'clock'>, id: number): Promise<IncidentRecord> {
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
    ...toSummary(row, rt.clock.now()),
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
 * Acknowledges a triggered incident on behalf of `actor` (a person's name or email), who acted `via` a medium.
 * Acknowledging an already acknowledged incident is a no-op (idempotent, e.g. a second click on the email link).
 * Whatever the medium (console, API, email link, Slack button, SMS reply, phone), the same transaction queues
 * the response room's watch (`response.watch`), which takes the acknowledger in: checked in to the response
 * group and coordinator when that slot is empty. `person` is the acknowledger's email when `actor` is a display
 * name (a link or a chat button names people by name); the room knows people by email.
 * @throws AppError NOT_FOUND; PRECONDITION_FAILED when the incident is mitigated, resolved or closed.
 */
export async function markAcknowledged(
  rt: Runtime,
  id: number,
  actor: string,
  via: string,
  person: string | null = null,
): Promise<IncidentRecord> {
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
      ...(person ? { data: { person } } : {}),
    });
    await enqueueJob(tx, 'response.watch', { incidentId: id }, now, now);
    return true;
  });
  if (changed) rt.bus.publish({ type: 'incident.updated', incidentId: id });
  return getIncident(rt, id);
}
