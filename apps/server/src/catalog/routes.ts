/**
 * The catalog's routes: services with their escalation policy (`oncall:read` on the owning team), and linking
 * one (the owning team's managers or an admin; a policy the config file names is changed there, 409).
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, ServiceList, ServiceUpdate, ServiceView, pageQuery } from '@faultline/contracts';
import { ctxOf, KeyCursor, decodeCursor, pageOfRows, type RouteRegistrar } from '../http/index.ts';
import { linkServicePolicy, listServices } from './services.ts';

const ServiceParams = z.object({ id: z.string().min(1).max(200) });
const tags = ['people'];
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError };

export const routes: RouteRegistrar = (app, { rt, requireAuth }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/services',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: "The catalog's services in config order, with the escalation policy each is paged through",
        description:
          "Only services of teams whose on-call data the caller may read (`oncall:read`). `escalationPolicy` is the service's own (from the config file, read-only, or linked); without one its incidents are paged through the team's (`teamPolicy`).",
        querystring: pageQuery(200),
        response: { 200: ServiceList, ...errors },
      },
    },
    async (req) => {
      const { limit, cursor } = req.query;
      const rows = listServices({
        ctx: ctxOf(rt, req),
        input: { limit: limit + 1, afterId: decodeCursor(cursor, KeyCursor)?.[0] },
      });
      const page = pageOfRows(rows, limit, (s) => [s.id]);
      return { services: page.items, nextCursor: page.nextCursor };
    },
  );

  r.patch(
    '/api/v1/services/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary:
          "Link an escalation policy to the service (the owning team's managers or an admin): its incidents are paged through it before the team's; null unlinks. A policy the config file names for the service is changed there (409)",
        params: ServiceParams,
        body: ServiceUpdate,
        response: { 200: ServiceView, ...errors },
      },
    },
    async (req) =>
      linkServicePolicy({
        ctx: ctxOf(rt, req),
        input: { serviceId: req.params.id, escalationPolicy: req.body.escalationPolicy },
      }),
  );
};
