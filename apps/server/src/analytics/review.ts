/**
 * The monthly fault review of a period, assembled from the pure metrics: counts by every dimension, repeats,
 * durations, 1-5-10 compliance, noise share, releases against faults, postmortem and action discipline, and the headline
 * numbers of this period against the previous one of the same length.
 */
import {
  AnalyticsDimension,
  type AnalyticsBucket,
  type AnalyticsReview,
  type ComplianceView,
  type DurationView,
  type ReleasesView,
  type DurationMetricId,
  type DurationStat,
  type PeriodTotals,
} from '@faultline/contracts';
import type { ResponseConfig } from '../response/index.ts';
import { periodOf, previousPeriod, type Period } from './buckets.ts';
import { countIncidents, selectIncidents, type Selection } from './counts.ts';
import { clockCompliance, overallCompliance } from './compliance.ts';
import { actionDiscipline, postmortemTimeliness } from './discipline.ts';
import { DURATION_METRICS, durationMetric } from './durations.ts';
import type { ChangeFacts, IncidentFacts, PostmortemFacts, Scope } from './facts.ts';
import { releasesVsFaults, type ChangeScope } from './releases.ts';
import { repeatIncidents } from './repeats.ts';
import { noiseShare } from './noise.ts';
import { oncallLoad, type HourBands, type PageFacts } from './oncall-load.ts';

/** What a review is computed from. */
export interface ReviewInput {
  from: string;
  to: string;
  zone: string;
  bucket: AnalyticsBucket;
  scope: Scope;
  repeatDays: number;
  /** Every incident of the previous period, the period, and the repeat look-back before them. */
  incidents: readonly IncidentFacts[];
  changes: readonly ChangeFacts[];
  postmortems: readonly PostmortemFacts[];
  /** Delivered pages of the period (already filtered by the scope). */
  pages: readonly PageFacts[];
  changeScope: ChangeScope;
  response: ResponseConfig;
  now: Date;
  /** The on-call load's hour bands (config `analytics.hours`); default `HOURS`. */
  hours?: HourBands | undefined;
}

const iso = (d: Date) => d.toISOString();

/** The headline numbers of a period from its duration, release and compliance views. */
function totalsOf(
  selection: Selection,
  durations: readonly DurationView[],
  releases: ReleasesView,
  compliance: ComplianceView,
  from: string,
  to: string,
): PeriodTotals {
  return {
    from,
    to,
    incidents: selection.counted.length,
    durations: Object.fromEntries(durations.map((d) => [d.metric, d.overall])) as Record<
      DurationMetricId,
      DurationStat
    >,
    changeInducedShare: releases.changeInducedShare,
    clockCompliance: { metric: 'clock_compliance', ...overallCompliance(compliance) },
  };
}

/** The headline numbers of a period computed afresh (the previous period, whose views are not shown). */
function totals(input: ReviewInput, period: Period, selection: Selection, from: string, to: string): PeriodTotals {
  const seq = input.scope.sequence;
  return totalsOf(
    selection,
    DURATION_METRICS.map((m) => durationMetric(m, selection, period, seq)),
    releasesVsFaults(selection, input.changes, period, input.changeScope),
    clockCompliance(selection, input.response, seq, input.now),
    from,
    to,
  );
}

/**
 * The review of `[from, to)` in `zone`.
 * @throws RangeError for an empty period, a malformed date or an unknown zone (the API's schema refuses these first)
 */
export function buildReview(input: ReviewInput): AnalyticsReview {
  const period = periodOf(input.from, input.to, input.zone, input.bucket);
  const selection = selectIncidents(input.incidents, period, input.scope);
  const seq = input.scope.sequence;
  const releases = releasesVsFaults(selection, input.changes, period, input.changeScope);
  const compliance = clockCompliance(selection, input.response, seq, input.now);
  const prev = previousPeriod(input.from, input.to);
  const prevPeriod = periodOf(prev.from, prev.to, input.zone, input.bucket);
  const prevSelection = selectIncidents(input.incidents, prevPeriod, input.scope);
  const durations = DURATION_METRICS.map((m) => durationMetric(m, selection, period, seq));
  return {
    period: {
      from: input.from,
      to: input.to,
      timeZone: input.zone,
      bucket: input.bucket,
      sequence: seq,
      start: iso(period.start),
      end: iso(period.end),
      buckets: period.buckets.map((b) => ({ key: b.key, start: iso(b.start), end: iso(b.end) })),
    },
    computedAt: iso(input.now),
    counts: AnalyticsDimension.options.map((d) => countIncidents(selection, period, d, seq)),
    repeats: repeatIncidents(selection, input.incidents, input.repeatDays),
    durations,
    compliance,
    releases,
    postmortems: postmortemTimeliness(selection, input.postmortems, input.now),
    actions: actionDiscipline(selection, input.postmortems, input.now),
    oncallLoad: oncallLoad(input.pages, period.start, period.end, input.hours),
    noise: noiseShare(selection, seq),
    current: totalsOf(selection, durations, releases, compliance, input.from, input.to),
    previous: totals(input, prevPeriod, prevSelection, prev.from, prev.to),
  };
}
