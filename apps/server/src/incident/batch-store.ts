/**
 * Convergence's writes of alerts and incidents, set-wise (DESIGN §5): convergence decides, in memory, what a
 * batch of signals changes (convergence/batch-state.ts); these statements write it. They live here because
 * incident/ is the only writer of incidents and their alerts (one owner per fact). Each is one statement
 * with one JSON parameter, however many rows: a storm writes thousands, and a parameter per value would
 * exceed PostgreSQL's 65,535 and cost more to build than to run.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { rows } from '../db/index.ts';
import { alerts, incidents, type StoredMute } from './tables.ts';

/**
 * Inserts alerts in one statement with one JSON parameter (a storm inserts thousands: a parameter per value
 * would exceed PostgreSQL's 65,535 and cost more to build than to run). Returns ids in input order.
 */
export async function insertAlerts(tx: Db, values: ReadonlyArray<typeof alerts.$inferInsert>): Promise<number[]> {
  const rowsJson = values.map((v, ord) => ({
    ord,
    dedup_key: v.dedupKey,
    integration: v.integration,
    source: v.source,
    status: v.status,
    summary: v.summary,
    severity: v.severity ?? null,
    labels: v.labels,
    annotations: v.annotations,
    starts_at: v.startsAt,
    ends_at: v.endsAt ?? null,
    last_seen_at: v.lastSeenAt,
    count: v.count ?? 1,
    incident_id: v.incidentId,
    join_reason: v.joinReason,
    created_at: v.createdAt,
    muted_by: v.mutedBy ?? [],
  }));
  const inserted = await rows<{ id: string | number }>(
    tx,
    sql`insert into alerts (dedup_key, integration, source, status, summary, severity, labels, annotations,
          starts_at, ends_at, last_seen_at, count, incident_id, join_reason, created_at, muted_by)
        select dedup_key, integration, source, status, summary, severity, labels::jsonb, annotations::jsonb,
          starts_at, ends_at, last_seen_at, count, incident_id, join_reason, created_at, muted_by::jsonb
        from json_to_recordset(${JSON.stringify(rowsJson)}::json)
          as x(ord int, dedup_key text, integration text, source text, status text, summary text, severity text,
               labels json, annotations json, starts_at timestamptz, ends_at timestamptz, last_seen_at timestamptz,
               count int, incident_id bigint, join_reason text, created_at timestamptz, muted_by json)
        order by ord
        returning id`,
  );
  return inserted.map((r) => Number(r.id));
}

/** Inserts one incident (convergence opens it when a group key has no open incident); returns the row. */
export async function insertIncident(
  tx: Db,
  values: typeof incidents.$inferInsert,
): Promise<typeof incidents.$inferSelect> {
  const [row] = await tx.insert(incidents).values(values).returning();
  return row!;
}

/** An alert's fields after a batch (column names, as the statement reads them); `id` is set once inserted. */
export interface AlertChange {
  id: number | null;
  status: string;
  count: number;
  last_seen_at: Date;
  ends_at: Date | null;
  summary: string;
  severity: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  muted_by: StoredMute[];
}

/** An incident's fields after a batch (column names, as the statement reads them). */
export interface IncidentChange {
  id: number;
  status: string;
  alert_count: number;
  firing_count: number;
  updated_at: Date;
  impact_started_at: Date | null;
  levels: Record<string, number>;
  level_explanation: unknown[];
  risk: boolean;
  mitigated_at: Date | null;
  /** Cleared when convergence reopens a resolved incident (flapping). */
  resolved_at: Date | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  held_since: Date | null;
  held_pages: Array<{ step: string; audience: 'oncall' | 'leadership' }>;
  gate_firings: string[] | null;
}

/** Writes the changed alerts: status, count, last seen, end, summary, severity, labels, annotations. */
export async function updateAlerts(tx: Db, changed: readonly AlertChange[]): Promise<void> {
  if (changed.length > 0) {
    await tx.execute(sql`
      update alerts as a set status = v.status, count = v.count, last_seen_at = v.last_seen_at, ends_at = v.ends_at,
        summary = v.summary, severity = v.severity, labels = v.labels, annotations = v.annotations,
        muted_by = v.muted_by
      from jsonb_to_recordset(${JSON.stringify(changed)}::jsonb) as v(id bigint, status text, count int,
        last_seen_at timestamptz, ends_at timestamptz, summary text, severity text, labels jsonb, annotations jsonb,
        muted_by jsonb)
      where a.id = v.id`);
  }
}

/** Writes the changed incidents: status, counts, levels and their explanation, risk, milestones. */
export async function updateIncidents(tx: Db, changed: readonly IncidentChange[]): Promise<void> {
  if (changed.length > 0) {
    await tx.execute(sql`
      update incidents as i set status = v.status, alert_count = v.alert_count, firing_count = v.firing_count,
        updated_at = v.updated_at, impact_started_at = v.impact_started_at, levels = v.levels,
        level_explanation = v.level_explanation, risk = v.risk, mitigated_at = v.mitigated_at,
        resolved_at = v.resolved_at, acknowledged_at = v.acknowledged_at, acknowledged_by = v.acknowledged_by, held_since = v.held_since,
        held_pages = v.held_pages, gate_firings = nullif(v.gate_firings, 'null'::jsonb)
      from jsonb_to_recordset(${JSON.stringify(changed)}::jsonb) as v(id bigint, status text, alert_count int,
        firing_count int, updated_at timestamptz, impact_started_at timestamptz, levels jsonb, level_explanation jsonb,
        risk boolean, mitigated_at timestamptz, resolved_at timestamptz, acknowledged_at timestamptz, acknowledged_by text,
        held_since timestamptz, held_pages jsonb, gate_firings jsonb)
      where i.id = v.id`);
  }
}
