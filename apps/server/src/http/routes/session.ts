/**
 * Console sign-in: an API token or an email and password is exchanged for a session cookie (HttpOnly,
 * SameSite=Lax); `GET` says who is signed in and what they may do; `DELETE` signs out.
 */
import type { FastifyInstance, FastifyReply, preHandlerHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApiError, SessionInfo, SessionRequest } from '@faultline/contracts';
import type { Runtime } from '../../runtime.ts';
import { revokeToken, verifyToken } from '../../auth/tokens.ts';
import { startSession, type StartedSession } from '../../auth/session.ts';
import { signInWithPassword } from '../../auth/password-sign-in.ts';
import { SignInLimiter } from '../../auth/sign-in-limit.ts';
import { sessionInfo } from '../../auth/session-info.ts';
import { AppError } from '../../lib/errors.ts';
import { SESSION_COOKIE } from '../auth.ts';

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

export function sessionRoutes(app: FastifyInstance, rt: Runtime, requireAuth: preHandlerHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const limiter = new SignInLimiter();

  r.post(
    '/api/v1/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in with an API token, or with an email and password',
        description:
          'Sets the session cookie. After 5 failed password sign-ins for one email within 15 minutes, further attempts for it answer 429 until the oldest failure is 15 minutes old.',
        body: SessionRequest,
        response: { 200: SessionInfo, 400: ApiError, 401: ApiError, 429: ApiError },
      },
    },
    async (req, reply) => {
      const now = rt.clock.now();
      let session: StartedSession;
      if (req.body.token !== undefined) {
        const p = await verifyToken(rt.db, req.body.token, now);
        if (!p)
          throw new AppError('UNAUTHORIZED', 'this token is unknown, revoked or expired', [
            { path: 'token', message: 'not valid' },
          ]);
        session = await startSession(
          rt.db,
          { name: p.name, role: p.role, userId: p.userId, teamId: p.tokenTeam, scopes: p.scopes },
          now,
        );
      } else {
        session = await signInWithPassword(
          { db: rt.db, log: req.log, limiter },
          req.body.email!,
          req.body.password!,
          now,
        );
      }
      setSessionCookie(rt, reply, session);
      const p = await verifyToken(rt.db, session.token, now);
      return sessionInfo(p!);
    },
  );

  r.get(
    '/api/v1/session',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['session'],
        summary: 'Who is signed in: role, team roles, and the permissions held server-wide and per team',
        response: { 200: SessionInfo, 401: ApiError },
      },
    },
    async (req) => sessionInfo(req.principal!),
  );

  r.delete('/api/v1/session', { schema: { tags: ['session'], summary: 'Sign out' } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await revokeToken(rt.db, token, rt.clock.now());
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });
}
