/** The on-call lint over the whole directory with the database's people (escalation/oncall-lint.ts). */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, OncallLintReport } from '@faultline/contracts';
import type { Runtime } from '../../kernel/index.ts';
import { ctxOf } from '../../http/index.ts';
import { readOncallLint } from '../verbs.ts';

export function oncallLintRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/oncall/lint',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['escalation'],
        summary: 'Lint schedules, policies and overrides (config and stored) against the people in the database',
        description:
          'Empty steps, people without a verified contact method or account, schedule gaps and overlaps in the next 28 days, policies no service uses, overrides for unknown users, unknown team policies. Needs oncall:read server-wide.',
        querystring: z.object({
          at: z.iso.datetime({ offset: true }).optional().describe('look ahead from; default now'),
        }),
        response: { 200: OncallLintReport, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (req) => readOncallLint({ ctx: ctxOf(rt, req), input: req.query }),
  );
}
