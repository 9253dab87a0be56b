/**
 * Fault drills' routes (issue 17 point 10): run a drill from a scenario, list drills, read a drill's report.
 * Running one needs incident:respond on the scenario's service's team; reading needs incident:read.
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, DrillList, DrillReport, DrillScenario, IncidentDetail } from '@faultline/contracts';
import type { Runtime } from '../../kernel/index.ts';
import { ctxOf } from '../../http/index.ts';
import { drillReport, listDrills, runDrill } from '../drills.ts';
import { incidentPage } from '../page.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError };

export function drillRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/drills',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['drills'],
        summary: 'Run a fault drill from a scenario',
        description:
          "Declares an incident marked as a drill at the scenario's level: it runs the room and pages only the participants, every message marked [DRILL]; it stays off the public status page and out of the fault metrics. Needs incident:respond on the service's team.",
        body: DrillScenario,
        response: { 201: IncidentDetail, ...errors },
      },
    },
    async (req, reply) => {
      const id = await runDrill({ ctx: ctxOf(rt, req), input: req.body });
      rt.wakeEngine();
      return reply.code(201).send(await incidentPage(rt, id!));
    },
  );

  r.get(
    '/api/v1/drills',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['drills'],
        summary: 'Fault drills, newest first',
        description: "The drills of the teams the caller may read (incident:read on the drill's team).",
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: DrillList, ...errors },
      },
    },
    async (req) => ({ drills: await listDrills({ ctx: ctxOf(rt, req), input: { limit: req.query.limit } }) }),
  );

  r.get(
    '/api/v1/drills/:id/report',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['drills'],
        summary: "A drill's report: times per 1-5-10 stage against the targets, check-ins, roles filled",
        description: 'Needs incident:read on the drill. 404 for an incident that is not a drill.',
        params: IdParams,
        response: { 200: DrillReport, ...errors },
      },
    },
    async (req) => drillReport({ ctx: ctxOf(rt, req), input: { id: req.params.id } }),
  );
}
