/** Incident API: the list, and the live stream (Server-Sent Events). The incident page is response's. */
import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, IncidentList, type StreamMessage } from '@faultline/contracts';
import type { Runtime } from '../../kernel/index.ts';
import { listIncidents } from '../incidents.ts';
import { authorize, credentialOf, watchCredential } from '../../http/index.ts';
import { verifyToken } from '../../auth/index.ts';
import { incidentTeam, visibleIncidentTeams } from '../access.ts';

export function incidentRoutes(app: FastifyInstance, rt: Runtime, requireAuth: preHandlerHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/incidents',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['incidents'],
        summary: 'List incidents, newest first (only those of teams the caller may see)',
        querystring: z.object({
          status: z.enum(['open', 'all']).default('open'),
          limit: z.coerce.number().int().min(1).max(1000).default(200),
        }),
        response: { 200: IncidentList, 401: ApiError },
      },
    },
    async (req) => ({
      incidents: await listIncidents(rt.db, {
        status: req.query.status,
        limit: req.query.limit,
        teams: visibleIncidentTeams(req.principal!),
      }),
    }),
  );

  r.get(
    '/api/v1/stream',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['incidents'],
        summary: 'Live updates as Server-Sent Events',
        description:
          'Each `data:` line is a JSON StreamMessage `{type: "incident.created"|"incident.updated", incidentId}`.',
      },
    },
    (req, reply) => {
      // Messages carry ids only; a principal who may see no incident at all has nothing to follow.
      if (visibleIncidentTeams(req.principal!)?.length === 0) authorize(req, 'incident:summary');
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(': connected\n\n');
      const write = (text: string) => void (res.writableEnded || res.write(text));
      const send = (m: StreamMessage) => write(`data: ${JSON.stringify(m)}\n\n`);
      // A principal who sees only some teams' incidents (a team-limited token) gets only their messages:
      // even an incident's id is not shown to whoever may not see the incident.
      let teams = visibleIncidentTeams(req.principal!);
      const unsubscribe = rt.bus.subscribe((m) => {
        const visible = teams;
        if (visible === null) return send(m);
        if (m.incidentId === undefined) return;
        void incidentTeam(rt.db, m.incidentId).then(
          (team) => team && visible.includes(team) && send(m),
          () => undefined,
        );
      });
      const ping = setInterval(() => write(': ping\n\n'), 15_000);
      // The stream ends with its credential (a revoked token, an ended session, a disabled person) and
      // follows changes of the principal's roles and teams.
      const credential = credentialOf(req)!;
      const stopWatching = watchCredential({
        bus: rt.bus,
        verify: () => verifyToken(rt.db, credential, rt.clock.now()),
        onPrincipal: (p) => (teams = visibleIncidentTeams(p)),
        onEnd: () => res.end(),
        onError: (err) => req.log.warn({ err }, 'could not re-check the credential of a live stream'),
      });
      const stop = () => {
        clearInterval(ping);
        unsubscribe();
        stopWatching();
      };
      req.raw.on('close', stop);
      res.on('finish', stop);
    },
  );
}
