/**
 * Password links without a session (people/password-links.ts): ask for a reset link by email, and set a
 * password with the token of an emailed invitation or reset link. Both are public; the reset answer is the
 * same whether or not the address has an account.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, PasswordResetRequest, PasswordSet, PasswordSetDone } from '@faultline/contracts';
import type { Runtime } from '../../kernel/index.ts';
import { requestPasswordReset, setPasswordWithLink } from '../../people/index.ts';
import { endSessionsOf } from '../session.ts';

const tags = ['session'];

export function passwordRoutes(app: FastifyInstance, rt: Runtime): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/password/reset',
    {
      schema: {
        tags,
        security: [],
        summary: 'Email a link to set a new password (works once, for 1 hour), if the address has an account',
        description: 'Always 202, whether or not the address has an account. At most one email per person and minute.',
        body: PasswordResetRequest,
        response: { 202: z.object({ accepted: z.literal(true) }), 400: ApiError },
      },
    },
    async (req, reply) => {
      await requestPasswordReset(rt.db, rt.publicUrl, req.body.email, rt.clock.now());
      return reply.code(202).send({ accepted: true });
    },
  );

  r.post(
    '/api/v1/password/set',
    {
      schema: {
        tags,
        security: [],
        summary: "Set a password with an emailed link's token; ends the person's console sessions",
        body: PasswordSet,
        response: { 200: PasswordSetDone, 400: ApiError },
      },
    },
    async (req) => setPasswordWithLink(rt.db, req.body, rt.clock.now(), endSessionsOf, rt.emailProven),
  );
}
