/** KPI watches: state, samples for charts, and the push endpoint. */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, KpiPush, KpiSample, KpiWatchView, KpiWatchList, pageQuery } from '@faultline/contracts';
import type { Runtime } from '../kernel/index.ts';
import type { RouteRegistrar } from '../http/index.ts';
import { ctxOf, pageOfList } from '../http/index.ts';
import { readKpiWatch, readKpiWatches } from './watches.ts';
import { kpiSamplesFor, pushKpiSamples } from './push.ts';

const IdParams = z.object({ id: z.string().min(1) });
const SampleRange = z.object({
  from: z.iso.datetime({ offset: true }).optional().describe('ISO 8601; default: two hours before `to`'),
  to: z.iso.datetime({ offset: true }).optional().describe('ISO 8601; default: now'),
});
const PushAccepted = z.object({
  accepted: z.number().int().describe('samples stored'),
  watch: KpiWatchView.describe('the watch; its evaluation of the new samples runs right after this answer'),
});

export function kpiRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/kpi-watches',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['kpi'],
        summary: 'Configured KPI watches with their last evaluation, by id',
        querystring: pageQuery(100),
        response: { 200: KpiWatchList, 400: ApiError, 401: ApiError },
      },
    },
    async (req) => {
      const page = pageOfList(await readKpiWatches({ ctx: ctxOf(rt, req), input: {} }), req.query, (w) => w.id);
      return { watches: page.items, nextCursor: page.nextCursor };
    },
  );

  r.get(
    '/api/v1/kpi-watches/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['kpi'],
        summary: 'One KPI watch with its last evaluation',
        params: IdParams,
        response: { 200: KpiWatchView, 401: ApiError, 404: ApiError },
      },
    },
    async (req) => readKpiWatch({ ctx: ctxOf(rt, req), input: { watchId: req.params.id } }),
  );

  r.get(
    '/api/v1/kpi-watches/:id/samples',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['kpi'],
        summary: 'Samples of a KPI watch (value and baseline), oldest first; at most 5,000 points, thinned evenly',
        params: IdParams,
        querystring: SampleRange,
        response: { 200: z.array(KpiSample), 400: ApiError, 401: ApiError, 404: ApiError },
      },
    },
    async (req) => kpiSamplesFor({ ctx: ctxOf(rt, req), input: { ...req.query, watchId: req.params.id } }),
  );

  r.post(
    '/api/v1/kpi-watches/:id/samples',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['kpi'],
        summary: 'Push samples to a `source: push` KPI watch; an evaluation runs at once',
        params: IdParams,
        body: KpiPush,
        response: { 202: PushAccepted, 400: ApiError, 401: ApiError, 404: ApiError, 409: ApiError },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(rt, req);
      const accepted = await pushKpiSamples({ ctx, input: { ...req.body, watchId: req.params.id } });
      return reply.code(202).send({ accepted, watch: await readKpiWatch({ ctx, input: { watchId: req.params.id } }) });
    },
  );
}

/** The domain's routes, as the composition root registers them. */
export const routes: RouteRegistrar = (app, { rt, requireAuth }) => kpiRoutes(app, rt, requireAuth);
