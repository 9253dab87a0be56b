/**
 * iCalendar feeds of schedules and people (oncall/feeds.ts) and their links (oncall/feed-links.ts). The
 * `.ics` endpoints are opened by the signed feed token in the URL (calendar apps send no bearer token); the
 * `ical-links` endpoints make, list and revoke those URLs, one link at a time.
 */
import type { FastifyInstance, FastifyReply, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, FeedLinkCreate, FeedLinkKind, FeedLinkList, FeedLinkView } from '@faultline/contracts';
import type { Runtime } from '../../kernel/index.ts';
import { ctxOf } from '../../http/index.ts';
import { AppError } from '../../lib/index.ts';
import { feedUser, scheduleFeed, userFeed, type Feed } from '../feeds.ts';
import { feedLinkOpens } from '../feed-links.ts';
import { makeFeedLink, readFeedLinks, revokeFeedLink } from '../verbs.ts';

const tags = ['schedules'];
const ScheduleParams = z.object({ id: z.string().min(1).max(200) });
const UserParams = z.object({ id: z.coerce.number().int().positive() });
const LinkParams = z.object({ id: z.coerce.number().int().positive() });
const TokenQuery = z.object({ token: z.string().min(1).max(2000).describe('the feed token of a feed link') });
const ListQuery = z.object({
  kind: FeedLinkKind.optional().describe('only links of this kind of feed'),
  target: z.string().min(1).max(200).optional().describe('with kind: only links to this schedule or user id'),
});
const CALENDAR = 'text/calendar; charset=utf-8';
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError };

export function icalRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const denied = () =>
    new AppError('UNAUTHORIZED', 'the feed token is missing, malformed, revoked or not for this feed');
  const calendar = (reply: FastifyReply, text: string) =>
    reply.type(CALENDAR).header('cache-control', 'private, max-age=300').send(text);

  r.get(
    '/api/v1/schedules/:id/ical',
    {
      schema: {
        tags,
        security: [],
        summary: "A schedule's shifts as an iCalendar feed (7 days back, 8 weeks ahead, UTC)",
        description: 'Authenticated by the `token` of a feed link (POST /api/v1/schedules/{id}/ical-links).',
        params: ScheduleParams,
        querystring: TokenQuery,
      },
    },
    async (req, reply) => {
      if (!(await feedLinkOpens(rt, req.query.token, { kind: 'schedule', id: req.params.id }))) throw denied();
      const text = scheduleFeed(rt.config(), req.params.id, rt.clock.now());
      if (text === null) throw new AppError('NOT_FOUND', `no schedule "${req.params.id}"`);
      return calendar(reply, text);
    },
  );

  r.get(
    '/api/v1/users/:id/ical',
    {
      schema: {
        tags,
        security: [],
        summary: "A person's shifts on every schedule as an iCalendar feed (7 days back, 8 weeks ahead, UTC)",
        description: 'Authenticated by the `token` of a feed link (POST /api/v1/users/{id}/ical-links).',
        params: UserParams,
        querystring: TokenQuery,
      },
    },
    async (req, reply) => {
      if (!(await feedLinkOpens(rt, req.query.token, { kind: 'user', id: String(req.params.id) }))) throw denied();
      const user = await feedUser(rt.db, req.params.id);
      return calendar(reply, userFeed(rt.config(), user, rt.clock.now()));
    },
  );

  r.post(
    '/api/v1/schedules/:id/ical-links',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: "Make a subscription link to a schedule's iCalendar feed (needs oncall:read on its team)",
        params: ScheduleParams,
        body: FeedLinkCreate,
        response: { 201: FeedLinkView, ...errors },
      },
    },
    async (req, reply) => {
      const feed: Feed = { kind: 'schedule', id: req.params.id };
      return reply.code(201).send(await makeFeedLink({ ctx: ctxOf(rt, req), input: { feed, label: req.body.label } }));
    },
  );

  r.post(
    '/api/v1/users/:id/ical-links',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: "Make a subscription link to a person's on-call calendar (only the person, or an admin)",
        params: UserParams,
        body: FeedLinkCreate,
        response: { 201: FeedLinkView, ...errors },
      },
    },
    async (req, reply) => {
      const feed: Feed = { kind: 'user', id: String(req.params.id) };
      return reply.code(201).send(await makeFeedLink({ ctx: ctxOf(rt, req), input: { feed, label: req.body.label } }));
    },
  );

  r.get(
    '/api/v1/ical-links',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Active feed links: those the caller made and those to their own calendar (an admin: all)',
        querystring: ListQuery,
        response: { 200: FeedLinkList, ...errors },
      },
    },
    async (req) => ({ links: await readFeedLinks({ ctx: ctxOf(rt, req), input: req.query }) }),
  );

  r.delete(
    '/api/v1/ical-links/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Revoke a feed link: its URL stops working at once (its creator, its person, or an admin)',
        params: LinkParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await revokeFeedLink({ ctx: ctxOf(rt, req), input: { id: req.params.id } });
      return reply.code(204).send(null);
    },
  );
}
