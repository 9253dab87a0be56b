/**
 * Schedules at runtime (DESIGN §7): list, read, create, replace and delete (stored ones; config ones are
 * read-only), the rendered final schedule, who is on call at an instant, and overrides (swaps) made by
 * people. Permissions: `oncall:read` / `oncall:write` on the schedule's owning team; a responder of the team
 * may add or remove an override that puts themselves on call.
 */
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
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
import { authorize, decodeCursor, pageOfList, pageOfRows } from '../../http/index.ts';
import { can } from '../../kernel/index.ts';
import { AppError } from '../../lib/index.ts';
import { onCallAt } from '../final.ts';
import type { Schedule } from '../schema.ts';
import {
  createSchedule,
  deleteSchedule,
  readBody,
  SCHEDULE_KIND,
  scheduleOwner,
  updateSchedule,
  type Actor,
} from '../store.ts';
import { createOverride, deleteOverride, getOverride, listOverrides } from '../overrides.ts';
import { finalScheduleView, scheduleView, scheduleViews } from '../views.ts';

/** Position in the override list: the start (ISO instant) and id of the previous page's last override. */
const OverrideCursor = z.tuple([z.iso.datetime(), z.number().int().positive()]);

const tags = ['schedules'];
const IdParams = z.object({ id: z.string().min(1) });
const OverrideParams = z.object({ id: z.string().min(1), overrideId: z.coerce.number().int().positive() });
const Instant = z.iso.datetime({ offset: true });
const Body = z.record(z.string(), z.unknown());
const DAY_MS = 86_400_000;
/** The longest final-schedule window one request may ask for. */
const MAX_WINDOW_DAYS = 366;

export function scheduleRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const actor = (req: FastifyRequest): Actor => ({ principal: req.principal!, requestId: req.id, now: rt.clock.now() });
  /** The schedule's owner, or NOT_FOUND. */
  const ownerOf = (id: string) => {
    const owner = scheduleOwner(rt.config(), rt.oncall.stored(), id);
    if (!owner) throw new AppError('NOT_FOUND', `no schedule "${id}"`);
    return owner;
  };
  const readable = (req: FastifyRequest, id: string): Schedule => {
    authorize(req, 'oncall:read', ownerOf(id).team);
    return rt.config().escalation.schedules.get(id)!;
  };
  /** A responder may put themselves on call; anything else needs oncall:write on the team. */
  const authorizeOverride = (req: FastifyRequest, team: string | null, user: string) => {
    const p = req.principal!;
    const self = p.userId !== null && p.name.toLowerCase() === user.toLowerCase();
    if (self && can(p, 'incident:respond', team)) return;
    authorize(req, 'oncall:write', team);
  };

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
      const readable = scheduleViews(rt.config(), rt.oncall.stored()).filter((s) =>
        can(req.principal!, 'oncall:read', s.team),
      );
      const page = pageOfList(readable, req.query, (s) => s.id);
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
    async (req, reply) => {
      const input = readBody<Schedule>(SCHEDULE_KIND, req.body);
      authorize(req, 'oncall:write', input.team);
      await createSchedule(rt.db, rt.config(), input, actor(req));
      await rt.refreshOncall();
      return reply.code(201).send(scheduleView(rt.config(), rt.oncall.stored(), input.body.id)!);
    },
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
    async (req) => {
      readable(req, req.params.id);
      return scheduleView(rt.config(), rt.oncall.stored(), req.params.id)!;
    },
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
    async (req) => {
      const owner = ownerOf(req.params.id);
      authorize(req, 'oncall:write', owner.team);
      const input = readBody<Schedule>(SCHEDULE_KIND, req.body, req.params.id);
      if (owner.source === 'api' && input.team !== owner.team) authorize(req, 'oncall:write', input.team);
      await updateSchedule(rt.db, rt.config(), input, actor(req));
      await rt.refreshOncall();
      return scheduleView(rt.config(), rt.oncall.stored(), req.params.id)!;
    },
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
      authorize(req, 'oncall:write', ownerOf(req.params.id).team);
      await deleteSchedule(rt.db, rt.config(), req.params.id, actor(req));
      await rt.refreshOncall();
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
    async (req) => {
      const schedule = readable(req, req.params.id);
      const from = req.query.from ? new Date(req.query.from) : rt.clock.now();
      const to = req.query.to ? new Date(req.query.to) : new Date(from.getTime() + 14 * DAY_MS);
      if (to.getTime() <= from.getTime())
        throw new AppError('VALIDATION', 'to must be after from', [{ path: 'to', message: 'must be after from' }]);
      if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS)
        throw new AppError('VALIDATION', `the window is at most ${MAX_WINDOW_DAYS} days`, [
          { path: 'to', message: `at most ${MAX_WINDOW_DAYS} days after from` },
        ]);
      return finalScheduleView(schedule, from, to);
    },
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
    async (req) => {
      const schedule = readable(req, req.params.id);
      const at = req.query.at ? new Date(req.query.at) : rt.clock.now();
      return { schedule: schedule.id, at: at.toISOString(), onCall: onCallAt(schedule, at) };
    },
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
      readable(req, req.params.id);
      const after = req.query.after ? new Date(req.query.after) : rt.clock.now();
      const { limit, cursor } = req.query;
      const rows = await listOverrides(rt.db, req.params.id, after, {
        limit: limit + 1,
        afterPosition: decodeCursor(cursor, OverrideCursor),
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
    async (req, reply) => {
      authorizeOverride(req, ownerOf(req.params.id).team, req.body.user);
      const view = await createOverride(rt.db, rt.config(), req.params.id, req.body, actor(req));
      await rt.refreshOncall();
      return reply.code(201).send(view);
    },
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
      const owner = ownerOf(req.params.id);
      authorize(req, 'oncall:read', owner.team);
      const o = await getOverride(rt.db, req.params.id, req.params.overrideId);
      authorizeOverride(req, owner.team, o.user);
      await deleteOverride(rt.db, req.params.id, req.params.overrideId, actor(req));
      await rt.refreshOncall();
      return reply.code(204).send(null);
    },
  );
}
