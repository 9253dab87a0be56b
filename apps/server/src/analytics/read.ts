/**
 * The analytics verbs (read only): the review of a period, the incidents behind a bar, and a table as CSV.
 * Each loads the facts of the period, the previous period of the same length and the repeat look-back, for
 * the incidents the caller may see, and hands them to the pure metrics.
 */
import { z } from 'zod';
import type {
  AnalyticsCsvQuery,
  AnalyticsDrillQuery,
  AnalyticsIncidents,
  AnalyticsQuery,
  AnalyticsReview,
} from '@faultline/contracts';
import type { Verb } from '../kernel/index.ts';
import { visibleIncidentTeams } from '../incident/index.ts';
import { bucketOf, localMidnight, periodOf, previousPeriod } from './buckets.ts';
import { drillDown, selectIncidents, type Counted } from './counts.ts';
import { narrowDrill } from './drill.ts';
import { pageBand } from './oncall-load.ts';
import { reviewCsv } from './csv.ts';
import { renderReviewPdf } from './report-pdf.ts';
import { anchorOf, keysOf, matchesFilters, type IncidentFacts, type Scope } from './facts.ts';
import { loadFacts, loadPages } from './store.ts';
import { buildReview, type ReviewInput } from './review.ts';
import { hourBands } from './config.ts';

type Query = z.output<typeof AnalyticsQuery>;
const DAY_MS = 86_400_000;

/** The filters of a query. */
function scopeOf(q: Query): Scope {
  return { sequence: q.sequence, team: q.team, service: q.service, businessLine: q.businessLine, level: q.level };
}

/** Loads and shapes everything a review of `q` reads. */
async function reviewInput(ctx: Verb<unknown>['ctx'], q: Query): Promise<ReviewInput> {
  const prev = previousPeriod(q.from, q.to);
  const prevStart = localMidnight(prev.from, q.timeZone);
  const end = localMidnight(q.to, q.timeZone);
  const catalog = ctx.config.catalog;
  const loaded = await loadFacts(ctx.tx, {
    lo: new Date(prevStart.getTime() - q.repeatDays * DAY_MS),
    hi: end,
    changesFrom: prevStart,
    teams: visibleIncidentTeams(ctx.principal),
    catalog,
  });
  const scope = scopeOf(q);
  const pages = (
    await loadPages(ctx.tx, {
      start: localMidnight(q.from, q.timeZone),
      end,
      teams: visibleIncidentTeams(ctx.principal),
    })
  ).filter((p) =>
    matchesFilters(
      { ...p, businessLine: p.service ? (catalog.service(p.service)?.businessLine ?? null) : null },
      scope,
    ),
  );
  const filtered = q.team !== undefined || q.service !== undefined || q.businessLine !== undefined;
  const services = filtered
    ? new Set(
        catalog
          .services()
          .filter(
            (s) =>
              (q.team === undefined || s.team === q.team) &&
              (q.service === undefined || s.id === q.service) &&
              (q.businessLine === undefined || s.businessLine === q.businessLine),
          )
          .map((s) => s.id)
          .concat(q.service !== undefined && !catalog.service(q.service) ? [q.service] : []),
      )
    : null;
  return {
    from: q.from,
    to: q.to,
    zone: q.timeZone,
    bucket: q.bucket,
    scope,
    repeatDays: q.repeatDays,
    ...loaded,
    pages,
    changeScope: { services },
    response: ctx.config.config.response,
    now: ctx.clock.now(),
    hours: hourBands(ctx.config.config.analytics.hours),
  };
}

/** The review of a period (`GET /api/v1/analytics/review`). */
export async function readReview({ ctx, input }: Verb<Query>): Promise<AnalyticsReview> {
  return buildReview(await reviewInput(ctx, input));
}

/** An incident as a drill-down row. */
function drillRow(f: IncidentFacts, bucket: string): AnalyticsIncidents['incidents'][number] {
  return {
    id: f.id,
    title: f.title,
    status: f.status,
    levels: { ...f.levels },
    team: f.team,
    service: f.service,
    detectedAt: anchorOf(f).toISOString(),
    bucket,
  };
}

/**
 * The incidents behind one bar or point of any chart (`GET /api/v1/analytics/incidents`), oldest first: the
 * counted incidents of the bucket (all buckets without one) that pass the breakdown key and every narrowing
 * given (`drill.ts`). With `userId`, the incidents whose pages reached that person in the period (or bucket)
 * instead — cancelled ones included, as the on-call load counts them; one detected before the period has
 * bucket `before`.
 */
