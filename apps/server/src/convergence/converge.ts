/**
 * Convergence (DESIGN §5): applies committed intake events to alerts and incidents.
 *
 * Steps per signal: **dedup** (same scoped dedup key ⇒ same alert: count, last seen; resolve closes it),
 * **group** (same group key while an incident is open ⇒ same incident), **grade** (levels from the rules,
 * upgrade-only), and **page** (on a new graded incident and on each upgrade). Suppression is a later step.
 *
 * Events are applied in id order, a batch per transaction, and marked processed in that same transaction:
 * a crash re-applies nothing twice and loses nothing. A transaction-scoped advisory lock keeps one node
 * converging at a time, so two nodes never split a group or double-count a repeat.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { OPEN_INCIDENT_STATUSES, type LevelExplanation } from '@faultline/contracts';
import type { Db } from '../db/client.ts';
import { rows } from '../db/client.ts';
import { alerts, events, incidents } from '../db/schema/index.ts';
import type { Signal } from '../intake/signal.ts';
import type { LoadedConfig } from '../config/active.ts';
import type { ServiceEntry } from '../catalog/catalog.ts';
import { grade, formatLevel } from '../levels/grade.ts';
import { addTimeline } from '../incident/timeline.ts';
import { pageOnCall } from '../notify/page.ts';
import { groupKey } from './group-key.ts';
import { routeAlert } from './route.ts';

const CONVERGENCE_LOCK = 7_041_978;

type IncidentRow = typeof incidents.$inferSelect;
type AlertRow = typeof alerts.$inferSelect;

export interface ConvergeResult {
  events: number;
  signals: number;
  createdIncidents: number[];
  updatedIncidents: number[];
}

interface EventRow {
  id: number;
  integration: string;
  source: string;
  signals: Signal[];
}

/**
 * Applies up to `limit` unprocessed events in one transaction.
 * Returns what changed so the caller can publish live updates after commit; `events: 0` means idle
 * (nothing pending, or another node holds the convergence lock).
 */
