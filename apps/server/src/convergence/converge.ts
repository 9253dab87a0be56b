/**
 * Convergence (DESIGN §5): applies committed intake events to alerts and incidents.
 *
 * Steps per signal: **dedup** (same scoped dedup key ⇒ same alert: count, last seen; resolve closes it),
 * **group** (same group key while an incident is open ⇒ same incident), **grade** (levels from the rules,
 * upgrade-only), and **page** (on a new incident unless it is only a risk, and on each upgrade; through the
 * team's escalation policy when it has one).
 * Suppression is a later step.
 *
 * Events are applied in id order, a batch per transaction, and marked processed in that same transaction:
 * a crash re-applies nothing twice and loses nothing. A transaction-scoped advisory lock keeps one node
 * converging at a time, so two nodes never split a group or double-count a repeat. A batch that fails
 * throws `BatchFailed` naming its events; the caller (bisect.ts) retries a smaller prefix, and quarantines
 * an event that fails on its own (quarantine.ts), so one bad event never blocks the ones behind it.
 *
 * A batch is applied set-wise: the alerts and incidents it touches are read in two statements (incidents
 * locked `FOR UPDATE`, so a concurrent acknowledge waits instead of being overwritten), the signals are
 * applied in order in memory (`batch-state.ts`), and the result is written back in a few multi-row
 * statements. The cost per batch is nearly constant, so a storm converges as fast as it is accepted.
 */
import { and, desc, inArray, or, sql } from 'drizzle-orm';
import { OPEN_INCIDENT_STATUSES } from '@faultline/contracts';
import type { Db } from '../db/client.ts';
import { rows } from '../db/client.ts';
import { alerts, events, incidents } from '../db/schema/index.ts';
import type { Signal } from '../intake/signal.ts';
import type { LoadedConfig } from '../config/active.ts';
import { addTimeline } from '../incident/timeline.ts';
import { pageOrEscalate } from '../escalation/engine.ts';
import { scheduleDurationCheck } from '../incident/grading.ts';
import { groupKey } from './group-key.ts';
import { routeAlert, type Route } from './route.ts';
import { BatchState, type PlannedSignal } from './batch-state.ts';

const CONVERGENCE_LOCK = 7_041_978;

/** Signals applied per transaction, at most (a batch ends at the event that crosses it). */
export const MAX_SIGNALS_PER_BATCH = 1_000;

export interface ConvergeResult {
  events: number;
  signals: number;
  createdIncidents: number[];
  updatedIncidents: number[];
  /** The round queued pages or timers: only then is the job loop worth waking. */
  queuedJobs: boolean;
}

/** `column in (values of a JSON array)`: one parameter however many values, the same on both drivers. */
const inJson = (column: Parameters<typeof sql>[1], values: readonly (string | number)[]) =>
  sql`${column} in (select jsonb_array_elements_text(${JSON.stringify(values.map(String))}::jsonb)${
    typeof values[0] === 'number' ? sql`::bigint` : sql``
  })`;

/**
 * Inserts alerts in one statement with one JSON parameter (a storm inserts thousands: a parameter per value
 * would exceed PostgreSQL's 65,535 and cost more to build than to run). Returns ids in input order.
 */
async function insertAlerts(tx: Db, values: ReadonlyArray<typeof alerts.$inferInsert>): Promise<number[]> {
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
  }));
  const inserted = await rows<{ id: string | number }>(
    tx,
    sql`insert into alerts (dedup_key, integration, source, status, summary, severity, labels, annotations,
          starts_at, ends_at, last_seen_at, count, incident_id, join_reason, created_at)
        select dedup_key, integration, source, status, summary, severity, labels::jsonb, annotations::jsonb,
          starts_at, ends_at, last_seen_at, count, incident_id, join_reason, created_at
        from json_to_recordset(${JSON.stringify(rowsJson)}::json)
          as x(ord int, dedup_key text, integration text, source text, status text, summary text, severity text,
               labels json, annotations json, starts_at timestamptz, ends_at timestamptz, last_seen_at timestamptz,
               count int, incident_id bigint, join_reason text, created_at timestamptz)
        order by ord
        returning id`,
  );
  return inserted.map((r) => Number(r.id));
}

/** A batch failed and was rolled back: nothing of it was applied. */
export class BatchFailed extends Error {
  override name = 'BatchFailed';
  /** The batch's events, in id order (the prefix of the pending events it tried). */
  readonly eventIds: readonly number[];

  constructor(eventIds: readonly number[], cause: unknown) {
    super(`converging events ${eventIds[0]}..${eventIds.at(-1)} (${eventIds.length}) failed`, { cause });
    this.eventIds = eventIds;
  }
}

/**
 * Applies unprocessed events that are not quarantined, oldest first, up to `limit` events or about
 * MAX_SIGNALS_PER_BATCH signals, in one transaction. Returns what changed so the caller can publish live
 * updates after commit; `events: 0` means idle (nothing pending, or another node holds the convergence lock).
 * @throws BatchFailed when the batch could not be applied (rolled back; its `cause` is the error); errors
 *   before any event was read (the database is unreachable) are thrown as they are
 */
export async function convergeBatch(db: Db, cfg: LoadedConfig, now: Date, limit = 200): Promise<ConvergeResult> {
  const eventIds: number[] = [];
  try {
    return await applyBatch(db, cfg, now, limit, eventIds);
  } catch (e) {
    if (eventIds.length === 0) throw e;
    throw new BatchFailed(eventIds, e);
  }
}

