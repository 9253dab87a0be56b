/** Administration: reload the config file (a bad file is refused and the last good config stays). */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '@faultline/contracts';
import type { Runtime } from '../kernel/index.ts';
import { authorize } from '../http/index.ts';
import { AppError } from '../lib/index.ts';

export function adminRoutes(
  app: FastifyInstance,
  rt: Runtime,
  requireAuth: onRequestHookHandler,
  reload: () => Promise<{ ok: boolean; problems: string[] }>,
): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/config/reload',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['admin'],
        summary: 'Reload the config file',
        description:
          'Re-reads FAULTLINE_CONFIG. A file with errors is refused (422-style 400 listing every problem) and the last good config stays active. SIGHUP does the same.',
        response: {
          200: z.object({ status: z.literal('reloaded'), origin: z.string(), warnings: z.array(z.string()) }),
          400: ApiError,
          401: ApiError,
        },
      },
    },
    async (req) => {
      authorize(req, 'server:admin');
      const r = await reload();
      if (!r.ok) {
        throw new AppError(
          'VALIDATION',
          `the config has errors; the last good config stays active`,
          r.problems.map((p) => ({ path: 'config', message: p })),
        );
      }
      return { status: 'reloaded' as const, origin: rt.config().origin, warnings: r.problems };
    },
  );
}
