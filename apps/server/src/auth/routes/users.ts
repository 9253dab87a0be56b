/** Users: the people directory (names only, incident:summary), list and read (oncall:read), create (admin), change (oneself, or an admin), and `me`. */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiError,
  PeopleDirectory,
  UserCreate,
  UserInvited,
  UserList,
  UserUpdate,
  UserView,
  pageQuery,
} from '@faultline/contracts';
import type { Runtime } from '../../kernel/index.ts';
import { createUser, inviteUser, listDirectory, listUsersFor, me, readUser, updateUser } from '../../people/index.ts';
import { endSessionsOf } from '../session.ts';
import { ctxOf, KeyCursor, decodeCursor, pageOfRows } from '../../http/index.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const tags = ['people'];
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError };

export function userRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/users',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Users with their team roles, by email (oncall:read)',
        querystring: pageQuery(100),
        response: { 200: UserList, ...errors },
      },
    },
    async (req) => {
      const { limit, cursor } = req.query;
      const rows = await listUsersFor({
        ctx: ctxOf(rt, req),
        input: { limit: limit + 1, afterEmail: decodeCursor(cursor, KeyCursor)?.[0] },
      });
      const page = pageOfRows(rows, limit, (u) => [u.email]);
      return { users: page.items, nextCursor: page.nextCursor };
    },
  );

  r.get(
    '/api/v1/people',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'The people directory: id, email and name of the people on the teams the caller can see',
        description:
          "For showing names where the API gives emails, to anyone who sees some team's incidents (`incident:summary`, a stakeholder too). Nothing else about a person: no phone, contact methods, role or teams (`GET /api/v1/users` with `oncall:read` has those). Everyone for a caller who sees incidents server-wide; otherwise the members of the caller's teams, and the caller.",
        querystring: pageQuery(500),
        response: { 200: PeopleDirectory, ...errors },
      },
    },
    async (req) => {
      const { limit, cursor } = req.query;
      const rows = await listDirectory({
        ctx: ctxOf(rt, req),
        input: { limit: limit + 1, afterEmail: decodeCursor(cursor, KeyCursor)?.[0] },
      });
      const page = pageOfRows(rows, limit, (u) => [u.email]);
      return { people: page.items, nextCursor: page.nextCursor };
    },
  );

  r.post(
    '/api/v1/users',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary:
          'Create a user (admin); an optional password of at least 12 characters, or invite: true to email them a link to set one',
        body: UserCreate,
        response: { 201: UserView, ...errors, 409: ApiError },
      },
    },
    async (req, reply) => reply.code(201).send(await createUser({ ctx: ctxOf(rt, req), input: req.body })),
  );

  r.post(
    '/api/v1/users/:id/invite',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: "Email a user a link to set their password (admin); replaces the user's earlier links",
        params: IdParams,
        response: { 200: UserInvited, ...errors, 409: ApiError },
      },
    },
    async (req) => inviteUser({ ctx: ctxOf(rt, req), input: { id: req.params.id } }),
  );

  r.get(
    '/api/v1/users/me',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'The signed-in person (404 for a service token)',
        response: { 200: UserView, ...errors },
      },
    },
    async (req) => me({ ctx: ctxOf(rt, req), input: {} }),
  );

  r.get(
    '/api/v1/users/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'One user (oneself, or oncall:read)',
        params: IdParams,
        response: { 200: UserView, ...errors },
      },
    },
    async (req) => readUser({ ctx: ctxOf(rt, req), input: { id: req.params.id } }),
  );

  r.patch(
    '/api/v1/users/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary:
          'Change a user: oneself (name, phone, time zone, locale, password) or, as an admin, also role and disabled',
        params: IdParams,
        body: UserUpdate,
        response: { 200: UserView, ...errors },
      },
    },
    async (req) => {
      const user = await updateUser({
        ctx: ctxOf(rt, req),
        input: { id: req.params.id, patch: req.body, endSessionsOf },
      });
      // A disabled person, a new role or password: open streams re-check their credential at once.
      const { role, disabled, password } = req.body;
      if (role !== undefined || disabled !== undefined || password !== undefined) rt.bus.credentialsChanged();
      return user;
    },
  );
}
