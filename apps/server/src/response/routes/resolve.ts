/**
 * `POST /api/v1/incidents/{id}/resolve`: a person says the incident is over (DESIGN §6 lifecycle). Alerts
 * that stop firing only mitigate an incident; resolving ends its escalation at the next step and lets the
 * next alert of its group open a new incident. The same verb serves the links, Slack buttons and SMS replies.
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, IncidentDetail } from '@faultline/contracts';
import type { Runtime } from '../../kernel/index.ts';
import { resolveIncident } from '../../incident/index.ts';
import { ctxOf } from '../../http/index.ts';
import { incidentPage } from '../page.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });

/** Registers `POST /api/v1/incidents/{id}/resolve`. */
export function incidentResolveRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/incidents/:id/resolve',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['incidents'],
        summary: 'Resolve an incident',
        description:
          "Needs incident:respond on the incident's team. Resolving a resolved incident changes nothing (200). 412 for a closed incident.",
        params: IdParams,
        response: { 200: IncidentDetail, 401: ApiError, 403: ApiError, 404: ApiError, 412: ApiError },
      },
    },
    async (req) => {
      await resolveIncident({ ctx: ctxOf(rt, req), input: { id: req.params.id } });
      return incidentPage(rt, req.params.id);
    },
  );
}
