/**
 * Fault analytics (docs/analytics.md; DESIGN §9; issue 11): the monthly fault review. Every number comes with
 * the id of its entry in the metric dictionary (`GET /api/v1/analytics/dictionary`: formula, time anchors,
 * what is included and excluded) and the N behind it, and every exclusion is counted by reason.
 * Instants are ISO 8601 in UTC; durations are milliseconds; a period's bounds are local dates in `timeZone`.
 */
import { z } from 'zod';
import { LevelFilterLabel } from './triage.ts';

/** The length of one bar: an ISO week (Monday first), a calendar month or a quarter, in the query's zone. */
export const AnalyticsBucket = z.enum(['week', 'month', 'quarter']);
export type AnalyticsBucket = z.infer<typeof AnalyticsBucket>;

/** What incident counts are broken down by. */
export const AnalyticsDimension = z.enum([
  'level',
  'team',
  'service',
  'businessLine',
  'causeClass',
  'detectionSource',
  'recoveryMethod',
]);
export type AnalyticsDimension = z.infer<typeof AnalyticsDimension>;

/** Whether the runtime knows `zone` as an IANA time zone (works in Node and in browsers). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const localDate = z.iso.date();
const id = z.string().min(1).max(200);
/** Longest period one query may cover (the previous period of the same length is read too). */
export const ANALYTICS_MAX_DAYS = 3 * 366;

/**
 * The query of every analytics endpoint: the period `[from, to)` as local dates in `timeZone` (so a month is
 * that zone's month, not UTC's), the bucket size, and filters that narrow the incidents the caller may see.
 */
export const AnalyticsQuery = z
  .object({
    from: localDate.describe('first day of the period (YYYY-MM-DD, in timeZone), included'),
    to: localDate.describe('day after the period (YYYY-MM-DD, in timeZone), excluded'),
    timeZone: z
      .string()
      .min(1)
      .max(100)
      .refine(isKnownTimeZone, 'an IANA time zone such as Europe/Berlin')
      .default('UTC')
      .describe('IANA zone whose calendar cuts the period into buckets (default UTC)'),
    bucket: AnalyticsBucket.default('month'),
    sequence: z
      .string()
      .regex(/^[A-Z]$/, 'a sequence id such as P')
      .default('P')
      .describe('the sequence whose levels the level breakdowns use'),
    team: id.optional().describe("only incidents of this team (the incident's owning team)"),
    service: id.optional().describe('only incidents of this service (changes: those that landed on it)'),
    businessLine: id.optional().describe('only incidents whose service belongs to this business line'),
    level: z
      .string()
      .max(200)
      .transform((s) => s.split(',').map((x) => x.trim()))
      .pipe(z.array(LevelFilterLabel).min(1).max(20))
      .optional()
      .describe('comma list of level labels (`P1,P2`): incidents at any of them'),
    repeatDays: z.coerce
      .number()
      .int()
      .min(1)
      .max(365)
      .default(30)
      .describe('repeat window: same service and cause class within this many days'),
  })
  .superRefine((q, ctx) => {
    const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000;
    if (!(days > 0)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    else if (days > ANALYTICS_MAX_DAYS)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `a period covers at most ${ANALYTICS_MAX_DAYS} days` });
  });
export type AnalyticsQuery = z.input<typeof AnalyticsQuery>;

export const DurationMetricId = z.enum(['mttd', 'mtta', 'time_to_locate', 'mttr', 'time_to_resolve']);
export type DurationMetricId = z.infer<typeof DurationMetricId>;

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * `GET /api/v1/analytics/incidents`: the incidents behind one bar or point of any chart of the review
 * (drill-down). The narrowing fields combine (all must hold); each names what its chart counts.
 */
