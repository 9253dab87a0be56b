/** Escalation: the policies, who is on call, and the "escalate" button. */
import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, EscalationPolicyList, IncidentDetail, OncallView } from '@faultline/contracts';
import type { Runtime } from '../../runtime.ts';
import { escalateIncident } from '../../escalation/escalate.ts';
import { listEscalationPolicies, oncallView } from '../../escalation/views.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });

export function escalationRoutes(app: FastifyInstance, rt: Runtime, requireAuth: preHandlerHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/incidents/:id/escalate',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['escalation'],
        summary: "Run the incident's next escalation step now",
        description:
          'Pages the next step of the escalation policy at once (even when the incident is acknowledged) and records who asked. 403 for a viewer; 412 when the incident is mitigated, resolved or closed, its team has no escalation policy, or the policy has no further step.',
        params: IdParams,
        response: { 200: IncidentDetail, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 412: ApiError },
      },
    },
    async (req) => escalateIncident(rt, req.params.id, req.principal!),
  );

  r.get(
    '/api/v1/escalation-policies',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['escalation'],
        summary: 'Escalation policies with their steps and the teams that use them',
        response: { 200: EscalationPolicyList, 401: ApiError },
      },
    },
    async () => listEscalationPolicies(rt.config()),
  );

  r.get(
    '/api/v1/oncall',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['escalation'],
        summary: 'Who is on call: per schedule, and per team through its escalation policy',
        querystring: z.object({
          at: z.iso.datetime({ offset: true }).optional().describe('ISO 8601 instant; default now'),
        }),
        response: { 200: OncallView, 400: ApiError, 401: ApiError },
      },
    },
    async (req) => oncallView(rt.config(), req.query.at ? new Date(req.query.at) : rt.clock.now()),
  );
}
