/**
 * API tokens for people and automation, managed by admins: create (the secret is shown once), list (never
 * the secret), revoke. The token's name is who acts with it (an email for people, e.g. a module's technical
 * owner approving level rules).
 */
import type { FastifyInstance, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '@faultline/contracts';
import type { Runtime } from '../../runtime.ts';
import { issueApiToken, listTokens, revokeTokenById, type TokenInfo } from '../../auth/tokens.ts';
import { AppError } from '../../lib/errors.ts';

const Role = z.enum(['admin', 'responder', 'viewer']);
const TokenRequest = z.strictObject({
  name: z.string().trim().min(1).max(200).describe('who acts with the token: an email for people'),
  role: Role,
});
const TokenCreated = z.object({
  id: z.number().int(),
  token: z.string().describe('the secret; shown only in this answer'),
  name: z.string(),
  role: z.string(),
});
const TokenView = z.object({
  id: z.number().int(),
  name: z.string(),
  role: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revoked: z.boolean(),
});
const IdParams = z.object({ id: z.coerce.number().int().positive() });
const tags = ['tokens'];

const view = (t: TokenInfo) => ({
  ...t,
  createdAt: t.createdAt.toISOString(),
  expiresAt: t.expiresAt?.toISOString() ?? null,
});

function requireAdmin(req: FastifyRequest): void {
  if (req.principal?.role !== 'admin') throw new AppError('FORBIDDEN', 'only an admin may manage API tokens');
}

export function tokenRoutes(app: FastifyInstance, rt: Runtime, requireAuth: preHandlerHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/tokens',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Create an API token (admin only); the secret is in this answer only',
        body: TokenRequest,
        response: { 201: TokenCreated, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (req, reply) => {
      requireAdmin(req);
      const { name, role } = req.body;
      const { id, token } = await issueApiToken(rt.db, { name, role, now: rt.clock.now() });
      return reply.code(201).send({ id, token, name, role });
    },
  );

  r.get(
    '/api/v1/tokens',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'List API tokens without their secrets (admin only)',
        response: { 200: z.object({ tokens: z.array(TokenView) }), 401: ApiError, 403: ApiError },
      },
    },
    async (req) => {
      requireAdmin(req);
      return { tokens: (await listTokens(rt.db)).map(view) };
    },
  );

  r.delete(
    '/api/v1/tokens/:id',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Revoke an API token (admin only); it stops working at once',
        params: IdParams,
        response: { 200: TokenView, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (req) => {
      requireAdmin(req);
      const t = await rt.db.transaction((tx) => revokeTokenById(tx, req.params.id, rt.clock.now()));
      if (!t) throw new AppError('NOT_FOUND', `there is no API token ${req.params.id}`);
      return view(t);
    },
  );
}
