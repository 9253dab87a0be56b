/** Console sign-in: exchange an API token for a session cookie (HttpOnly, SameSite=Lax). */
import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApiError, SessionInfo, SessionRequest } from '@faultline/contracts';
import type { Runtime } from '../../runtime.ts';
import { createToken, revokeToken, SESSION_TTL_MS, verifyToken } from '../../auth/tokens.ts';
import { AppError } from '../../lib/errors.ts';
import { SESSION_COOKIE } from '../auth.ts';

export function sessionRoutes(app: FastifyInstance, rt: Runtime, requireAuth: preHandlerHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in with an API token',
        body: SessionRequest,
        response: { 200: SessionInfo, 400: ApiError, 401: ApiError },
      },
    },
    async (req, reply) => {
      const now = rt.clock.now();
      const principal = await verifyToken(rt.db, req.body.token, now);
      if (!principal)
        throw new AppError('UNAUTHORIZED', 'this token is unknown, revoked or expired', [
          { path: 'token', message: 'not valid' },
        ]);
      const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
      const session = await createToken(rt.db, {
        name: principal.name,
        role: principal.role,
        kind: 'session',
        now,
        expiresAt,
      });
      void reply.setCookie(SESSION_COOKIE, session, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: rt.publicUrl.startsWith('https:'),
        expires: expiresAt,
      });
      return { name: principal.name, role: principal.role };
    },
  );

  r.get(
    '/api/v1/session',
    {
      preHandler: requireAuth,
      schema: { tags: ['session'], summary: 'Who is signed in', response: { 200: SessionInfo, 401: ApiError } },
    },
    async (req) => ({ name: req.principal!.name, role: req.principal!.role }),
  );

  r.delete('/api/v1/session', { schema: { tags: ['session'], summary: 'Sign out' } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await revokeToken(rt.db, token, rt.clock.now());
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });
}
