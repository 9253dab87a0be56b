/**
 * Heartbeat monitors (docs/intake.md#heartbeats): list, read, create, replace (pause, resume), delete — with
 * an API credential; and the ping, authenticated like the other intake doors by the heartbeat's integration
 * key or its ping token (bearer, or the last path segment for senders that cannot set a header).
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiError,
  HeartbeatCreated,
  HeartbeatInput,
  HeartbeatList,
  HeartbeatPinged,
  HeartbeatView,
  pageQuery,
} from '@faultline/contracts';
import type { Runtime } from '../../kernel/index.ts';
import { bearer, ctxOf, pageOfList } from '../../http/index.ts';
import {
  createHeartbeat,
  deleteHeartbeat,
  getHeartbeat,
  listHeartbeats,
  pingHeartbeat,
  updateHeartbeat,
} from '../heartbeats.ts';

const IdParams = z.object({ id: z.string().min(1).max(200) });
const KeyParams = IdParams.extend({ key: z.string().min(1).max(255) });
const tags = ['heartbeats'];

export function heartbeatRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/heartbeats',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Heartbeat monitors with their last ping and status (up, late, down, paused), by id',
        querystring: pageQuery(100),
        response: { 200: HeartbeatList, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (req) => {
      const list = await listHeartbeats({ ctx: ctxOf(rt, req), input: {} });
      const p = pageOfList(list, req.query, (h) => h.id);
      return { heartbeats: p.items, nextCursor: p.nextCursor };
    },
  );

  r.get(
    '/api/v1/heartbeats/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'One heartbeat monitor',
        params: IdParams,
        response: { 200: HeartbeatView, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (req) => getHeartbeat({ ctx: ctxOf(rt, req), input: { id: req.params.id } }),
  );

  r.post(
    '/api/v1/heartbeats',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Create a heartbeat monitor; the answer carries its ping token, shown only once',
        body: HeartbeatInput,
        response: { 201: HeartbeatCreated, 400: ApiError, 401: ApiError, 403: ApiError, 409: ApiError },
      },
    },
    async (req, reply) => reply.code(201).send(await createHeartbeat({ ctx: ctxOf(rt, req), input: req.body })),
  );

  r.put(
    '/api/v1/heartbeats/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Replace a heartbeat monitor (paused: true pauses it and resolves its alert; false resumes it)',
        params: IdParams,
        body: HeartbeatInput,
        response: { 200: HeartbeatView, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError },
      },
    },
    async (req) => updateHeartbeat({ ctx: ctxOf(rt, req), input: { id: req.params.id, body: req.body } }),
  );

  r.delete(
    '/api/v1/heartbeats/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Delete a heartbeat monitor; its firing alert resolves',
        params: IdParams,
        response: { 204: z.null(), 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError },
      },
    },
    async (req, reply) => {
      await deleteHeartbeat({ ctx: ctxOf(rt, req), input: { id: req.params.id } });
      return reply.code(204).send(null);
    },
  );

  const ping = async (id: string, credential: string | undefined) => {
    const at = await pingHeartbeat(rt, id, credential);
    return { status: 'ok' as const, heartbeat: id, lastPingAt: at.toISOString() };
  };
  for (const method of ['GET', 'POST'] as const) {
    r.route({
      method,
      url: '/api/v1/heartbeats/:id/ping',
      schema: {
        tags,
        // The bearer here is the integration key or the heartbeat's ping token, not an API token.
        security: [],
        summary: 'Ping a heartbeat (bearer: its integration key or ping token)',
        params: IdParams,
        response: { 200: HeartbeatPinged, 401: ApiError, 404: ApiError },
      },
      handler: async (req) => ping(req.params.id, bearer(req)),
    });
    r.route({
      method,
      url: '/api/v1/heartbeats/:id/ping/:key',
      schema: {
        tags,
        security: [],
        summary: 'Ping a heartbeat, the integration key or ping token in the path (for senders without headers)',
        params: KeyParams,
        response: { 200: HeartbeatPinged, 401: ApiError, 404: ApiError },
      },
      handler: async (req) => ping(req.params.id, req.params.key),
    });
  }
}
