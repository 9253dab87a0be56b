/**
 * The public status page's routes (issue 17 point 9), open to anyone without signing in:
 * `GET /api/v1/status` (JSON) and `GET /status/feed.atom` (Atom). The page itself, `/status`, is the
 * console's public route, which reads the JSON. They read only the status page's own tables.
 */
import { IANAZone } from 'luxon';
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApiError, StatusPageQuery, StatusPageView } from '@faultline/contracts';
import { escapeHtml, htmlPage, withFormBodies, type RouteRegistrar } from '../http/index.ts';
import { readStatusPage } from './read.ts';
import { atomFeed } from './feed.ts';
import { confirmSubscription, confirmationKnown, endSubscription, requestSubscription } from './subscriptions.ts';

const SubscribeInput = z.strictObject({ email: z.email().max(320) });
const html = (reply: FastifyReply, code: number, title: string, body: string) =>
  reply
    .code(code)
    .type('text/html')
    .header('cache-control', 'no-store')
    .send(htmlPage(title, `<h1>${escapeHtml(title)}</h1>${body}`));

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

  r.post(
    '/api/v1/status/subscriptions',
    {
      schema: {
        tags: ['status page'],
        summary: 'Subscribe an email address to the status page (double opt-in, no sign-in)',
        description:
          'Always 202, whether the address was known or not: a confirmation link is emailed to a new or pending address (at most every 10 minutes); updates are sent only after it is confirmed.',
        security: [],
        body: SubscribeInput,
        response: { 202: z.object({ message: z.string() }), 400: ApiError },
      },
    },
    async (req, reply) => {
      const cfg = rt.config().config;
      await requestSubscription(rt.db, {
        email: req.body.email,
        now: rt.clock.now(),
        baseUrl: rt.publicUrl.replace(/\/+$/, ''),
        title: cfg.statusPage.title,
      });
      rt.wakeEngine();
      return reply.code(202).send({ message: 'Check your inbox: the subscription starts once you confirm it.' });
    },
  );

  // The emailed links: GET shows a button and changes nothing (mail scanners follow links); its POST acts. The
  // button POSTs an HTML form (form-encoded), which the JSON-only API would refuse.
  withFormBodies(app, (scope) => {
    const notValid = (reply: FastifyReply) =>
      html(reply, 404, 'Link not valid', '<p>This link is not valid (any more). Nothing was changed.</p>');
    const back = '<p><a href="/status">Back to the status page</a></p>';
    scope.get<{ Params: { token: string } }>(
      '/status/subscriptions/confirm/:token',
      { schema: { hide: true } },
      async (req, reply) =>
        (await confirmationKnown(rt.db, req.params.token))
          ? html(
              reply,
              200,
              'Confirm your subscription',
              '<form method="post"><button type="submit">Confirm</button></form>',
            )
          : notValid(reply),
    );
    scope.post<{ Params: { token: string } }>(
      '/status/subscriptions/confirm/:token',
      { schema: { hide: true } },
      async (req, reply) =>
        (await confirmSubscription(rt.db, req.params.token, rt.clock.now()))
          ? html(reply, 200, 'Subscribed', `<p>You will receive the status page's updates by email.</p>${back}`)
          : notValid(reply),
    );
    scope.get<{ Params: { token: string } }>(
      '/status/subscriptions/unsubscribe/:token',
      { schema: { hide: true } },
      async (_req, reply) =>
        html(reply, 200, 'Unsubscribe', '<form method="post"><button type="submit">Unsubscribe</button></form>'),
    );
    scope.post<{ Params: { token: string } }>(
      '/status/subscriptions/unsubscribe/:token',
      { schema: { hide: true } },
      async (req, reply) =>
        (await endSubscription(rt.db, rt.linkSecret, req.params.token, rt.clock.now()))
          ? html(reply, 200, 'Unsubscribed', `<p>You will receive no more updates.</p>${back}`)
          : notValid(reply),
    );
  });
};
