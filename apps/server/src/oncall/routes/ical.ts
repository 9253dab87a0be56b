/**
 * iCalendar feeds of schedules and people (oncall/feeds.ts). The `.ics` endpoints are opened by a signed
 * feed token in the URL (calendar apps send no bearer token); the `ical-url` endpoints give that URL to a
 * signed-in principal allowed to read the feed.
 */
import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, ICalFeedLink } from '@faultline/contracts';
import type { Runtime } from '../../kernel/runtime.ts';
import { authorize } from '../../http/auth.ts';
import { AppError } from '../../lib/errors.ts';
import { scheduleOwner } from '../store.ts';
import { feedUrl, feedUser, scheduleFeed, userFeed, verifyFeedToken } from '../feeds.ts';

const tags = ['schedules'];
const ScheduleParams = z.object({ id: z.string().min(1) });
const UserParams = z.object({ id: z.coerce.number().int().positive() });
const TokenQuery = z.object({ token: z.string().min(1).describe('the feed token from the ical-url endpoint') });
const CALENDAR = 'text/calendar; charset=utf-8';

export function icalRoutes(app: FastifyInstance, rt: Runtime, requireAuth: preHandlerHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const denied = () => new AppError('UNAUTHORIZED', 'the feed token is missing, malformed or not for this feed');

  r.get(
    '/api/v1/schedules/:id/ical',
    {
      schema: {
        tags,
        summary: "A schedule's shifts as an iCalendar feed (7 days back, 8 weeks ahead, UTC)",
        description:
          'Authenticated by the signed `token` of GET /api/v1/schedules/{id}/ical-url, not by a bearer token.',
        params: ScheduleParams,
        querystring: TokenQuery,
      },
    },
    async (req, reply) => {
      if (!verifyFeedToken(req.query.token, rt.linkSecret, { kind: 'schedule', id: req.params.id })) throw denied();
      const text = scheduleFeed(rt.config(), req.params.id, rt.clock.now());
      if (text === null) throw new AppError('NOT_FOUND', `no schedule "${req.params.id}"`);
      return reply.type(CALENDAR).header('cache-control', 'private, max-age=300').send(text);
    },
  );

  r.get(
    '/api/v1/users/:id/ical',
    {
      schema: {
        tags,
        summary: "A person's shifts on every schedule as an iCalendar feed (7 days back, 8 weeks ahead, UTC)",
        description: 'Authenticated by the signed `token` of GET /api/v1/users/{id}/ical-url.',
        params: UserParams,
        querystring: TokenQuery,
      },
    },
    async (req, reply) => {
      if (!verifyFeedToken(req.query.token, rt.linkSecret, { kind: 'user', id: String(req.params.id) })) throw denied();
      const user = await feedUser(rt.db, req.params.id);
      return reply
        .type(CALENDAR)
        .header('cache-control', 'private, max-age=300')
        .send(userFeed(rt.config(), user, rt.clock.now()));
    },
  );

  r.get(
    '/api/v1/schedules/:id/ical-url',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: "The subscription URL of a schedule's iCalendar feed (needs oncall:read on its team)",
        params: ScheduleParams,
        response: { 200: ICalFeedLink, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (req) => {
      const owner = scheduleOwner(rt.config(), rt.oncall.stored(), req.params.id);
      if (!owner) throw new AppError('NOT_FOUND', `no schedule "${req.params.id}"`);
      authorize(req, 'oncall:read', owner.team);
      return { url: feedUrl(rt.publicUrl, { kind: 'schedule', id: req.params.id }, rt.linkSecret) };
    },
  );

  r.get(
    '/api/v1/users/:id/ical-url',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: "The subscription URL of a person's on-call calendar (their own, or with oncall:read)",
        params: UserParams,
        response: { 200: ICalFeedLink, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (req) => {
      if (req.principal?.userId !== req.params.id) authorize(req, 'oncall:read');
      await feedUser(rt.db, req.params.id);
      return { url: feedUrl(rt.publicUrl, { kind: 'user', id: String(req.params.id) }, rt.linkSecret) };
    },
  );
}
