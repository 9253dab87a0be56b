/**
 * Single sign-on (OpenID Connect, authorization code flow with PKCE) and the list of sign-in methods.
 * `start` keeps state, nonce and PKCE verifier in `oidc_logins` (10 minutes, one use) and redirects to the
 * provider; `callback` validates the answer, finds or creates the person, sets the session cookie and
 * redirects to `next` (a path on this server only). A failed sign-in lands on `/signin?ssoError=…`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, SignInMethods, sameOriginPath } from '@faultline/contracts';
import type { Runtime } from '../../kernel/index.ts';
import { saveOidcLogin, takeOidcLogin } from '../oidc-logins.ts';
import { OidcClient, type OidcSettings } from '../oidc-client.ts';
import { startSession } from '../session.ts';
import { userForOidc } from '../../people/index.ts';
import { AppError } from '../../lib/index.ts';
import { setSessionCookie } from './session.ts';

/** `next` if it is a path on this server as a browser reads it (packages/contracts next-path.ts), else `/`. */
const safeNextPath = (next: string | undefined | null): string => sameOriginPath(next) ?? '/';

export function oidcRoutes(app: FastifyInstance, rt: Runtime, settings: OidcSettings | null): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const oidc = settings ? new OidcClient(settings, rt.outbound.fetch) : null;
  const redirectUri = () => `${rt.publicUrl}/api/v1/auth/oidc/callback`;
  const enabled = (): OidcClient => {
    if (!oidc) throw new AppError('NOT_FOUND', 'single sign-on is not configured (FAULTLINE_OIDC_ISSUER)');
    return oidc;
  };
  const fail = (req: FastifyRequest, reply: FastifyReply, e: unknown) => {
    const message = e instanceof AppError ? e.message : 'single sign-on failed';
    req.log.info({ err: e instanceof AppError ? e.message : e }, 'single sign-on failed');
    return reply.redirect(`/signin?ssoError=${encodeURIComponent(message)}`, 302);
  };

  r.get(
    '/api/v1/auth/methods',
    {
      schema: {
        tags: ['session'],
        security: [],
        summary: 'Sign-in methods this server offers (no authentication)',
        response: { 200: SignInMethods },
      },
    },
    async () => ({ password: true, oidc: oidc !== null }),
  );

  r.get(
    '/api/v1/auth/oidc/start',
    {
      schema: {
        tags: ['session'],
        security: [],
        summary: 'Start single sign-on: redirects (302) to the OpenID provider',
        querystring: z.object({ next: z.string().max(2000).optional().describe('console path to return to') }),
        response: { 404: ApiError },
      },
    },
    async (req, reply) => {
      const client = enabled();
      const now = rt.clock.now();
      const started = await client.start(redirectUri());
      await saveOidcLogin(
        rt.db,
        {
          state: started.state,
          codeVerifier: started.codeVerifier,
          nonce: started.nonce,
          next: safeNextPath(req.query.next),
        },
        now,
      );
      return reply.redirect(started.url.href, 302);
    },
  );

  r.get(
    '/api/v1/auth/oidc/callback',
    {
      schema: {
        tags: ['session'],
        security: [],
        summary: "The OpenID provider's redirect back: signs in and redirects (302) to the console",
        querystring: z.looseObject({ state: z.string().max(500).optional() }),
        response: { 404: ApiError },
      },
    },
    async (req, reply) => {
      const client = enabled();
      const now = rt.clock.now();
      try {
        const state = req.query.state;
        if (!state) throw new AppError('UNAUTHORIZED', 'the provider sent no state');
        // One use: a replayed callback finds nothing.
        const login = await takeOidcLogin(rt.db, state, now);
        if (!login) throw new AppError('UNAUTHORIZED', 'this sign-in has expired or was already used; start again');
        const identity = await client.finish(new URL(req.url, rt.publicUrl), login);
        const user = await userForOidc(rt.db, identity, now);
        const session = await startSession(rt.db, { name: user.email, role: user.role, userId: user.id }, now);
        setSessionCookie(rt, reply, session);
        req.log.info({ userId: user.id }, 'signed in through single sign-on');
        return reply.redirect(safeNextPath(login.next), 302);
      } catch (e) {
        return fail(req, reply, e);
      }
    },
  );
}
