/**
 * Noise share (dictionary `noise_share`, issue 16 point 9): of the counted incidents of the period, those a
 * person marked as noise — overall, per source (integration) and per rule, so a review shows which
 * integrations and which rules make noise.
 */
import type { NoiseView } from '@faultline/contracts';
import type { Selection } from './counts.ts';
import { exclusions, type IncidentFacts } from './facts.ts';
import { rate } from './stats.ts';

/** Source key of an incident without alerts (a person declared it). */
export const DECLARED_SOURCE = 'declared';

/**
 * The rule key of an incident in `sequence`: the id of the rule behind its level there (`manual` when a person
 * set it), else `alertname:<name>` of its first alert when it is ungraded in that sequence, else `none`.
 */
export function ruleKeyOf(f: IncidentFacts, sequence: string): string {
  const graded = f.gradedBy[sequence];
  if (graded !== undefined && f.levels[sequence] !== undefined) return graded;
  return f.alertname ? `alertname:${f.alertname}` : 'none';
}

function rows(tally: Map<string, { count: number; n: number }>): NoiseView['bySource'] {
  return [...tally]
    .map(([key, { count, n }]) => ({ key, count, n, rate: rate(count, n) }))
    .sort((a, b) => b.count - a.count || b.n - a.n || a.key.localeCompare(b.key));
}

function add(tally: Map<string, { count: number; n: number }>, key: string, noise: boolean): void {
  const t = tally.get(key) ?? { count: 0, n: 0 };
  t.n += 1;
  if (noise) t.count += 1;
  tally.set(key, t);
}

/**
 * `noise_share` of a selection. An incident with alerts from several integrations counts once under each, so
 * the per-source rows may add up to more than N; per rule it counts once.
 */
export function noiseShare(selection: Selection, sequence: string): NoiseView {
  const bySource = new Map<string, { count: number; n: number }>();
  const byRule = new Map<string, { count: number; n: number }>();
  let count = 0;
  for (const { f } of selection.counted) {
    if (f.noise) count += 1;
    for (const s of f.sources.length ? f.sources : [DECLARED_SOURCE]) add(bySource, s, f.noise);
    add(byRule, ruleKeyOf(f, sequence), f.noise);
  }
  const n = selection.counted.length;
  return {
    metric: 'noise_share',
    share: { metric: 'noise_share', count, n, rate: rate(count, n) },
    bySource: rows(bySource),
    byRule: rows(byRule),
    excluded: exclusions(selection.excluded),
  };
}
