/**
 * Analytics routes (docs/analytics.md): the metric dictionary, the review of a period, the incidents behind
 * a bar, and any table as CSV. Read only; every query is validated by the contracts' schemas (a bad field
 * answers 400 naming it), and a caller sees the numbers of the incidents it may see.
 */
import type { FastifyInstance, FastifyReply, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AnalyticsCsvQuery,
  AnalyticsDimension,
  AnalyticsDrillQuery,
  AnalyticsIncidents,
  AnalyticsQuery,
  AnalyticsReview,
  ApiError,
  ImportInput,
  ImportResult,
  MetricDictionary,
} from '@faultline/contracts';
import type { Runtime } from '../kernel/index.ts';
import { importIncidents } from '../incident/index.ts';
import type { RouteRegistrar } from '../http/index.ts';
import { ctxOf } from '../http/index.ts';
import { METRICS } from './dictionary.ts';
import { serveAnalyticsMetrics } from './metrics.ts';
import { loadFacts } from './store.ts';
import { drillIncidents, readReview, reviewCsvText, reviewPdf } from './read.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError };

export function analyticsRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  serveAnalyticsMetrics(
    async (from) =>
      (
        await loadFacts(rt.db, {
          lo: from,
          hi: new Date(rt.clock.now().getTime() + 86_400_000),
          changesFrom: rt.clock.now(),
          teams: null,
          catalog: rt.config().catalog,
        })
      ).incidents,
    rt.clock,
  );

  r.get(
    '/api/v1/analytics/dictionary',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['analytics'],
        summary: 'The metric dictionary: formula, time anchors, inclusions and exclusions of every number',
        response: { 200: MetricDictionary, ...errors },
      },
    },
    async () => ({ metrics: [...METRICS] }),
  );

  r.get(
    '/api/v1/analytics/review',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['analytics'],
        summary: 'The fault review of a period: counts, durations, 1-5-10 compliance, releases, postmortem discipline',
        description:
          'The period is [from, to) in local dates of timeZone, cut into weeks, months or quarters of that zone. Every number names its dictionary entry and its N; exclusions are counted by reason.',
        querystring: AnalyticsQuery,
        response: { 200: AnalyticsReview, ...errors },
      },
    },
    async (req) => readReview({ ctx: ctxOf(rt, req), input: req.query }),
  );

  r.get(
    '/api/v1/analytics/incidents',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['analytics'],
        summary: 'The incidents behind a bar: one bucket and one breakdown key of the review',
        querystring: AnalyticsDrillQuery,
        response: { 200: AnalyticsIncidents, ...errors },
      },
    },
    async (req) => drillIncidents({ ctx: ctxOf(rt, req), input: req.query }),
  );

  r.get(
    '/api/v1/analytics/review.csv',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['analytics'],
        summary: 'One table of the review as CSV (the rows of the console table view)',
        querystring: AnalyticsCsvQuery,
        response: { 200: z.string(), ...errors },
      },
    },
    async (req, reply) => {
      const csv = await reviewCsvText({ ctx: ctxOf(rt, req), input: req.query });
      const name = `faultline-${req.query.table}-${req.query.from}-${req.query.to}.csv`;
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(csv);
    },
  );

  r.get(
    '/api/v1/analytics/report.pdf',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['analytics'],
        summary:
          "The review as a PDF report: every number with its N and dictionary id, and the period's notable faults",
        querystring: AnalyticsQuery.and(z.object({ dimension: AnalyticsDimension.default('level') })),
        response: { ...errors },
      },
    },
    async (req, reply) => {
      const pdf = await reviewPdf({ ctx: ctxOf(rt, req), input: { ...req.query, table: 'counts' } });
      // The reply is the PDF itself; the schema's responses describe only the errors.
      return (reply as FastifyReply)
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="faultline-review-${req.query.from}-${req.query.to}.pdf"`)
        .send(pdf);
    },
  );

  r.post(
    '/api/v1/analytics/import',
    {
      onRequest: requireAuth,
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags: ['analytics'],
        summary: 'Import past incidents (resolved, marked imported, paging nobody); a repeat adds nothing',
        description:
          'Needs server:admin. `faultline analytics import` reads Statuspage histories and CSV files into batches of this.',
        body: ImportInput,
        response: { 200: ImportResult, ...errors },
      },
    },
    async (req) => importIncidents({ ctx: ctxOf(rt, req), input: req.body }),
  );
}

/** The domain's routes, as the composition root registers them. */
export const routes: RouteRegistrar = (app, { rt, requireAuth }) => analyticsRoutes(app, rt, requireAuth);