export async function convergeBatch(db: Db, cfg: LoadedConfig, now: Date, limit = 100): Promise<ConvergeResult> {
  return db.transaction(async (tx) => {
    const result: ConvergeResult = { events: 0, signals: 0, createdIncidents: [], updatedIncidents: [] };
    const locked = await rows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${CONVERGENCE_LOCK}) as ok`);
    if (!locked[0]?.ok) return result;
    const batch = await rows<{ id: string | number; integration: string; source: string; signals: unknown }>(
      tx,
      sql`select id, integration, source, signals from events where processed_at is null order by id limit ${limit}`,
    );
    if (batch.length === 0) return result;
    const created = new Set<number>();
    const updated = new Set<number>();
    for (const raw of batch) {
      const ev: EventRow = {
        id: Number(raw.id),
        integration: raw.integration,
        source: raw.source,
        signals: (typeof raw.signals === 'string' ? JSON.parse(raw.signals) : raw.signals) as Signal[],
      };
      for (const signal of ev.signals) {
        const touched = await applySignal(tx, cfg, ev, signal, now);
        if (touched) (touched.created ? created : updated).add(touched.incidentId);
        result.signals++;
      }
    }
    const ids = batch.map((b) => Number(b.id));
    await tx.update(events).set({ processedAt: now }).where(inArray(events.id, ids));
    result.events = batch.length;
    result.createdIncidents = [...created];
    result.updatedIncidents = [...updated].filter((id) => !created.has(id));
    return result;
  });
}

interface Touched {
  incidentId: number;
  created: boolean;
}

async function applySignal(db: Db, cfg: LoadedConfig, ev: EventRow, signal: Signal, now: Date): Promise<Touched | null> {
  const dedupKey = `${ev.integration}:${signal.dedupKey}`;
  const [latest] = await db.select().from(alerts).where(eq(alerts.dedupKey, dedupKey)).orderBy(desc(alerts.id)).limit(1);
  const incident = latest
    ? (await db.select().from(incidents).where(eq(incidents.id, latest.incidentId)).limit(1))[0]
    : undefined;
  const open = incident !== undefined && OPEN_INCIDENT_STATUSES.includes(incident.status as never);

  switch (signal.action) {
    case 'trigger':
      if (latest && incident && open) return repeatAlert(db, cfg, latest, incident, signal, now);
      return newAlert(db, cfg, ev, dedupKey, signal, now);
    case 'acknowledge':
      if (!incident || !open || incident.status !== 'triggered') return null;
      await db
        .update(incidents)
        .set({ status: 'acknowledged', acknowledgedAt: now, acknowledgedBy: `integration ${ev.integration}`, updatedAt: now })
        .where(eq(incidents.id, incident.id));
      await addTimeline(db, {
        incidentId: incident.id,
        at: now,
        kind: 'acknowledged',
        actor: ev.integration,
        message: `acknowledged through integration ${ev.integration}`,
      });
      return { incidentId: incident.id, created: false };
    case 'resolve':
      if (!latest || !incident || latest.status !== 'firing') return null;
      return resolveAlert(db, latest, incident, signal, now);
  }
}

function serviceOf(cfg: LoadedConfig, id: string | null): ServiceEntry | null {
  return id ? (cfg.catalog.service(id) ?? null) : null;
}

async function newAlert(db: Db, cfg: LoadedConfig, ev: EventRow, dedupKey: string, signal: Signal, now: Date): Promise<Touched> {
  const integration = cfg.integrations.get(ev.integration);
  const route = integration ? routeAlert(integration, signal.labels, cfg.catalog) : { service: null, reason: `integration ${ev.integration} is no longer configured` };
  const key = groupKey(route.service?.id ?? null, signal.labels, cfg.config.convergence.groupBy);
  let [incident] = await db
    .select()
    .from(incidents)
    .where(and(eq(incidents.groupKey, key), inArray(incidents.status, [...OPEN_INCIDENT_STATUSES])))
    .limit(1);
  let created = false;
  let joinReason: string;
  const startsAt = new Date(signal.startsAt);
  if (!incident) {
    [incident] = await db
      .insert(incidents)
      .values({
        title: signal.summary,
        status: 'triggered',
        groupKey: key,
        service: route.service?.id ?? null,
        team: route.service?.team ?? null,
        createdAt: now,
        updatedAt: now,
        detectedAt: now,
        impactStartedAt: startsAt,
      })
      .returning();
    if (!incident) throw new Error('insert incident returned no row');
    created = true;
    joinReason = `opened incident #${incident.id}: no open incident had group key ${key} (${route.reason})`;
    await addTimeline(db, {
      incidentId: incident.id,
      at: now,
      kind: 'incident_opened',
      actor: ev.integration,
      message: `incident opened by ${signal.source} alert "${signal.summary}"`,
      data: { groupKey: key, service: route.service?.id ?? null },
    });
  } else {
    joinReason = `joined incident #${incident.id}: same group key ${key} while it is ${incident.status} (${route.reason})`;
  }
  const [alert] = await db
    .insert(alerts)
    .values({
      dedupKey,
      integration: ev.integration,
      source: signal.source,
      status: 'firing',
      summary: signal.summary,
      severity: signal.severity,
      labels: signal.labels,
      annotations: signal.annotations,
      startsAt,
      endsAt: null,
      lastSeenAt: now,
      count: 1,
      incidentId: incident.id,
      joinReason,
      createdAt: now,
    })
    .returning({ id: alerts.id });
  const impactStartedAt = incident.impactStartedAt && incident.impactStartedAt < startsAt ? incident.impactStartedAt : startsAt;
  const reopened = incident.status === 'mitigated';
  await db
    .update(incidents)
    .set({
      alertCount: sql`${incidents.alertCount} + 1`,
      firingCount: sql`${incidents.firingCount} + 1`,
      updatedAt: now,
      impactStartedAt,
      ...(reopened ? { status: incident.acknowledgedAt ? 'acknowledged' : 'triggered', mitigatedAt: null } : {}),
    })
    .where(eq(incidents.id, incident.id));
  await addTimeline(db, {
    incidentId: incident.id,
    at: now,
    kind: 'alert_joined',
    actor: ev.integration,
    message: `alert "${signal.summary}" joined: ${joinReason}`,
    data: { alertId: alert?.id, labels: signal.labels },
  });
  if (reopened) await reopenEntry(db, incident.id, now, signal.summary);
  await regrade(db, cfg, incident, signal, now, created);
  return { incidentId: incident.id, created };
}

async function reopenEntry(db: Db, incidentId: number, now: Date, summary: string): Promise<void> {
  await addTimeline(db, {
    incidentId,
    at: now,
    kind: 'reopened',
    actor: 'system',
    message: `alert "${summary}" fired again: the incident is no longer mitigated`,
  });
}

