/**
 * Convergence (DESIGN §5): applies committed intake events to alerts and incidents.
 *
 * Steps per signal: **dedup** (same scoped dedup key ⇒ same alert: count, last seen; resolve closes it),
 * **group** (same group key while an incident is open ⇒ same incident), **grade** (levels from the rules,
 * upgrade-only), and **page** (on a new incident unless it is only a risk, and on each upgrade; through the
 * team's escalation policy when it has one).
 * **suppress**: a signal whose alert is muted (a silence) is recorded with why (`alerts.muted_by`) but its
 * pages are held on the incident until the mute ends (batch-state.ts `routePages`, release.ts).
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
import { and, desc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import { OPEN_INCIDENT_STATUSES } from '@faultline/contracts';
import type { Db } from '../db/index.ts';
import type { LoadedConfig } from '../kernel/index.ts';
import { rows } from '../db/index.ts';
import {
  alerts,
  incidents,
  addTimeline,
  insertAlerts,
  insertIncident,
  scheduleDurationCheck,
  updateAlerts,
  updateIncidents,
} from '../incident/index.ts';
import { heartbeatIntegration, markEventsProcessed } from '../intake/index.ts';
import type { Signal } from '../intake/index.ts';
import { pageOrEscalate } from '../escalation/index.ts';
import { enqueueJob } from '../engine/index.ts';
import { loadMutes, upstreamWithin } from '../suppression/index.ts';
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
      const integration = cfg.integrations.get(ev.integration) ?? heartbeatIntegration(ev.integration);
      for (const signal of signals) {
        const route: Route = integration
          ? routeAlert(integration, signal.labels, cfg.catalog)
          : { service: null, reason: `integration ${ev.integration} is no longer configured` };
        const dedupKey = `${ev.integration}:${signal.dedupKey}`;
        planned.push({
          integration: ev.integration,
          signal,
          dedupKey,
          route,
          groupKey: groupKey(route.service?.id ?? null, signal.labels, cfg.config.convergence.groupBy, dedupKey),
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
    // Topology: the open incidents of the services the batch's services depend on (within the depth).
    const { topologyDepth, reopenWithinMinutes } = cfg.config.convergence;
    const upstream = [
      ...upstreamWithin(
        new Set(planned.flatMap((p) => (p.signal.action === 'trigger' && p.route.service ? [p.route.service.id] : []))),
        (id) => cfg.catalog.service(id)?.dependsOn ?? [],
        topologyDepth,
      ),
    ];
    // Flapping: the batch's groups' incidents resolved within the reopen window.
    const resolvedSince = new Date(now.getTime() - reopenWithinMinutes * 60_000);
    const touched = await tx
      .select()
      .from(incidents)
      .where(
        or(
          incidentIds.length ? inJson(incidents.id, incidentIds) : sql`false`,
          and(inJson(incidents.groupKey, groupKeys), inArray(incidents.status, [...OPEN_INCIDENT_STATUSES])),
          upstream.length
            ? and(inJson(incidents.service, upstream), inArray(incidents.status, [...OPEN_INCIDENT_STATUSES]))
            : sql`false`,
          reopenWithinMinutes > 0
            ? and(
                inJson(incidents.groupKey, groupKeys),
                eq(incidents.status, 'resolved'),
                gt(incidents.resolvedAt, resolvedSince),
              )
            : sql`false`,
        ),
      )
      .for('update');

    // Apply in order, in memory.
    const mutes = await loadMutes(
      tx,
      cfg,
      now,
      planned
        .filter((p) => p.signal.action === 'trigger')
        .map((p) => ({ dedupKey: p.dedupKey, labels: p.signal.labels })),
    );
    const state = new BatchState(cfg, now, latest, touched, (values) => insertIncident(tx, values), mutes);
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
    await updateAlerts(tx, changedAlerts);
    await updateIncidents(tx, changedIncidents);
    const entries = timeline.map((t) => t());
    await addTimeline(tx, ...entries);
    // A mitigated incident may need a postmortem (DESIGN §8); the postmortem domain, above, decides.
    for (const e of entries)
      if (e.kind === 'mitigated') await enqueueJob(tx, 'postmortem.open', { incidentId: e.incidentId }, now, now);
    for (const page of pages) await pageOrEscalate(tx, cfg, { ...page, now });
    // Recovery (above) nudges a paged incident's room when its recover target nears (issue 9 point 4).
    for (const id of new Set(pages.map((p) => p.incidentId)))
      await enqueueJob(tx, 'recovery.nudge', { incidentId: id }, now, now);
    const rechecks = state.heldRechecks();
    for (const r of rechecks) await enqueueJob(tx, 'convergence.release', { incidentId: r.incidentId }, r.at, now);
    // An inhibiting source that resolved may end the mute of held targets (no timer knows when): re-check them.
    const sweep = mutes.inhibits && planned.some((p) => p.signal.action === 'resolve');
    if (sweep) await enqueueJob(tx, 'convergence.release', {}, now, now);
    const regraded = state.regradedIncidents();
    for (const row of regraded) await scheduleDurationCheck(tx, cfg, row, now);
    await markEventsProcessed(tx, eventIds, now);

    const created = state.createdIncidentIds();
    return {
      events: eventIds.length,
      signals: planned.length,
      createdIncidents: created,
      updatedIncidents: changedIncidents.map((i) => i.id).filter((id) => !created.includes(id)),
      queuedJobs: pages.length > 0 || regraded.length > 0 || rechecks.length > 0 || sweep,
    };
  });
}
