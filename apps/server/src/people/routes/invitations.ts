/**
 * Team invitations (people/invitations.ts, docs/identity.md): a team's managers invite, list and cancel; the
 * invited person lists theirs and accepts or declines.
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, InvitationCreate, InvitationList, InvitationView } from '@faultline/contracts';
import type { Runtime } from '../../kernel/index.ts';
import { answerInvitation, cancelInvitation, inviteMember, myInvitations, teamInvitationList } from '../invitations.ts';
import { ctxOf } from '../../http/index.ts';

const TeamParams = z.object({ id: z.string().min(1).max(200) });
const InvitationParams = z.object({ id: z.coerce.number().int().positive() });
const tags = ['people'];
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError };

export function invitationRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/teams/:id/invitations',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Invite a user to a team (oncall:write on the team, or admin); they are emailed and must accept',
        description:
          'Nothing changes until the person accepts. Inviting someone with an open invitation replaces its role and expiry (7 days). 409 for a member or a disabled user.',
        params: TeamParams,
        body: InvitationCreate,
        response: { 201: InvitationView, ...errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await inviteMember({ ctx: ctxOf(rt, req), input: { ...req.body, teamId: req.params.id } })),
  );

  r.get(
    '/api/v1/teams/:id/invitations',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: "A team's pending invitations (oncall:read on the team)",
        params: TeamParams,
        response: { 200: InvitationList, ...errors },
      },
    },
    async (req) => ({
      invitations: await teamInvitationList({ ctx: ctxOf(rt, req), input: { teamId: req.params.id } }),
    }),
  );

  r.get(
    '/api/v1/invitations',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: "The caller's own pending invitations (none for a service token)",
        response: { 200: InvitationList, ...errors },
      },
    },
    async (req) => ({ invitations: await myInvitations({ ctx: ctxOf(rt, req), input: {} }) }),
  );

  for (const [verb, answer] of [
    ['accept', 'accepted'],
    ['decline', 'declined'],
  ] as const) {
    r.post(
      `/api/v1/invitations/:id/${verb}`,
      {
        onRequest: requireAuth,
        schema: {
          tags,
          summary: `${verb === 'accept' ? 'Accept' : 'Decline'} an invitation (only the invited person)`,
          description:
            "404 for someone else's invitation; 409 once answered or cancelled; 412 once expired. A scoped token, or one limited to another team, may not answer.",
          params: InvitationParams,
          response: { 200: InvitationView, ...errors, 412: ApiError },
        },
      },
      async (req) => answerInvitation({ ctx: ctxOf(rt, req), input: { id: req.params.id, answer } }),
    );
  }

  r.delete(
    '/api/v1/invitations/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Cancel a pending invitation (oncall:write on its team, or admin)',
        params: InvitationParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await cancelInvitation({ ctx: ctxOf(rt, req), input: { id: req.params.id } });
      return reply.code(204).send(null);
    },
  );
}