export async function drillIncidents({
  ctx,
  input,
}: Verb<z.output<typeof AnalyticsDrillQuery>>): Promise<AnalyticsIncidents> {
  const period = periodOf(input.from, input.to, input.timeZone, input.bucket);
  // Only the bar's bucket is read (the whole period without one): a drill-down needs no previous period,
  // look-back or pages.
  const bar = period.buckets.find((b) => b.key === input.bucketKey);
  const teams = visibleIncidentTeams(ctx.principal);
  const scope = scopeOf(input);
  const now = ctx.clock.now();
  let paged: number[] | undefined;
  if (input.userId !== undefined) {
    const bands = hourBands(ctx.config.config.analytics.hours);
    const pages = await loadPages(ctx.tx, { start: bar?.start ?? period.start, end: bar?.end ?? period.end, teams });
    paged = [
      ...new Set(
        pages
          .filter(
            (p) => p.userId === input.userId && (input.band === undefined || pageBand(p, bands).cls === input.band),
          )
          .map((p) => p.incidentId),
      ),
    ];
  }
  const loaded = await loadFacts(ctx.tx, {
    lo: bar?.start ?? period.start,
    hi: bar?.end ?? period.end,
    changesFrom: period.end,
    teams,
    catalog: ctx.config.catalog,
    ...(paged ? { ids: paged } : {}),
  });
  const rows: Counted[] = paged
    ? loaded.incidents
        .filter((f) => matchesFilters(f, scope))
        .map((f) => ({ f, bucket: bucketOf(period, anchorOf(f)) ?? (anchorOf(f) < period.start ? 'before' : 'after') }))
    : drillDown(
        selectIncidents(loaded.incidents, period, scope),
        { bucket: input.bucketKey, dimension: input.dimension, key: input.key },
        input.sequence,
      );
  const narrowed = narrowDrill(
    paged
      ? rows.filter(
          (r) =>
            input.dimension === undefined ||
            input.key === undefined ||
            keysOf(r.f, input.dimension, input.sequence).includes(input.key),
        )
      : rows,
    input,
    {
      response: ctx.config.config.response,
      postmortems: loaded.postmortems,
      now,
    },
  );
  return {
    incidents: narrowed
      .sort((a, b) => anchorOf(a.f).getTime() - anchorOf(b.f).getTime() || a.f.id - b.f.id)
      .map(({ f, bucket }) => drillRow(f, bucket)),
  };
}

/** One table of the review as CSV (`GET /api/v1/analytics/review.csv`). */
export async function reviewCsvText({ ctx, input }: Verb<z.output<typeof AnalyticsCsvQuery>>): Promise<string> {
  return reviewCsv(buildReview(await reviewInput(ctx, input)), input.table, input.dimension);
}

/** A review with its notable faults, as the PDF and the emailed report show them. */
export interface ReviewReport {
  review: AnalyticsReview;
  /** The incidents at level 1 or 2 of the query's sequence, oldest first. */
  notable: AnalyticsIncidents['incidents'];
  pdf: Buffer;
}

/**
 * The review of a query with its notable faults — the incidents at level 1 or 2 of the query's sequence — and
 * the PDF of both.
 */
export async function reviewReport({ ctx, input }: Verb<z.output<typeof AnalyticsCsvQuery>>): Promise<ReviewReport> {
  const r = await reviewInput(ctx, input);
  const review = buildReview(r);
  const period = periodOf(input.from, input.to, input.timeZone, input.bucket);
  const notable = selectIncidents(r.incidents, period, r.scope)
    .counted.filter(({ f }) => (f.levels[input.sequence] ?? 99) <= 2)
    .sort((a, b) => anchorOf(a.f).getTime() - anchorOf(b.f).getTime() || a.f.id - b.f.id)
    .map(({ f, bucket }) => drillRow(f, bucket));
  return { review, notable, pdf: await renderReviewPdf(review, input.dimension, notable, ctx.clock.now()) };
}

/** The review as a PDF report (`GET /api/v1/analytics/report.pdf`): the review's text and its notable faults. */
export async function reviewPdf(verb: Verb<z.output<typeof AnalyticsCsvQuery>>): Promise<Buffer> {
  return (await reviewReport(verb)).pdf;
}