async function repeatAlert(db: Db, cfg: LoadedConfig, alert: AlertRow, incident: IncidentRow, signal: Signal, now: Date): Promise<Touched> {
  const refired = alert.status === 'resolved';
  await db
    .update(alerts)
    .set({
      count: sql`${alerts.count} + 1`,
      lastSeenAt: now,
      status: 'firing',
      endsAt: null,
      summary: signal.summary,
      severity: signal.severity,
      labels: signal.labels,
      annotations: signal.annotations,
    })
    .where(eq(alerts.id, alert.id));
  if (!refired) {
    // A repeat of a firing alert changes counts only; no timeline row, so an alert storm stays readable.
    await db.update(incidents).set({ updatedAt: now }).where(eq(incidents.id, incident.id));
    return { incidentId: incident.id, created: false };
  }
  const reopened = incident.status === 'mitigated';
  await db
    .update(incidents)
    .set({
      firingCount: sql`${incidents.firingCount} + 1`,
      updatedAt: now,
      ...(reopened ? { status: incident.acknowledgedAt ? 'acknowledged' : 'triggered', mitigatedAt: null } : {}),
    })
    .where(eq(incidents.id, incident.id));
  await addTimeline(db, {
    incidentId: incident.id,
    at: now,
    kind: 'alert_repeated',
    actor: alert.integration,
    message: `alert "${signal.summary}" fired again after it had resolved`,
    data: { alertId: alert.id },
  });
  if (reopened) await reopenEntry(db, incident.id, now, signal.summary);
  await regrade(db, cfg, incident, signal, now, false);
  return { incidentId: incident.id, created: false };
}

async function resolveAlert(db: Db, alert: AlertRow, incident: IncidentRow, signal: Signal, now: Date): Promise<Touched> {
  const endsAt = signal.endsAt ? new Date(signal.endsAt) : now;
  await db.update(alerts).set({ status: 'resolved', endsAt, lastSeenAt: now }).where(eq(alerts.id, alert.id));
  const [after] = await db
    .update(incidents)
    .set({ firingCount: sql`greatest(${incidents.firingCount} - 1, 0)`, updatedAt: now })
    .where(eq(incidents.id, incident.id))
    .returning({ firingCount: incidents.firingCount, status: incidents.status });
  await addTimeline(db, {
    incidentId: incident.id,
    at: now,
    kind: 'alert_resolved',
    actor: alert.integration,
    message: `alert "${alert.summary}" resolved`,
    data: { alertId: alert.id, endsAt: endsAt.toISOString() },
  });
  if (after && after.firingCount === 0 && (after.status === 'triggered' || after.status === 'acknowledged')) {
    await db.update(incidents).set({ status: 'mitigated', mitigatedAt: now }).where(eq(incidents.id, incident.id));
    await addTimeline(db, {
      incidentId: incident.id,
      at: now,
      kind: 'mitigated',
      actor: 'system',
      message: 'all alerts resolved: the incident is mitigated (it stays open until a person resolves it)',
    });
  }
  return { incidentId: incident.id, created: false };
}

/**
 * Re-grades the incident on a firing alert. Automatic grading only upgrades (DESIGN §4), so grading the new
 * alert alone and keeping the more severe of old and new is the same as grading every alert again.
 * Pages on a new incident (unless it is only a risk) and on every upgrade.
 */
async function regrade(db: Db, cfg: LoadedConfig, incident: IncidentRow, signal: Signal, now: Date, isNew: boolean): Promise<void> {
  const result = grade(
    { alerts: [{ labels: signal.labels, status: 'firing' }], facts: {}, service: serviceOf(cfg, incident.service) },
    cfg.rules,
  );
  const levels = { ...incident.levels };
  const explanation = (incident.levelExplanation as LevelExplanation[]).slice();
  const upgrades: string[] = [];
  for (const match of result.explanation) {
    const current = levels[match.sequence];
    if (current !== undefined && current <= match.level) continue;
    levels[match.sequence] = match.level;
    const label = formatLevel(match.sequence, match.level);
    const entry: LevelExplanation = {
      sequence: match.sequence,
      level: label,
      ruleId: match.ruleId,
      rule: match.rule,
      evidence: match.evidence,
      setAt: now.toISOString(),
      actor: 'rule',
    };
    const at = explanation.findIndex((e) => e.sequence === match.sequence);
    if (at >= 0) explanation[at] = entry;
    else explanation.push(entry);
    upgrades.push(label);
    await addTimeline(db, {
      incidentId: incident.id,
      at: now,
      kind: 'level_set',
      actor: 'rule',
      message:
        current === undefined
          ? `level ${label} set by rule ${match.ruleId}: ${match.rule}`
          : `level upgraded ${formatLevel(match.sequence, current)} → ${label} by rule ${match.ruleId}: ${match.rule}`,
      data: { sequence: match.sequence, level: label, ruleId: match.ruleId, evidence: match.evidence },
    });
  }
  const graded = Object.keys(levels).length > 0;
  const risk = !graded && (incident.risk || result.risk);
  if (upgrades.length > 0 || risk !== incident.risk) {
    await db.update(incidents).set({ levels, levelExplanation: explanation, risk }).where(eq(incidents.id, incident.id));
  }
  if (isNew && !risk) {
    await pageOnCall(db, cfg.catalog, { incidentId: incident.id, team: incident.team, step: 'initial', now });
  } else if (!isNew && upgrades.length > 0) {
    await pageOnCall(db, cfg.catalog, { incidentId: incident.id, team: incident.team, step: `upgrade-${upgrades.join('-')}`, now });
  }
}
