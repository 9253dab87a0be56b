/**
 * The intake quarantine (docs/intake.md#quarantine), for admins (`server:admin`): list the events convergence
 * set aside, replay one after a fix, or discard one for good.
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, QuarantineDiscarded, QuarantineList, QuarantineReplayed, pageQuery } from '@faultline/contracts';
import type { Runtime } from '../../kernel/index.ts';
import { discardQuarantined, readQuarantine, replayQuarantined } from '../quarantine.ts';
import { ctxOf, IdCursor, decodeCursor, pageOfRows } from '../../http/index.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError };

export function quarantineRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/intake/quarantine',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['intake'],
        summary: 'Quarantined intake events, oldest first: what convergence set aside, why, and the start of the body',
        querystring: pageQuery(100),
        response: { 200: QuarantineList, ...errors },
      },
    },
    async (req) => {
      const { limit, cursor } = req.query;
      const rows = await readQuarantine({
        ctx: ctxOf(rt, req),
        input: { afterId: decodeCursor(cursor, IdCursor)?.[0], limit: limit + 1 },
      });
      const page = pageOfRows(rows, limit, (e) => [e.id]);
      return { events: page.items, nextCursor: page.nextCursor };
    },
  );
  r.post(
    '/api/v1/intake/quarantine/:id/replay',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['intake'],
        summary: 'Parse a quarantined event again and put it back in line; convergence applies it at its next round',
        params: IdParams,
        response: { 202: QuarantineReplayed, ...errors, 409: ApiError },
      },
    },
    async (req, reply) => {
      const r = await replayQuarantined({ ctx: ctxOf(rt, req), input: { id: req.params.id } });
      rt.wakeEngine();
      return reply.code(202).send({ status: 'replayed' as const, ...r });
    },
  );
  r.post(
    '/api/v1/intake/quarantine/:id/discard',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['intake'],
        summary: 'Set a quarantined event aside for good: it is kept, never applied',
        params: IdParams,
        response: { 200: QuarantineDiscarded, ...errors },
      },
    },
    async (req) => {
      const r = await discardQuarantined({ ctx: ctxOf(rt, req), input: { id: req.params.id } });
      return { status: 'discarded' as const, ...r };
    },
  );
}
