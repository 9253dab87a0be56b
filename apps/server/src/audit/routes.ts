/** The audit log (audit:read): every change made through the API, console or CLI, newest first. */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, AuditList, pageQuery } from '@faultline/contracts';
import type { Runtime } from '../kernel/index.ts';
import type { RouteRegistrar } from '../http/index.ts';
import { readAuditLog } from './audit.ts';
import { ctxOf, IdCursor, decodeCursor, pageOfRows } from '../http/index.ts';

const Query = pageQuery(100).extend({
  targetType: z.string().min(1).max(100).optional().describe('e.g. user, team, token'),
  targetId: z.string().min(1).max(200).optional(),
});

export function auditRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/audit',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['people'],
        summary: 'Audit log entries, newest first: who changed what, with the record before and after (no secrets)',
        querystring: Query,
        response: { 200: AuditList, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (req) => {
      const q = req.query;
      const rows = await readAuditLog({
        ctx: ctxOf(rt, req),
        input: {
          targetType: q.targetType,
          targetId: q.targetId,
          beforeId: decodeCursor(q.cursor, IdCursor)?.[0],
          limit: q.limit + 1,
        },
      });
      const page = pageOfRows(rows, q.limit, (e) => [e.id]);
      return {
        entries: page.items.map((e) => ({
          id: e.id,
          at: e.at.toISOString(),
          actor: e.actor,
          action: e.action,
          targetType: e.targetType,
          targetId: e.targetId,
          before: e.before,
          after: e.after,
        })),
        nextCursor: page.nextCursor,
      };
    },
  );
}

/** The domain's routes, as the composition root registers them. */
export const routes: RouteRegistrar = (app, { rt, requireAuth }) => auditRoutes(app, rt, requireAuth);
