/**
 * Console sign-in: an API token or an email and password is exchanged for a session cookie (HttpOnly,
 * SameSite=Lax); `GET` says who is signed in and what they may do; `DELETE` signs out.
 */
import type { FastifyInstance, FastifyReply, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApiError, SessionInfo, SessionRequest } from '@faultline/contracts';
import type { Runtime } from '../../kernel/index.ts';
import { revokeToken, verifyToken } from '../tokens.ts';
import { startSessionFromToken, type StartedSession } from '../session.ts';
import { signInWithPassword } from '../password-sign-in.ts';
import { SignInLimiter } from '../sign-in-limit.ts';
import { sessionInfo } from '../session-info.ts';
import { SESSION_COOKIE } from '../../http/index.ts';

/**
 * Sets the session cookie on a reply. Its lifetime goes as `Max-Age` (seconds from now), which browsers
 * prefer to `Expires` (RFC 6265 §5.3): a browser whose clock differs from the server's still keeps the
 * cookie exactly as long as the session lives. `Expires` stays for clients that know no `Max-Age`.
 */
export function setSessionCookie(rt: Runtime, reply: FastifyReply, session: StartedSession): void {
  void reply.setCookie(SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: rt.publicUrl.startsWith('https:'),
    maxAge: Math.max(0, Math.floor((session.expiresAt.getTime() - rt.clock.now().getTime()) / 1000)),
    expires: session.expiresAt,
  });
}

export function sessionRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const limiter = new SignInLimiter(rt.db);

  r.post(
    '/api/v1/session',
    {
      schema: {
        tags: ['session'],
        security: [],
        summary: 'Sign in with an API token, or with an email and password',
        description:
          'Sets the session cookie. A session lives while it is used at least once a day, for 7 days at most, and ' +
          'ends with the API token it was started with; a session cannot start another one. Password attempts ' +
          'are limited: 5 per email from one client in 15 minutes, and 100 unsuccessful ones per client in an hour; ' +
          'beyond that the answer is 429 with Retry-After.',
        body: SessionRequest,
        response: { 200: SessionInfo, 400: ApiError, 401: ApiError, 429: ApiError },
      },
    },
    async (req, reply) => {
      const now = rt.clock.now();
      const session: StartedSession =
        req.body.token !== undefined
          ? await startSessionFromToken(rt.db, req.body.token, now)
          : await signInWithPassword(
              { db: rt.db, log: req.log, limiter },
              { email: req.body.email!, password: req.body.password!, client: req.ip },
              now,
            );
      setSessionCookie(rt, reply, session);
      const p = await verifyToken(rt.db, session.token, now);
      return sessionInfo(p!);
    },
  );

  r.get(
    '/api/v1/session',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['session'],
        summary: 'Who is signed in: role, team roles, and the permissions held server-wide and per team',
        response: { 200: SessionInfo, 401: ApiError },
      },
    },
    async (req) => sessionInfo(req.principal!),
  );

  r.delete(
    '/api/v1/session',
    { schema: { tags: ['session'], security: [], summary: 'Sign out (the session cookie, if any, is revoked)' } },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) {
        await revokeToken(rt.db, token, rt.clock.now());
        rt.bus.credentialsChanged();
      }
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );
}
