/** Live grading by people: impact facts, level changes, risks (promote, dismiss). */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiError,
  FactsUpdate,
  IncidentDetail,
  IncidentList,
  LevelChange,
  RiskDismissal,
  RiskPromotion,
  pageQuery,
} from '@faultline/contracts';
import type { Runtime } from '../../kernel/index.ts';
import {
  listIncidents,
  dismissIncidentRisk,
  promoteIncidentRisk,
  setIncidentLevel,
  updateIncidentFacts,
  visibleIncidentTeams,
} from '../../incident/index.ts';
import { ctxOf, IdCursor, decodeCursor, pageOfRows } from '../../http/index.ts';
import { incidentPage } from '../page.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 412: ApiError };

export function gradingRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/incidents/:id/facts',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['grading'],
        summary: 'Enter impact facts; the incident is re-graded (automatic changes only upgrade)',
        params: IdParams,
        body: FactsUpdate,
        response: { 200: IncidentDetail, ...errors },
      },
    },
    async (req) => {
      await updateIncidentFacts({ ctx: ctxOf(rt, req), input: { ...req.body, id: req.params.id } });
      return incidentPage(rt, req.params.id);
    },
  );

  r.post(
    '/api/v1/incidents/:id/level',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['grading'],
        summary: "Set a sequence's level by hand (a downgrade is a person's act with a reason)",
        params: IdParams,
        body: LevelChange,
        response: { 200: IncidentDetail, ...errors },
      },
    },
    async (req) => {
      await setIncidentLevel({ ctx: ctxOf(rt, req), input: { id: req.params.id, change: req.body } });
      return incidentPage(rt, req.params.id);
    },
  );

  r.get(
    '/api/v1/risks',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['grading'],
        summary: 'Open risks, newest first: signals below every level, visible and not paged',
        querystring: pageQuery(500),
        response: { 200: IncidentList, 400: ApiError, 401: ApiError },
      },
    },
    async (req) => {
      const rows = await listIncidents(rt.db, {
        status: 'open',
        risk: true,
        now: rt.clock.now(),
        limit: req.query.limit + 1,
        beforeId: decodeCursor(req.query.cursor, IdCursor)?.[0],
        teams: visibleIncidentTeams(req.principal!),
      });
      const page = pageOfRows(rows, req.query.limit, (i) => [i.id]);
      return { incidents: page.items, nextCursor: page.nextCursor };
    },
  );

  r.post(
    '/api/v1/risks/:id/promote',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['grading'],
        summary: 'Promote a risk to an incident at a level (pages)',
        params: IdParams,
        body: RiskPromotion,
        response: { 200: IncidentDetail, ...errors },
      },
    },
    async (req) => {
      await promoteIncidentRisk({ ctx: ctxOf(rt, req), input: { id: req.params.id, change: req.body } });
      return incidentPage(rt, req.params.id);
    },
  );

  r.post(
    '/api/v1/risks/:id/dismiss',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['grading'],
        summary: 'Dismiss a risk with a reason (closes it)',
        params: IdParams,
        body: RiskDismissal,
        response: { 200: IncidentDetail, ...errors },
      },
    },
    async (req) => {
      await dismissIncidentRisk({ ctx: ctxOf(rt, req), input: { id: req.params.id, reason: req.body.reason } });
      return incidentPage(rt, req.params.id);
    },
  );
}
