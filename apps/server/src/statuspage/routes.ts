/**
 * The public status page's routes (issue 17 point 9), open to anyone without signing in:
 * `GET /api/v1/status` (JSON) and `GET /status/feed.atom` (Atom). The page itself, `/status`, is the
 * console's public route, which reads the JSON. They read only the status page's own tables.
 */
import { IANAZone } from 'luxon';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApiError, StatusPageQuery, StatusPageView } from '@faultline/contracts';
import type { RouteRegistrar } from '../http/index.ts';
import { readStatusPage } from './read.ts';
import { atomFeed } from './feed.ts';

const Query = StatusPageQuery.refine((q) => q.zone === undefined || IANAZone.isValidZone(q.zone), {
  message: 'unknown IANA time zone',
  path: ['zone'],
});

export const routes: RouteRegistrar = (app, { rt }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/status',
    {
      schema: {
        tags: ['status page'],
        summary: 'The public status page: components, uptime bars, public incidents (no sign-in)',
        description:
          "Public. `zone` sets the zone of the bars' days (the console sends the viewer's), `days` their number. Shows only what was published to the public audience.",
        security: [],
        querystring: Query,
        response: { 200: StatusPageView, 400: ApiError },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-cache');
      return readStatusPage(rt.db, rt.config().config, rt.clock.now(), req.query);
    },
  );
  r.get(
    '/status/feed.atom',
    { schema: { tags: ['status page'], summary: 'The status page as an Atom feed (no sign-in)', security: [] } },
    async (_req, reply) => {
      const page = await readStatusPage(rt.db, rt.config().config, rt.clock.now());
      return reply
        .type('application/atom+xml; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(atomFeed(page, rt.publicUrl.replace(/\/+$/, '')));
    },
  );
};