/** convergeBatch's transaction; fills `eventIds` with the batch's events as soon as they are chosen. */
async function applyBatch(
  db: Db,
  cfg: LoadedConfig,
  now: Date,
  limit: number,
  eventIds: number[],
): Promise<ConvergeResult> {
  return db.transaction(async (tx) => {
    const idle: ConvergeResult = {
      events: 0,
      signals: 0,
      createdIncidents: [],
      updatedIncidents: [],
      queuedJobs: false,
    };
    const locked = await rows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${CONVERGENCE_LOCK}) as ok`);
    if (!locked[0]?.ok) return idle;
    const pending = await rows<{ id: string | number; integration: string; signals: unknown }>(
      tx,
      sql`select id, integration, signals from events where processed_at is null and quarantined_at is null
          order by id limit ${limit}`,
    );
    if (pending.length === 0) return idle;

    // Plan: route and group-key every signal (pure), ending the batch near MAX_SIGNALS_PER_BATCH.
    const planned: PlannedSignal[] = [];
    for (const ev of pending) {
      if (eventIds.length > 0 && planned.length >= MAX_SIGNALS_PER_BATCH) break;
      eventIds.push(Number(ev.id));
      const signals = (typeof ev.signals === 'string' ? JSON.parse(ev.signals) : ev.signals) as Signal[];
      const integration = cfg.integrations.get(ev.integration);
      for (const signal of signals) {
        const route: Route = integration
          ? routeAlert(integration, signal.labels, cfg.catalog)
          : { service: null, reason: `integration ${ev.integration} is no longer configured` };
        planned.push({
          integration: ev.integration,
          signal,
          dedupKey: `${ev.integration}:${signal.dedupKey}`,
          route,
          groupKey: groupKey(route.service?.id ?? null, signal.labels, cfg.config.convergence.groupBy),
        });
      }
    }

    // Read what the batch touches: the latest alert per dedup key, their incidents and the open
    // incidents of the batch's group keys (locked).
    const dedupKeys = [...new Set(planned.map((p) => p.dedupKey))];
    const latest = await tx
      .selectDistinctOn([alerts.dedupKey])
      .from(alerts)
      .where(inJson(alerts.dedupKey, dedupKeys))
      .orderBy(alerts.dedupKey, desc(alerts.id));
    const incidentIds = [...new Set(latest.map((a) => a.incidentId))];
    const groupKeys = [...new Set(planned.map((p) => p.groupKey))];
    const touched = await tx
      .select()
      .from(incidents)
      .where(
        or(
          incidentIds.length ? inJson(incidents.id, incidentIds) : sql`false`,
          and(inJson(incidents.groupKey, groupKeys), inArray(incidents.status, [...OPEN_INCIDENT_STATUSES])),
        ),
      )
      .for('update');

    // Apply in order, in memory.
    const state = new BatchState(cfg, now, latest, touched, (values) =>
      tx
        .insert(incidents)
        .values(values)
        .returning()
        .then((r) => r[0]!),
    );
    for (const p of planned) await state.apply(p);

    // Write back.
    const { newAlerts, changedAlerts, changedIncidents, timeline, pages } = state.changes();
    if (newAlerts.length > 0) {
      const ids = await insertAlerts(
        tx,
        newAlerts.map((a) => a.values),
      );
      newAlerts.forEach((a, i) => (a.id = ids[i]!));
    }
    if (changedAlerts.length > 0) {
      await tx.execute(sql`
        update alerts as a set status = v.status, count = v.count, last_seen_at = v.last_seen_at, ends_at = v.ends_at,
          summary = v.summary, severity = v.severity, labels = v.labels, annotations = v.annotations
        from jsonb_to_recordset(${JSON.stringify(changedAlerts)}::jsonb) as v(id bigint, status text, count int,
          last_seen_at timestamptz, ends_at timestamptz, summary text, severity text, labels jsonb, annotations jsonb)
        where a.id = v.id`);
    }
    if (changedIncidents.length > 0) {
      await tx.execute(sql`
        update incidents as i set status = v.status, alert_count = v.alert_count, firing_count = v.firing_count,
          updated_at = v.updated_at, impact_started_at = v.impact_started_at, levels = v.levels,
          level_explanation = v.level_explanation, risk = v.risk, mitigated_at = v.mitigated_at,
          acknowledged_at = v.acknowledged_at, acknowledged_by = v.acknowledged_by
        from jsonb_to_recordset(${JSON.stringify(changedIncidents)}::jsonb) as v(id bigint, status text, alert_count int,
          firing_count int, updated_at timestamptz, impact_started_at timestamptz, levels jsonb, level_explanation jsonb,
          risk boolean, mitigated_at timestamptz, acknowledged_at timestamptz, acknowledged_by text)
        where i.id = v.id`);
    }
    await addTimeline(tx, ...timeline.map((t) => t()));
    for (const page of pages) await pageOrEscalate(tx, cfg, { ...page, now });
    const regraded = state.regradedIncidents();
    for (const row of regraded) await scheduleDurationCheck(tx, cfg, row, now);
    await tx.update(events).set({ processedAt: now }).where(inJson(events.id, eventIds));

    const created = state.createdIncidentIds();
    return {
      events: eventIds.length,
      signals: planned.length,
      createdIncidents: created,
      updatedIncidents: changedIncidents.map((i) => i.id).filter((id) => !created.includes(id)),
      queuedJobs: pages.length > 0 || regraded.length > 0,
    };
  });
}
