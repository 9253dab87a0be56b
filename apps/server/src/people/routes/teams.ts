/**
 * Teams and members: list (oncall:read), create (a manager or admin), link an escalation policy (its managers
 * or an admin), add a member directly (an admin; others
 * invite, routes/invitations.ts), change a member's role and remove a member (the team's managers or an admin).
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiError,
  MemberAdd,
  MemberUpdate,
  TeamCreate,
  TeamList,
  TeamUpdate,
  TeamView,
  pageQuery,
} from '@faultline/contracts';
import type { Runtime } from '../../kernel/index.ts';
import {
  addMember,
  createTeam,
  linkTeamPolicy,
  listReadableTeams,
  readTeam,
  removeMember,
  updateMember,
} from '../teams.ts';
import { ctxOf, KeyCursor, decodeCursor, pageOfRows } from '../../http/index.ts';

const TeamParams = z.object({ id: z.string().min(1).max(200) });
const MemberParams = z.object({ id: z.string().min(1).max(200), userId: z.coerce.number().int().positive() });
const tags = ['people'];
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError };

export function teamRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/teams',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Teams with their members and roles, by id (those the caller may read)',
        querystring: pageQuery(100),
        response: { 200: TeamList, ...errors },
      },
    },
    async (req) => {
      const { limit, cursor } = req.query;
      const rows = await listReadableTeams({
        ctx: ctxOf(rt, req),
        input: { limit: limit + 1, afterId: decodeCursor(cursor, KeyCursor)?.[0] },
      });
      const page = pageOfRows(rows, limit, (t) => [t.id]);
      return { teams: page.items, nextCursor: page.nextCursor };
    },
  );

  r.post(
    '/api/v1/teams',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Create a team (a manager or admin)',
        body: TeamCreate,
        response: { 201: TeamView, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await createTeam({ ctx: ctxOf(rt, req), input: req.body })),
  );

  r.get(
    '/api/v1/teams/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'One team with its members',
        params: TeamParams,
        response: { 200: TeamView, ...errors },
      },
    },
    async (req) => readTeam({ ctx: ctxOf(rt, req), input: { id: req.params.id } }),
  );

  r.patch(
    '/api/v1/teams/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary:
          'Link an escalation policy to the team (its managers or an admin); null unlinks. A policy the config file names for the team is changed there (409)',
        params: TeamParams,
        body: TeamUpdate,
        response: { 200: TeamView, ...errors },
      },
    },
    async (req) =>
      linkTeamPolicy({
        ctx: ctxOf(rt, req),
        input: { teamId: req.params.id, escalationPolicy: req.body.escalationPolicy },
      }),
  );

  r.post(
    '/api/v1/teams/:id/members',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: "Add a user to a team without an invitation, or change an API-made member's role (admin only)",
        description:
          "Team managers invite instead (POST /api/v1/teams/{id}/invitations): joining a team takes the person's consent. Audited. Members from the config file are changed in the file (409).",
        params: TeamParams,
        body: MemberAdd,
        response: { 200: TeamView, ...errors },
      },
    },
    async (req) => addMember({ ctx: ctxOf(rt, req), input: { ...req.body, teamId: req.params.id } }),
  );

  r.patch(
    '/api/v1/teams/:id/members/:userId',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: "Change a member's role (oncall:write on the team, or admin)",
        params: MemberParams,
        body: MemberUpdate,
        response: { 200: TeamView, ...errors },
      },
    },
    async (req) =>
      updateMember({
        ctx: ctxOf(rt, req),
        input: { teamId: req.params.id, userId: req.params.userId, role: req.body.role },
      }),
  );

  r.delete(
    '/api/v1/teams/:id/members/:userId',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Remove a member from a team (oncall:write on the team, or admin): it only narrows who is paged',
        params: MemberParams,
        response: { 200: TeamView, ...errors },
      },
    },
    async (req) => removeMember({ ctx: ctxOf(rt, req), input: { teamId: req.params.id, userId: req.params.userId } }),
  );
}
