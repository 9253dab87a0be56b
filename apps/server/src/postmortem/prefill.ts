/**
 * The template prefilled from what the incident already knows (issue 10 item 1): the timeline from its key
 * times and its people-written timeline entries, the impact from its impact facts and its KPI evidence (the decline
 * % and the impact period from the KPI watch's breach entries, the source noted beside them), the discovery,
 * response and recovery durations from its milestones, the linked changes from the room. People then curate it.
 * Pure.
 */
import type { PostmortemSections } from '@faultline/contracts';
import { PostmortemSections as Sections } from '@faultline/contracts';
import { MILESTONES, type MilestoneCode } from '../response/index.ts';
import type { RoomFacts } from './room.ts';

/** A timeline entry of the incident, as prefill reads it. */
export interface PrefillEntry {
  id: number;
  at: Date;
  kind: string;
  actor: string;
  message: string;
  /** The entry's structured data (a `kpi_breach` entry's evidence: kpi/evaluate.ts). */
  data?: Record<string, unknown> | null;
}

/** The KPI evidence of a `kpi_breach` entry, as prefill reads it (kpi/evaluate.ts `evidence`). */
interface KpiBreach {
  entry: PrefillEntry;
  watchId: string;
  value: number;
  baseline: number;
  dropPct: number;
  sustainedDropPct: number | null;
  windowMinutes: number | null;
  levels: string[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function kpiBreachOf(e: PrefillEntry): KpiBreach | null {
  const d = e.data ?? {};
  const n = (k: string) => (typeof d[k] === 'number' && Number.isFinite(d[k]) ? d[k] : null);
  const value = n('value');
  const baseline = n('baselineValue');
  const dropPct = n('dropPct');
  if (e.kind !== 'kpi_breach' || value === null || baseline === null || dropPct === null) return null;
  const levels =
    d.levels && typeof d.levels === 'object' ? Object.values(d.levels).filter((l) => typeof l === 'string') : [];
  return {
    entry: e,
    watchId: typeof d.watchId === 'string' ? d.watchId : e.actor.replace(/^kpi:/, ''),
    value,
    baseline,
    dropPct,
    sustainedDropPct: n('sustainedDropPct'),
    windowMinutes: n('windowMinutes'),
    levels,
  };
}

/**
 * The incident's decline from its KPI evidence: the breach entry that graded it with the largest sustained drop
 * (else the largest drop observed at a breach), as baseline against observed, with a sentence naming the source.
 * Null when the incident has no KPI breach with a drop.
 */
export function kpiDecline(
  entries: readonly PrefillEntry[],
): { percent: number; source: string; breach: KpiBreach } | null {
  const breaches = entries.map(kpiBreachOf).filter((b): b is KpiBreach => b !== null && b.dropPct > 0);
  const graded = breaches.filter((b) => b.sustainedDropPct !== null);
  const pool = graded.length > 0 ? graded : breaches;
  const key = (b: KpiBreach) => (graded.length > 0 ? b.sustainedDropPct! : b.dropPct);
  const best = pool.reduce<KpiBreach | null>((a, b) => (a === null || key(b) > key(a) ? b : a), null);
  if (!best) return null;
  const grading =
    best.sustainedDropPct !== null
      ? `; sustained ≥ ${best.sustainedDropPct} % over ${best.windowMinutes ?? '?'} min graded ${best.levels.join(', ') || 'the incident'}`
      : '';
  return {
    percent: Math.min(100, round1(best.dropPct)),
    source: `KPI watch ${best.watchId} (timeline #${best.entry.id}, ${best.entry.at.toISOString()}): ${best.value} against baseline ${best.baseline}, down ${round1(best.dropPct)} %${grading}`,
    breach: best,
  };
}

/** Timeline kinds worth a line in the postmortem: what people did and said, level changes, KPI breaches. */
const KEPT_KINDS = new Set(['note', 'level_changed', 'facts_updated', 'risk_promoted', 'kpi_breach', 'kpi_recovered']);

const minutesBetween = (a: Date | undefined, b: Date | undefined): number | null =>
  a && b ? Math.max(0, Math.round((b.getTime() - a.getTime()) / 60_000)) : null;

/**
 * The sections of a new postmortem.
 * @param input the incident's title, impact facts, timeline entries (oldest first) and the room's facts
 */
export function prefillSections(input: {
  title: string;
  facts: Record<string, unknown>;
  entries: readonly PrefillEntry[];
  room: RoomFacts;
}): PostmortemSections {
  const m = input.room.milestones;
  const label = (code: MilestoneCode) => MILESTONES.find((x) => x.code === code)?.label ?? code;
  const lines = [
    ...(Object.entries(m) as Array<[MilestoneCode, Date]>).map(([code, at]) => ({
      at: at.toISOString(),
      text: label(code),
      source: `milestone:${code}`,
    })),
    ...input.entries
      .filter((e) => KEPT_KINDS.has(e.kind))
      .map((e) => ({ at: e.at.toISOString(), text: `${e.message} (${e.actor})`, source: `timeline:${e.id}` })),
  ].sort((a, b) => a.at.localeCompare(b.at) || a.source.localeCompare(b.source));
  const num = (k: string): number | null => (typeof input.facts[k] === 'number' ? (input.facts[k] as number) : null);
  const decline = kpiDecline(input.entries);
  const firstBreach = input.entries.find((e) => e.kind === 'kpi_breach');
  const start = m.impact_started_at ?? firstBreach?.at ?? m.detected_at;
  const startFrom = m.impact_started_at
    ? 'impact started (key time)'
    : firstBreach
      ? `first KPI breach (timeline #${firstBreach.id})`
      : 'detected (key time)';
  // The KPI's own recovery ends the impact when the incident has one; else mitigation, else resolution.
  const recovered = start
    ? input.entries.find((e) => e.kind === 'kpi_recovered' && e.at.getTime() >= start.getTime())
    : undefined;
  const end = recovered?.at ?? m.mitigated_at ?? m.resolved_at;
  const endFrom = recovered
    ? `KPI recovered (timeline #${recovered.id})`
    : m.mitigated_at
      ? 'mitigated (key time)'
      : m.resolved_at
        ? 'resolved (key time)'
        : 'ongoing';
  return Sections.parse({
    summary: input.title,
    impact: {
      periods: start ? `${start.toISOString()} – ${end ? end.toISOString() : 'ongoing'}` : '',
      periodsSource: start ? `${startFrom} – ${endFrom}` : null,
      financialLoss: num('financialLoss'),
      usersAffected: num('affectedUsers'),
      merchantsAffected: num('merchants'),
      declinePercent: decline?.percent ?? null,
      declineSource: decline?.source ?? null,
    },
    timeline: lines,
    prevention: {
      changeTriggered: input.room.linkedChanges.length > 0 ? true : null,
      linkedChanges: input.room.linkedChanges,
    },
    discovery: { detectionMinutes: minutesBetween(m.impact_started_at, m.detected_at) },
    response: { acknowledgeMinutes: minutesBetween(m.detected_at, m.acknowledged_at) },
    recovery: {
      recoveryMinutes: minutesBetween(m.impact_started_at ?? m.detected_at, m.mitigated_at ?? m.resolved_at),
    },
  });
}
