/**
 * The template prefilled from what the incident already knows (issue 10 item 1): the timeline from its key
 * times and its people-written timeline entries, the impact from its impact facts, the discovery, response
 * and recovery durations from its milestones, the linked changes from the room. People then curate it. Pure.
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
  const start = m.impact_started_at ?? m.detected_at;
  const end = m.mitigated_at ?? m.resolved_at;
  return Sections.parse({
    summary: input.title,
    impact: {
      periods: start ? `${start.toISOString()} – ${end ? end.toISOString() : 'ongoing'}` : '',
      financialLoss: num('financialLoss'),
      usersAffected: num('affectedUsers'),
      merchantsAffected: num('merchants'),
      declinePercent: null,
    },
    timeline: lines,
    prevention: {
      changeTriggered: input.room.linkedChanges.length > 0 ? true : null,
      linkedChanges: input.room.linkedChanges,
    },
    discovery: { detectionMinutes: minutesBetween(m.impact_started_at, m.detected_at) },
    response: { acknowledgeMinutes: minutesBetween(m.detected_at, m.acknowledged_at) },
    recovery: { recoveryMinutes: minutesBetween(start, end) },
  });
}