export const AnalyticsDrillQuery = AnalyticsQuery.and(
  z
    .object({
      bucketKey: z.string().max(20).optional().describe('one bucket (`2026-03`, `2026-W10`, `2026-Q1`); default: all'),
      dimension: AnalyticsDimension.optional(),
      key: z.string().min(1).max(200).optional().describe('the breakdown key (`P1`, a team id, `unclassified`…)'),
      metric: DurationMetricId.optional().describe(
        'a duration (`mttr`…): only the incidents counted in its N (both key times, in order)',
      ),
      stage: z.enum(['detect', 'locate', 'recover']).optional().describe('a 1-5-10 stage; with `state`'),
      state: z
        .enum(['met', 'breached'])
        .optional()
        .describe('the stage reading (needs `stage`): incidents whose stage met or breached its target'),
      userId: z.coerce
        .number()
        .int()
        .positive()
        .optional()
        .describe('a person of the on-call load: the incidents whose pages reached them in the period'),
      band: z
        .enum(['business', 'off', 'sleep'])
        .optional()
        .describe('with `userId`: only pages in these hours of the person’s zone'),
      changeInduced: flag.optional().describe('`true`: only incidents a change caused (current verdict)'),
      postmortem: z
        .enum(['onTime', 'late', 'overdue', 'pending', 'none'])
        .optional()
        .describe('postmortem timeliness at query time (`none`: incidents without a postmortem)'),
      postmortemLevel: z
        .string()
        .min(1)
        .max(20)
        .optional()
        .describe('with `postmortem`: the level the postmortem was opened at (`P2`, `none`)'),
      noiseSource: z
        .string()
        .min(1)
        .max(200)
        .optional()
        .describe('incidents marked noise that came through this source (integration, or `declared`)'),
    })
    .superRefine((q, ctx) => {
      if (q.state !== undefined && q.stage === undefined)
        ctx.addIssue({ code: 'custom', path: ['state'], message: 'needs stage' });
      if (q.band !== undefined && q.userId === undefined)
        ctx.addIssue({ code: 'custom', path: ['band'], message: 'needs userId' });
      if (q.postmortemLevel !== undefined && q.postmortem === undefined)
        ctx.addIssue({ code: 'custom', path: ['postmortemLevel'], message: 'needs postmortem' });
      if ((q.key === undefined) !== (q.dimension === undefined))
        ctx.addIssue({
          code: 'custom',
          path: [q.key === undefined ? 'key' : 'dimension'],
          message: 'dimension and key go together',
        });
    }),
);
export type AnalyticsDrillQuery = z.input<typeof AnalyticsDrillQuery>;

/** `GET /api/v1/analytics/review.csv`: which table. */
export const AnalyticsCsvQuery = AnalyticsQuery.and(
  z.object({
    table: z
      .enum(['counts', 'durations', 'compliance', 'releases', 'postmortems', 'actions', 'repeats', 'oncall', 'noise'])
      .describe('the table to export'),
    dimension: AnalyticsDimension.default('level').describe('for table=counts'),
  }),
);

/** One entry of the metric dictionary. */
export const MetricDefinition = z.object({
  id: z.string(),
  name: z.string(),
  unit: z.enum(['count', 'ms', 'ratio']),
  formula: z.string(),
  anchors: z.string().describe('which instants it reads and which one places an incident in a bucket'),
  includes: z.array(z.string()),
  excludes: z.array(z.string()),
  needs: z.array(z.string()).describe('the recorded data it needs (key times, postmortem fields, verdicts)'),
});
export type MetricDefinition = z.infer<typeof MetricDefinition>;

export const MetricDictionary = z.object({ metrics: z.array(MetricDefinition) });
export type MetricDictionary = z.infer<typeof MetricDictionary>;

/** Incidents left out of a metric, by reason (`cancelled`, `risk`, `no impact_started_at`…). */
export const Exclusion = z.object({ reason: z.string(), count: z.number().int() });
export type Exclusion = z.infer<typeof Exclusion>;

export const BucketView = z.object({ key: z.string(), start: z.string(), end: z.string() });
export type BucketView = z.infer<typeof BucketView>;

