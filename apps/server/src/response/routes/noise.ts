/**
 * Noise marking (issue 16 point 9): `POST`/`DELETE /api/v1/incidents/{id}/noise` and the same for one alert of
 * the incident. Marking does not change the lifecycle; the answer is the incident page.
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, IncidentDetail, NoiseInput } from '@faultline/contracts';
import type { Runtime } from '../../kernel/index.ts';
import { markNoise, unmarkNoise } from '../../incident/index.ts';
import { ctxOf } from '../../http/index.ts';
import { incidentPage } from '../page.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const AlertParams = IdParams.extend({ alertId: z.coerce.number().int().positive() });
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError };
const NEEDS =
  "Needs incident:respond on the incident's team. Marking does not change the incident's status (resolve it separately); a second mark replaces the first; taking back a mark that is not there changes nothing (200).";

/** Registers the noise routes of incidents and their alerts. */
export function noiseRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/incidents/:id/noise',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['incidents'],
        summary: 'Mark an incident as noise, with a reason',
        description: NEEDS,
        params: IdParams,
        body: NoiseInput,
        response: { 200: IncidentDetail, ...errors },
      },
    },
    async (req) => {
      await markNoise({ ctx: ctxOf(rt, req), input: { id: req.params.id, reason: req.body.reason } });
      return incidentPage(rt, req.params.id);
    },
  );

  r.delete(
    '/api/v1/incidents/:id/noise',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['incidents'],
        summary: "Take back an incident's noise mark",
        description: NEEDS,
        params: IdParams,
        response: { 200: IncidentDetail, ...errors },
      },
    },
    async (req) => {
      await unmarkNoise({ ctx: ctxOf(rt, req), input: { id: req.params.id } });
      return incidentPage(rt, req.params.id);
    },
  );

  r.post(
    '/api/v1/incidents/:id/alerts/:alertId/noise',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['incidents'],
        summary: 'Mark one alert of an incident as noise, with a reason',
        description: NEEDS,
        params: AlertParams,
        body: NoiseInput,
        response: { 200: IncidentDetail, ...errors },
      },
    },
    async (req) => {
      const { id, alertId } = req.params;
      await markNoise({ ctx: ctxOf(rt, req), input: { id, alertId, reason: req.body.reason } });
      return incidentPage(rt, id);
    },
  );

  r.delete(
    '/api/v1/incidents/:id/alerts/:alertId/noise',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['incidents'],
        summary: "Take back an alert's noise mark",
        description: NEEDS,
        params: AlertParams,
        response: { 200: IncidentDetail, ...errors },
      },
    },
    async (req) => {
      const { id, alertId } = req.params;
      await unmarkNoise({ ctx: ctxOf(rt, req), input: { id, alertId } });
      return incidentPage(rt, id);
    },
  );
}
