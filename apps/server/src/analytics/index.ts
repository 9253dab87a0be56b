/**
 * Fault analytics (DESIGN §9; issue 11; docs/analytics.md): the monthly fault review — counts by month and
 * breakdown, durations between key times, 1-5-10 compliance, releases against faults, postmortem and action
 * discipline — as pure functions over facts read from the domains that own them, with a metric dictionary
 * that explains every number. Owns one derived table: a facts row per incident, kept current by triggers on the
 * owners' tables and refreshed on read (tables.ts, ADR 0007).
 *
 * The folder's only public face: other folders import from here (docs/architecture.md).
 */
export { routes } from './routes.ts';
export { METRICS, metricDefinition } from './dictionary.ts';
export { bucketOf, localMidnight, periodOf, previousPeriod } from './buckets.ts';
export type { Bucket, Period } from './buckets.ts';
export { quantile, rate, summarize } from './stats.ts';
export { buildReview } from './review.ts';
export type { ReviewInput } from './review.ts';
export type { ChangeFacts, IncidentFacts, PostmortemFacts, Scope } from './facts.ts';
export { toCsv } from './csv.ts';
export { formatDuration, formatReview } from './report-text.ts';
export { CSV_COLUMNS, STATUSPAGE_LEVEL, parseCsv, readIncidentCsv, readStatuspageHistory } from './import.ts';
export type { ImportProblem } from './import.ts';
export { analyticsConfig, AnalyticsConfig, AnalyticsReportConfig } from './config.ts';
export { analyticsJobs, nextReport, startMonthlyReport } from './report-job.ts';