/** Summary statistics of durations (ms); null when `n` is 0. */
export const DurationStat = z.object({
  n: z.number().int(),
  median: z.number().nullable(),
  p90: z.number().nullable(),
  mean: z.number().nullable(),
});
export type DurationStat = z.infer<typeof DurationStat>;

/** Incident counts per bucket and key of one dimension. */
export const CountTable = z.object({
  metric: z.string(),
  dimension: AnalyticsDimension,
  keys: z.array(z.string()),
  rows: z.array(z.object({ bucket: z.string(), counts: z.record(z.string(), z.number().int()), total: z.number() })),
  totals: z.record(z.string(), z.number().int()),
  n: z.number().int(),
  excluded: z.array(Exclusion),
});
export type CountTable = z.infer<typeof CountTable>;

export const DurationView = z.object({
  metric: DurationMetricId,
  overall: DurationStat,
  byBucket: z.array(z.object({ bucket: z.string(), stat: DurationStat })),
  byLevel: z.array(z.object({ level: z.string(), stat: DurationStat })),
  excluded: z.array(Exclusion),
});
export type DurationView = z.infer<typeof DurationView>;

export const ComplianceRow = z.object({
  stage: z.enum(['detect', 'locate', 'recover']),
  level: z.string(),
  met: z.number().int(),
  breached: z.number().int(),
  n: z.number().int(),
  rate: z.number().nullable().describe('met ÷ n; null when n is 0'),
});
export type ComplianceRow = z.infer<typeof ComplianceRow>;

export const ComplianceView = z.object({
  metric: z.literal('clock_compliance'),
  rows: z.array(ComplianceRow),
  excluded: z.array(z.object({ stage: z.string(), reason: z.string(), count: z.number().int() })),
});
export type ComplianceView = z.infer<typeof ComplianceView>;

/** A share: `count` of `n`, `rate` = count ÷ n (null when n is 0). */
export const Share = z.object({
  metric: z.string(),
  count: z.number().int(),
  n: z.number().int(),
  rate: z.number().nullable(),
});
export type Share = z.infer<typeof Share>;

export const ReleasesView = z.object({
  metric: z.literal('releases_vs_faults'),
  rows: z.array(
    z.object({
      bucket: z.string(),
      deploys: z.number().int(),
      changes: z.number().int(),
      incidents: z.number().int(),
      changeInduced: z.number().int(),
    }),
  ),
  changeInducedShare: Share,
  changeFailureRate: Share,
  rollbackShare: Share,
});
export type ReleasesView = z.infer<typeof ReleasesView>;

export const PostmortemTimelinessRow = z.object({
  level: z.string(),
  onTime: z.number().int(),
  late: z.number().int(),
  overdue: z.number().int(),
  pending: z.number().int(),
  n: z.number().int(),
});
export const PostmortemsView = z.object({
  metric: z.literal('postmortem_timeliness'),
  rows: z.array(PostmortemTimelinessRow),
  withoutPostmortem: z.number().int().describe('incidents in scope that have no postmortem'),
});
export type PostmortemsView = z.infer<typeof PostmortemsView>;

export const ActionsView = z.object({
  n: z.number().int(),
  completion: Share,
  overdue: Share,
  verified: Share,
  closedWithoutVerification: Share,
});
export type ActionsView = z.infer<typeof ActionsView>;

export const RepeatView = z.object({
  metric: z.literal('repeat_incidents'),
  windowDays: z.number().int(),
  pairs: z.array(z.object({ incidentId: z.number().int(), previousId: z.number().int(), bucket: z.string() })),
  share: Share,
});
export type RepeatView = z.infer<typeof RepeatView>;

export const OncallLoadView = z.object({
  metric: z.literal('oncall_load'),
  rows: z.array(
    z.object({
      userId: z.number().int().describe('the person (drill-down: `userId` of /analytics/incidents)'),
      person: z.string(),
      zone: z.string(),
      pages: z.number().int(),
      business: z.number().int(),
      off: z.number().int(),
      sleep: z.number().int(),
    }),
  ),
  n: z.number().int().describe('pages in the period'),
});
export type OncallLoadView = z.infer<typeof OncallLoadView>;

