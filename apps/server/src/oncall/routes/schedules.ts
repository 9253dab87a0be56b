/**
 * Schedules at runtime (DESIGN §7): list, read, create, replace and delete (stored ones; config ones are
 * read-only), the rendered final schedule, who is on call at an instant, and overrides (swaps) made by
 * people. Permissions: `oncall:read` / `oncall:write` on the schedule's owning team; a responder of the team
 * may add or remove an override that puts themselves on call.
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiError,
  FinalScheduleView,
  OverrideInput,
  OverrideList,
  OverrideView,
  ScheduleList,
  ScheduleOncallView,
  ScheduleView,
  pageQuery,
} from '@faultline/contracts';
import type { Runtime } from '../../kernel/index.ts';
import { ctxOf, decodeCursor, pageOfList, pageOfRows } from '../../http/index.ts';
import {
  addOverride,
  createStoredSchedule,
  deleteStoredSchedule,
  listReadableSchedules,
  MAX_WINDOW_DAYS,
  readFinalSchedule,
  readOverrides,
  readSchedule,
  readScheduleOncall,
  removeOverride,
  updateStoredSchedule,
} from '../verbs.ts';

/** Position in the override list: the start (ISO instant) and id of the previous page's last override. */
const OverrideCursor = z.tuple([z.iso.datetime(), z.number().int().positive()]);

const tags = ['schedules'];
const IdParams = z.object({ id: z.string().min(1) });
const OverrideParams = z.object({ id: z.string().min(1), overrideId: z.coerce.number().int().positive() });
const Instant = z.iso.datetime({ offset: true });
const Body = z.record(z.string(), z.unknown());

export function scheduleRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/schedules',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Schedules (config and stored) the caller may read, by id',
        querystring: pageQuery(100),
        response: { 200: ScheduleList, 400: ApiError, 401: ApiError },
      },
    },
    async (req) => {
      const page = pageOfList(listReadableSchedules({ ctx: ctxOf(rt, req), input: {} }), req.query, (s) => s.id);
      return { schedules: page.items, nextCursor: page.nextCursor };
    },
  );

  r.post(
    '/api/v1/schedules',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Create a schedule (the config shape of docs/schedules.md, plus an optional owning team)',
        description: '409 when the id is defined in the config file or already stored.',
        body: Body,
        response: { 201: ScheduleView, 400: ApiError, 401: ApiError, 403: ApiError, 409: ApiError },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createStoredSchedule({ ctx: ctxOf(rt, req), input: { body: req.body } })),
  );

  r.get(
    '/api/v1/schedules/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'One schedule',
        params: IdParams,
        response: { 200: ScheduleView, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (req) => readSchedule({ ctx: ctxOf(rt, req), input: { id: req.params.id } }),
  );

  r.put(
    '/api/v1/schedules/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Replace a stored schedule',
        description: '409 for a schedule defined in the config file (read-only here).',
        params: IdParams,
        body: Body,
        response: { 200: ScheduleView, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError },
      },
    },
    async (req) => updateStoredSchedule({ ctx: ctxOf(rt, req), input: { id: req.params.id, body: req.body } }),
  );

  r.delete(
    '/api/v1/schedules/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Delete a stored schedule and its overrides',
        description: '409 for a config schedule or one an escalation policy still pages.',
        params: IdParams,
        response: { 204: z.null(), 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError },
      },
    },
    async (req, reply) => {
      await deleteStoredSchedule({ ctx: ctxOf(rt, req), input: { id: req.params.id } });
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/v1/schedules/:id/final',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'The rendered final schedule (layers, then overrides) over [from, to)',
        description: `Default window: now to 14 days ahead; at most ${MAX_WINDOW_DAYS} days.`,
        params: IdParams,
        querystring: z.object({ from: Instant.optional(), to: Instant.optional() }),
        response: { 200: FinalScheduleView, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (req) => readFinalSchedule({ ctx: ctxOf(rt, req), input: { ...req.query, id: req.params.id } }),
  );

  r.get(
    '/api/v1/schedules/:id/oncall',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Who is on call at an instant (default now)',
        params: IdParams,
        querystring: z.object({ at: Instant.optional() }),
        response: { 200: ScheduleOncallView, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (req) => readScheduleOncall({ ctx: ctxOf(rt, req), input: { ...req.query, id: req.params.id } }),
  );

  r.get(
    '/api/v1/schedules/:id/overrides',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Runtime overrides of a schedule that end after `after` (default now), by start',
        params: IdParams,
        querystring: pageQuery(100).extend({ after: Instant.optional() }),
        response: { 200: OverrideList, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (req) => {
      const { limit, cursor, after } = req.query;
      const rows = await readOverrides({
        ctx: ctxOf(rt, req),
        input: { id: req.params.id, after, limit: limit + 1, afterPosition: decodeCursor(cursor, OverrideCursor) },
      });
      const page = pageOfRows(rows, limit, (o) => [o.start, o.id]);
      return { overrides: page.items, nextCursor: page.nextCursor };
    },
  );

  r.post(
    '/api/v1/schedules/:id/overrides',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Put someone on call over a window (with `replaces`: only over that person’s time — a swap)',
        description:
          'A responder of the team may create one for themselves; anything else needs oncall:write on the schedule’s team.',
        params: IdParams,
        body: OverrideInput,
        response: { 201: OverrideView, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await addOverride({ ctx: ctxOf(rt, req), input: { id: req.params.id, override: req.body } })),
  );

  r.delete(
    '/api/v1/schedules/:id/overrides/:overrideId',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Remove an override',
        params: OverrideParams,
        response: { 204: z.null(), 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (req, reply) => {
      await removeOverride({ ctx: ctxOf(rt, req), input: { id: req.params.id, overrideId: req.params.overrideId } });
      return reply.code(204).send(null);
    },
  );
}
