/**
 * `POST /api/v1/incidents/bulk`: acknowledge, resolve or escalate many incidents at once (triage in a storm,
 * issue 12). Each incident goes through the same check and verb as its own button, one at a time in the
 * order given; one that fails (not allowed, not found, already closed) does not stop the others, and its
 * error is answered in its place.
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApiError, BulkRequest, BulkResponse, type BulkAction } from '@faultline/contracts';
import type { Ctx, Runtime } from '../../kernel/index.ts';
import { ctxOf } from '../../http/index.ts';
import { acknowledgeIncident, getIncident, resolveIncident } from '../../incident/index.ts';
import { escalateIncident } from '../../escalation/index.ts';
import { AppError } from '../../lib/index.ts';

/** Takes `action` on incident `id` through the same verb as its own button; the incident's status after it. */
async function act(rt: Runtime, ctx: Ctx, action: BulkAction, id: number): Promise<string> {
  const input = { id };
  switch (action) {
    case 'acknowledge':
      // As every acknowledgement, it queues the room's watch, which takes the acknowledger in.
      await acknowledgeIncident({ ctx, input });
      rt.wakeEngine();
      break;
    case 'resolve':
      await resolveIncident({ ctx, input });
      break;
    case 'escalate':
      await escalateIncident({ ctx, input });
      break;
  }
  return (await getIncident(rt, id)).status;
}

/** Registers `POST /api/v1/incidents/bulk`. */
export function incidentBulkRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/incidents/bulk',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['incidents'],
        summary: 'Acknowledge, resolve or escalate up to 200 incidents',
        description:
          "Needs incident:respond on each incident's team. Answers 200 with one result per id, in order: `ok` and the new status, or the error code and message the single action would have answered (NOT_FOUND, FORBIDDEN, PRECONDITION_FAILED…).",
        body: BulkRequest,
        response: { 200: BulkResponse, 400: ApiError, 401: ApiError },
      },
    },
    async (req) => {
      const results = [];
      for (const id of req.body.ids) {
        try {
          const status = await act(rt, ctxOf(rt, req), req.body.action, id);
          results.push({ id, ok: true, status, error: null });
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          results.push({ id, ok: false, status: null, error: { code: e.code, message: e.message } });
        }
      }
      return { action: req.body.action, results };
    },
  );
}