/** One key's noise share: incidents marked noise (`count`) of the counted incidents with that key (`n`). */
export const NoiseRow = z.object({
  key: z.string(),
  count: z.number().int(),
  n: z.number().int(),
  rate: z.number().nullable(),
});

/**
 * `noise_share` (issue 16 point 9): incidents a person marked as noise ÷ counted incidents, overall, per source
 * (the integration its alerts came through; `declared` without alerts; an incident counts under each) and per
 * rule (the grading rule behind its level in the query's sequence, `manual` for a person's, else
 * `alertname:<name>`, else `none`).
 */
export const NoiseView = z.object({
  metric: z.literal('noise_share'),
  share: Share,
  bySource: z.array(NoiseRow),
  byRule: z.array(NoiseRow),
  excluded: z.array(Exclusion),
});
export type NoiseView = z.infer<typeof NoiseView>;

/** The headline numbers of a period, for "this period vs the last". */
export const PeriodTotals = z.object({
  from: z.string(),
  to: z.string(),
  incidents: z.number().int(),
  durations: z.record(DurationMetricId, DurationStat),
  changeInducedShare: Share,
  clockCompliance: Share,
});
export type PeriodTotals = z.infer<typeof PeriodTotals>;

/** `GET /api/v1/analytics/review`: the monthly fault review of a period. */
export const AnalyticsReview = z.object({
  period: z.object({
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    bucket: AnalyticsBucket,
    sequence: z.string(),
    start: z.string(),
    end: z.string(),
    buckets: z.array(BucketView),
  }),
  computedAt: z.string(),
  counts: z.array(CountTable),
  repeats: RepeatView,
  durations: z.array(DurationView),
  compliance: ComplianceView,
  releases: ReleasesView,
  postmortems: PostmortemsView,
  actions: ActionsView,
  oncallLoad: OncallLoadView,
  noise: NoiseView,
  current: PeriodTotals,
  previous: PeriodTotals,
});
export type AnalyticsReview = z.infer<typeof AnalyticsReview>;

export const AnalyticsIncident = z.object({
  id: z.number().int(),
  title: z.string(),
  status: z.string(),
  levels: z.record(z.string(), z.number().int()),
  team: z.string().nullable(),
  service: z.string().nullable(),
  detectedAt: z.string(),
  bucket: z.string(),
});
export const AnalyticsIncidents = z.object({ incidents: z.array(AnalyticsIncident) });
export type AnalyticsIncidents = z.infer<typeof AnalyticsIncidents>;

const instant = z.iso.datetime({ offset: true });

/**
 * One past incident to import (issue 11 "import history"): recorded as resolved, marked imported, paging
 * nobody. `externalId` (`statuspage:9632825`, `csv:INC-7`) makes a second import of the same history add nothing.
 */
export const ImportedIncident = z.strictObject({
  externalId: z.string().trim().min(1).max(200),
  title: z.string().trim().min(1).max(200),
  sequence: z
    .string()
    .regex(/^[A-Z]$/, 'a sequence id such as P')
    .default('P'),
  level: z.number().int().min(1).max(9).nullable().default(null).describe('null: no level'),
  service: z.string().trim().min(1).max(200).nullable().default(null),
  team: z.string().trim().min(1).max(200).nullable().default(null),
  impactStartedAt: instant.nullable().default(null),
  detectedAt: instant,
  acknowledgedAt: instant.nullable().default(null),
  mitigatedAt: instant.nullable().default(null),
  resolvedAt: instant,
});
export type ImportedIncident = z.input<typeof ImportedIncident>;

/** `POST /api/v1/analytics/import`: a batch of past incidents. */
export const ImportInput = z.strictObject({ incidents: z.array(ImportedIncident).min(1).max(500) });
export const ImportResult = z.object({
  imported: z.number().int().describe('incidents added'),
  skipped: z.number().int().describe('incidents already imported (same externalId)'),
});
export type ImportResult = z.infer<typeof ImportResult>;
