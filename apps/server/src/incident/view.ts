/** Maps incident rows to the API's shapes (packages/contracts). */
import type {
  AlertView,
  IncidentSummary,
  LevelExplanation,
  LevelHistoryEntry,
  NoiseMark,
  TimelineEntry,
} from '@faultline/contracts';
import type { alerts, incidents, StoredNoise, timeline } from './tables.ts';
import { formatLevel } from '../levels/index.ts';
import { redactJson, redactText } from '../lib/index.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A stored noise mark as the API shows it (its reason redacted as timeline messages are). */
export function noiseView(n: StoredNoise | null): NoiseMark | null {
  return n ? { by: n.by, at: n.at, reason: redactText(n.reason) } : null;
}

/** `{P: 2, S: 3}` → `{P: "P2", S: "S3"}`. */
export function levelLabels(levels: Record<string, number>): Record<string, string> {
  return Object.fromEntries(Object.entries(levels).map(([seq, n]) => [seq, formatLevel(seq, n)]));
}

/** `{P: 2, S: 3}` → `"P2 S3"` (empty string when ungraded). */
export function formatLevels(levels: Record<string, number>): string {
  return Object.values(levelLabels(levels)).join(' ');
}

/**
 * An incident row as the API's summary; `now` decides whether its postmortem is overdue (past its due time and
 * not published).
 */
export function toSummary(row: typeof incidents.$inferSelect, now: Date): IncidentSummary {
  return {
    id: row.id,
    title: row.title,
    status: row.status as IncidentSummary['status'],
    levels: levelLabels(row.levels),
    risk: row.risk,
    service: row.service,
    team: row.team,
    groupKey: row.groupKey,
    alertCount: row.alertCount,
    firingCount: row.firingCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    acknowledgedAt: iso(row.acknowledgedAt),
    mitigatedAt: iso(row.mitigatedAt),
    postmortemDueAt: iso(row.postmortemDueAt),
    postmortemOverdue: row.postmortemDueAt !== null && now.getTime() >= row.postmortemDueAt.getTime(),
    drill: row.drill !== null,
    noise: noiseView(row.noise),
  };
}

export function toAlertView(row: typeof alerts.$inferSelect): AlertView {
  return {
    id: row.id,
    dedupKey: row.dedupKey,
    source: row.source,
    integration: row.integration,
    status: row.status as AlertView['status'],
    summary: row.summary,
    severity: row.severity,
    labels: row.labels,
    annotations: row.annotations,
    startsAt: row.startsAt.toISOString(),
    endsAt: iso(row.endsAt),
    lastSeenAt: row.lastSeenAt.toISOString(),
    count: row.count,
    joinReason: row.joinReason,
    mutedBy: row.mutedBy.map((m) => ({ kind: m.kind, id: m.id, until: m.until, reason: redactText(m.reason) })),
    noise: noiseView(row.noise),
  };
}

export function toTimelineEntry(row: typeof timeline.$inferSelect): TimelineEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    kind: row.kind as TimelineEntry['kind'],
    actor: row.actor,
    message: redactText(row.message),
    data: redactJson(row.data),
  };
}

export const toExplanation = (raw: unknown[]): LevelExplanation[] => raw as LevelExplanation[];

/** Every level change of an incident, oldest first, from its `level_set` and `level_changed` entries. */
export function levelHistory(entries: readonly TimelineEntry[]): LevelHistoryEntry[] {
  return entries
    .filter((e) => e.kind === 'level_set' || e.kind === 'level_changed')
    .map((e) => {
      const d = e.data as {
        sequence?: string;
        from?: string | null;
        level?: string | null;
        ruleId?: string;
        evidence?: string[];
        reason?: string;
      };
      return {
        at: e.at,
        sequence: d.sequence ?? '?',
        from: d.from ?? null,
        to: d.level ?? null,
        actor: e.actor,
        ruleId: d.ruleId ?? null,
        reason: d.reason ?? null,
        evidence: d.evidence ?? [],
      };
    });
}
