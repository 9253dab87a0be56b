/**
 * Durations between key times (dictionary `mttd`, `mtta`, `time_to_locate`, `mttr`, `time_to_resolve`):
 * median, p90 and mean over the selected incidents that have both key times, overall, per bucket and per
 * level. An incident without one of the two key times, or whose end precedes its start, is excluded and
 * tallied — never replaced by another anchor, so "from the impact" always means from the impact.
 */
import type { DurationMetricId, DurationView } from '@faultline/contracts';
import type { MilestoneCode } from '../response/index.ts';
import type { Period } from './buckets.ts';
import type { Selection } from './counts.ts';
import { exclusions, keysOf, tally } from './facts.ts';
import { summarize } from './stats.ts';

/** Each duration's start and end key time (DESIGN §6). */
export const DURATION_SPANS: Readonly<Record<DurationMetricId, readonly [MilestoneCode, MilestoneCode]>> = {
  mttd: ['impact_started_at', 'detected_at'],
  mtta: ['detected_at', 'acknowledged_at'],
  time_to_locate: ['impact_started_at', 'cause_located_at'],
  mttr: ['impact_started_at', 'mitigated_at'],
  time_to_resolve: ['impact_started_at', 'resolved_at'],
};

export const DURATION_METRICS = Object.keys(DURATION_SPANS) as DurationMetricId[];

/**
 * One duration metric over a selection.
 * @returns stats in ms; `excluded` has the selection's exclusions plus `no <code>` and `ends before it starts`
 */
export function durationMetric(
  metric: DurationMetricId,
  selection: Selection,
  period: Period,
  sequence: string,
): DurationView {
  const [from, to] = DURATION_SPANS[metric];
  const excluded = new Map(selection.excluded);
  const all: number[] = [];
  const perBucket = new Map<string, number[]>(period.buckets.map((b) => [b.key, []]));
  const perLevel = new Map<string, number[]>();
  for (const { f, bucket } of selection.counted) {
    const start = f.milestones[from];
    const end = f.milestones[to];
    if (!start) tally(excluded, `no ${from}`);
    else if (!end) tally(excluded, `no ${to}`);
    else if (end.getTime() < start.getTime()) tally(excluded, `${to} before ${from}`);
    else {
      const ms = end.getTime() - start.getTime();
      all.push(ms);
      perBucket.get(bucket)!.push(ms);
      const level = keysOf(f, 'level', sequence)[0]!;
      const list = perLevel.get(level);
      if (list) list.push(ms);
      else perLevel.set(level, [ms]);
    }
  }
  return {
    metric,
    overall: summarize(all),
    byBucket: period.buckets.map((b) => ({ bucket: b.key, stat: summarize(perBucket.get(b.key)!) })),
    byLevel: [...perLevel]
      .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
      .map(([level, v]) => ({ level, stat: summarize(v) })),
    excluded: exclusions(excluded),
  };
}
