/**
 * Change routes (docs/changes.md): the changes API, PagerDuty change events (`POST /v2/change/enqueue`),
 * mapped change webhooks, and an incident's suspect changes with verdicts.
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiError,
  ChangeFilter,
  ChangeFinish,
  ChangeInput,
  ChangeList,
  ChangeView,
  PagerDutyChangeAccepted,
  RankingEvaluation,
  RankingEvaluationQuery,
  SuspectChanges,
  VerdictInput,
  pageQuery,
} from '@faultline/contracts';
import { systemCtx, type Runtime } from '../kernel/index.ts';
import type { RouteRegistrar } from '../http/index.ts';
import { ctxOf, decodeCursor, pageOfRows, STATUS, toAppError } from '../http/index.ts';
import { integrationFor, pagerDutyInvalidBody } from '../intake/index.ts';
import { AppError } from '../lib/index.ts';
import { changeFromInput, finishChangeVerb, getChange, listChangesPage, recordChange } from './changes.ts';
import { labelChange, suspectChanges } from './suspects.ts';
import { evaluateSuspectRanking } from './evaluation.ts';
import { parsePagerDutyChange, pagerDutyChangeAccepted } from './sources/pagerduty-change.ts';
import { parseMappedChange } from './sources/mapped.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const VerdictParams = z.object({
  id: z.coerce.number().int().positive(),
  changeId: z.coerce.number().int().positive(),
});
const KeyParams = z.object({ key: z.string().min(1).max(255) });
/** A position in the list's order: the change's start (ISO) and id. */
const ChangeCursor = z.tuple([z.iso.datetime({ offset: true }), z.number().int().positive()]);
const ChangeQuery = pageQuery(100).extend(ChangeFilter.shape);
const WebhookAccepted = z.object({ status: z.literal('accepted'), change: ChangeView });

