/** The caller's saved views of the incident list (people/saved-views.ts, docs/console.md "Views"). */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, SavedViewList, SavedViewPut, SavedViewView } from '@faultline/contracts';
import type { Runtime } from '../../kernel/index.ts';
import { deleteSavedView, listSavedViews, putSavedView } from '../saved-views.ts';
import { ctxOf } from '../../http/index.ts';

const NameParams = z.object({ name: z.string().trim().min(1).max(60) });
const tags = ['people'];
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError };

export function savedViewRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/me/views',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: "Your saved views of the incident list, by name (a person's only)",
        response: { 200: SavedViewList, ...errors },
      },
    },
    async (req) => ({ views: await listSavedViews({ ctx: ctxOf(rt, req), input: {} }) }),
  );

  r.put(
    '/api/v1/me/views',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Save a view of the incident list under a name, replacing one of that name',
        description: 'At most 50 views per person (409 beyond). 403 for a service token: it is no person.',
        body: SavedViewPut,
        response: { 200: SavedViewView, ...errors },
      },
    },
    async (req) => putSavedView({ ctx: ctxOf(rt, req), input: req.body }),
  );

  r.delete(
    '/api/v1/me/views/:name',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Delete one of your saved views',
        params: NameParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await deleteSavedView({ ctx: ctxOf(rt, req), input: { name: req.params.name } });
      return reply.code(204).send(null);
    },
  );
}
