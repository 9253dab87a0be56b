/**
 * API tokens for people and automation: create (the secret is shown once), list (never the secret), revoke.
 * An admin manages every token; a person manages their own personal tokens (auth/token-admin.ts). The token's
 * name is who acts with a service token (an email for people, e.g. a module's technical owner approving level
 * rules); a personal token acts as its person.
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, TokenCreate, TokenCreated, TokenList, TokenView, pageQuery } from '@faultline/contracts';
import type { Runtime } from '../../kernel/index.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../token-admin.ts';
import { ctxOf, IdCursor, decodeCursor, pageOfRows } from '../../http/index.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const tags = ['tokens'];

export function tokenRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/tokens',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Create an API token; the secret is in this answer only',
        description:
          'An admin creates any token (`user` makes it a personal token acting as that person). A person creates personal tokens for themselves, with at most their own role; a team-limited or scoped caller only tokens limited at least as much. `scopes` narrows the role to these permissions; `team` limits the token to one team.',
        body: TokenCreate,
        response: { 201: TokenCreated, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (req, reply) => reply.code(201).send(await createApiToken({ ctx: ctxOf(rt, req), input: req.body })),
  );

  r.get(
    '/api/v1/tokens',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'List API tokens without their secrets, oldest first (an admin: all; a person: their own)',
        querystring: pageQuery(100),
        response: { 200: TokenList, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (req) => {
      const { limit, cursor } = req.query;
      const rows = await listApiTokens({
        ctx: ctxOf(rt, req),
        input: { limit: limit + 1, afterId: decodeCursor(cursor, IdCursor)?.[0] },
      });
      const page = pageOfRows(rows, limit, (t) => [t.id]);
      return { tokens: page.items, nextCursor: page.nextCursor };
    },
  );

  r.delete(
    '/api/v1/tokens/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Revoke an API token (an admin: any; a person: their own); it stops working at once',
        params: IdParams,
        response: { 200: TokenView, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (req) => {
      const revoked = await revokeApiToken({ ctx: ctxOf(rt, req), input: { id: req.params.id } });
      rt.bus.credentialsChanged();
      return revoked;
    },
  );
}