export function changeRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/changes',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['changes'],
        summary: 'Record a change (deploy, config change, flag flip, migration, infrastructure change)',
        description:
          "A repeat with the same externalId updates the change. Needs incident:respond on the services' teams.",
        body: ChangeInput,
        response: { 201: ChangeView, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(rt, req);
      return reply.code(201).send(await recordChange({ ctx, input: changeFromInput(req.body, ctx.clock.now()) }));
    },
  );

  r.get(
    '/api/v1/changes',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['changes'],
        summary: 'Changes, newest start first, filtered by service, kind, source, status and start time',
        querystring: ChangeQuery,
        response: { 200: ChangeList, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (req) => {
      const { limit, cursor, ...filter } = req.query;
      const after = decodeCursor(cursor, ChangeCursor);
      const list = await listChangesPage({ ctx: ctxOf(rt, req), input: { filter, after, limit: limit + 1 } });
      const page = pageOfRows(list, limit, (c) => [c.startedAt, c.id]);
      return { changes: page.items, nextCursor: page.nextCursor };
    },
  );

  r.get(
    '/api/v1/changes/ranking-evaluation',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['changes'],
        summary: 'How the suspect ranking did: the rank of each caused change, against the most recent change first',
        description:
          'Incidents whose impact started in [from, to) with a change labelled caused; the ranking replayed with the ' +
          'verdict history as it stood at impact start. Top 1, top 3 and mean reciprocal rank per method.',
        querystring: RankingEvaluationQuery,
        response: { 200: RankingEvaluation, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (req) =>
      evaluateSuspectRanking({
        ctx: ctxOf(rt, req),
        input: {
          ...(req.query.from ? { from: new Date(req.query.from) } : {}),
          ...(req.query.to ? { to: new Date(req.query.to) } : {}),
        },
      }),
  );

  r.get(
    '/api/v1/changes/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['changes'],
        summary: 'One change',
        params: IdParams,
        response: { 200: ChangeView, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (req) => getChange({ ctx: ctxOf(rt, req), input: { id: req.params.id } }),
  );

  r.patch(
    '/api/v1/changes/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['changes'],
        summary: 'Finish a running change: its end, status and exit code',
        params: IdParams,
        body: ChangeFinish,
        response: { 200: ChangeView, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError },
      },
    },
    async (req) => finishChangeVerb({ ctx: ctxOf(rt, req), input: { id: req.params.id, finish: req.body } }),
  );

  r.get(
    '/api/v1/incidents/:id/suspect-changes',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['changes'],
        summary: "The incident's suspect changes, ranked, with reasons in words and numbers and people's verdicts",
        params: IdParams,
        response: { 200: SuspectChanges, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (req) => suspectChanges({ ctx: ctxOf(rt, req), input: { incidentId: req.params.id } }),
  );

  r.post(
    '/api/v1/incidents/:id/suspect-changes/:changeId/verdict',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['changes'],
        summary: 'Label a change caused | fixed | suspect | dismissed for this incident, with why',
        description: "`caused` sets the incident's change_introduced_at key time. Answers the suspect list after it.",
        params: VerdictParams,
        body: VerdictInput,
        response: { 200: SuspectChanges, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (req) =>
      labelChange({
        ctx: ctxOf(rt, req),
        input: { incidentId: req.params.id, changeId: req.params.changeId, ...req.body },
      }),
  );

  r.post(
    '/api/v1/intake/changes/:key',
    {
      bodyLimit: 512 * 1024,
      schema: {
        tags: ['changes'],
        // The key in the path is a change webhook's key, not an API token.
        security: [],
        summary: "A change from any tool's JSON, read through the webhook's field mapping (changeWebhooks)",
        params: KeyParams,
        response: { 202: WebhookAccepted, 400: ApiError, 404: ApiError },
      },
    },
    async (req, reply) => {
      const hook = rt.config().config.changeWebhooks.find((w) => w.key === req.params.key);
      if (!hook)
        throw new AppError('NOT_FOUND', 'no change webhook has this key', [
          { path: 'key', message: 'unknown change webhook key' },
        ]);
      const ctx = systemCtx(rt, hook.name ?? 'change webhook');
      const change = await recordChange({ ctx, input: parseMappedChange(hook, req.body, ctx.clock.now()) });
      return reply.code(202).send({ status: 'accepted' as const, change });
    },
  );

  // PagerDuty Events API v2 change events: same path and bodies as PagerDuty; errors keep its shape.
  app.register(async (pd) => {
    pd.setErrorHandler((err, req, reply) => {
      const e = toAppError(err);
      if (e.code === 'INTERNAL') req.log.error({ err }, 'unhandled error');
      if (e.code === 'VALIDATION' || e.code === 'NOT_FOUND' || e.code === 'UNAUTHORIZED') {
        const errors = e.fields?.length ? e.fields.map((f) => `${f.path}: ${f.message}`) : [e.message];
        return reply.code(400).send(pagerDutyInvalidBody(errors));
      }
      if (e.code === 'RATE_LIMITED') return reply.code(429).send({ status: 'throttle event', message: e.message });
      return reply.code(STATUS[e.code]).send({ status: 'error', message: e.message });
    });
    pd.withTypeProvider<ZodTypeProvider>().post(
      '/v2/change/enqueue',
      {
        bodyLimit: 512 * 1024,
        schema: {
          tags: ['changes'],
          security: [],
          summary: 'PagerDuty Events API v2 change events (routing_key = a pagerduty integration key); never pages',
          response: { 202: PagerDutyChangeAccepted },
        },
      },
      async (req, reply) => {
        const now = rt.clock.now();
        const parsed = parsePagerDutyChange(req.body, now);
        const integration = integrationFor(rt, parsed.routingKey, 'pagerduty', 'routing_key');
        let service = integration.service;
        if (!service && integration.routeByLabel) {
          const v = parsed.customDetails[integration.routeByLabel];
          const label = typeof v === 'string' ? rt.config().catalog.resolveService(v)?.id : undefined;
          service = label ?? integration.fallbackService;
          if (!service)
            throw new AppError('VALIDATION', 'no service for this change event', [
              {
                path: `payload.custom_details.${integration.routeByLabel}`,
                message: 'names no service of the catalog, and the integration has no fallbackService',
              },
            ]);
        }
        await recordChange({
          ctx: systemCtx(rt, integration.name ?? 'pagerduty'),
          input: { ...parsed.change, services: [service!], sourceKey: integration.key },
        });
        return reply.code(202).send(pagerDutyChangeAccepted());
      },
    );
  });
}

/** The domain's routes, as the composition root registers them. */
export const routes: RouteRegistrar = (app, { rt, requireAuth }) => changeRoutes(app, rt, requireAuth);
