/**
 * Urgency of an incident for personal notification rules (DESIGN §7: "rules per urgency"). Each person's
 * rules say how to reach them for `high` and for `low` incidents (e.g. high: email now, SMS after 2 min,
 * voice after 5; low: email only).
 *
 * Rule (docs/notifications.md): a risk is `low`. Otherwise, with `notify.urgency.high` set in the config, an
 * incident is `high` when any of its level labels (`P1`, `S2` …) is listed; without it, when any sequence is
 * at level 1 or 2 (the two most severe levels of every sequence). Everything else, ungraded included, is `low`.
 */
import type { UrgencyConfig } from './config.ts';

export type Urgency = 'high' | 'low';
export const URGENCIES: readonly Urgency[] = ['high', 'low'];

/** Levels at or above this number (1 is the most severe) are high urgency by default. */
export const DEFAULT_HIGH_UP_TO = 2;

/**
 * The urgency of an incident with `levels` (`{ P: 2, S: 3 }`, sequence → level number) and `risk`.
 * Pure; never throws.
 */
export function urgencyOf(
  incident: { levels: Readonly<Record<string, number>>; risk: boolean },
  config: UrgencyConfig = {},
): Urgency {
  if (incident.risk) return 'low';
  const entries = Object.entries(incident.levels);
  if (config.high) {
    const high = new Set(config.high.map((l) => l.toUpperCase()));
    return entries.some(([seq, n]) => high.has(`${seq}${n}`.toUpperCase())) ? 'high' : 'low';
  }
  return entries.some(([, n]) => n <= DEFAULT_HIGH_UP_TO) ? 'high' : 'low';
}
