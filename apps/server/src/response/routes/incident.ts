/**
 * The incident page's routes: one incident with everything about it, and the actions taken from the page
 * (acknowledge, escalate). Each answers with the whole page (response/page.ts).
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, IncidentDetail } from '@faultline/contracts';
import type { Runtime } from '../../kernel/index.ts';
import { acknowledgeIncident } from '../../incident/index.ts';
import { escalateIncident } from '../../escalation/index.ts';
import { ctxOf } from '../../http/index.ts';
import { incidentPage, readIncidentPage } from '../page.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });

export function incidentPageRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 412: ApiError };

  r.get(
    '/api/v1/incidents/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['incidents'],
        summary: 'One incident: alerts, level and why, timeline, deliveries',
        description:
          "Needs incident:read on the incident's team; with incident:summary only (stakeholders) the header comes with alerts, facts, timeline and deliveries left empty. 404 for an incident the caller may not see.",
        params: IdParams,
        response: { 200: IncidentDetail, ...errors },
      },
    },
    async (req) => {
      return readIncidentPage({ ctx: ctxOf(rt, req), input: { id: req.params.id } });
    },
  );

  r.post(
    '/api/v1/incidents/:id/acknowledge',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['incidents'],
        summary: 'Acknowledge a triggered incident',
        params: IdParams,
        response: { 200: IncidentDetail, ...errors },
      },
    },
    async (req) => {
      // Acknowledging queues the room's watch (incident/incidents.ts markAcknowledged), whatever the medium.
      await acknowledgeIncident({ ctx: ctxOf(rt, req), input: { id: req.params.id } });
      rt.wakeEngine();
      return incidentPage(rt, req.params.id);
    },
  );

  r.post(
    '/api/v1/incidents/:id/escalate',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['escalation'],
        summary: "Run the incident's next escalation step now",
        description:
          'Pages the next step of the escalation policy at once (even when the incident is acknowledged) and records who asked. 403 for a viewer; 412 when the incident is mitigated, resolved or closed, its team has no escalation policy, or the policy has no further step.',
        params: IdParams,
        response: { 200: IncidentDetail, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 412: ApiError },
      },
    },
    async (req) => {
      await escalateIncident({ ctx: ctxOf(rt, req), input: { id: req.params.id } });
      return incidentPage(rt, req.params.id);
    },
  );
}
