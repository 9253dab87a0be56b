/**
 * The drill-down's narrowing (docs/analytics.md#api): which counted incidents stand behind a bar or point of
 * each chart of the review — a duration's N, a 1-5-10 stage reading, the change-induced incidents, a
 * postmortem timeliness cell, noise from one source. Pure; each rule is the one its metric counts by, so a
 * bar's drill-down lists exactly the incidents its number counts.
 */
import type { DurationMetricId } from '@faultline/contracts';
import { clockTargets, readClock, responsePolicy, type ResponseConfig } from '../response/index.ts';
import type { Counted } from './counts.ts';
import { timeliness } from './discipline.ts';
import { DURATION_SPANS } from './durations.ts';
import type { IncidentFacts, PostmortemFacts } from './facts.ts';
import { DECLARED_SOURCE } from './noise.ts';

/** The narrowing fields of a drill-down query (contracts `AnalyticsDrillQuery`). */
export interface DrillNarrowing {
  metric?: DurationMetricId | undefined;
  stage?: 'detect' | 'locate' | 'recover' | undefined;
  state?: 'met' | 'breached' | undefined;
  changeInduced?: boolean | undefined;
  postmortem?: 'onTime' | 'late' | 'overdue' | 'pending' | 'none' | undefined;
  postmortemLevel?: string | undefined;
  noiseSource?: string | undefined;
}

/** Whether `f` counts in the N of duration `metric`: both key times known and in order (durations.ts). */
export function inDuration(f: IncidentFacts, metric: DurationMetricId): boolean {
  const [from, to] = DURATION_SPANS[metric];
  const start = f.milestones[from];
  const end = f.milestones[to];
  return !!start && !!end && end.getTime() >= start.getTime();
}

/**
 * The counted incidents that pass every narrowing given.
 * @param now the query time: 1-5-10 readings and postmortem timeliness are taken at it, as the review's
 */
export function narrowDrill(
  rows: readonly Counted[],
  n: DrillNarrowing,
  ctx: { response: ResponseConfig; postmortems: readonly PostmortemFacts[]; now: Date },
): Counted[] {
  const pmOf = new Map(ctx.postmortems.map((p) => [p.incidentId, p]));
  return rows.filter(({ f }) => {
    if (n.metric !== undefined && !inDuration(f, n.metric)) return false;
    if (n.stage !== undefined) {
      const reading = readClock(
        { milestones: f.milestones, targets: clockTargets(responsePolicy(ctx.response, f.levels)) },
        ctx.now,
      ).stages.find((s) => s.stage === n.stage);
      const state = reading?.state;
      if (n.state !== undefined ? state !== n.state : state !== 'met' && state !== 'breached') return false;
    }
    if (n.changeInduced !== undefined && f.causedBy.length > 0 !== n.changeInduced) return false;
    if (n.postmortem !== undefined) {
      const pm = pmOf.get(f.id);
      if (n.postmortem === 'none') {
        if (pm) return false;
      } else if (!pm || timeliness(pm, ctx.now) !== n.postmortem) return false;
      if (n.postmortemLevel !== undefined && (pm?.level ?? 'none') !== n.postmortemLevel) return false;
    }
    if (
      n.noiseSource !== undefined &&
      !(f.noise && (f.sources.length ? f.sources : [DECLARED_SOURCE]).includes(n.noiseSource))
    )
      return false;
    return true;
  });
}
