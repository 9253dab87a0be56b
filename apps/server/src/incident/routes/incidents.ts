/** Incident API: the list, and the live stream (Server-Sent Events). The incident page is response's. */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AlertGroupList,
  AlertListQuery,
  AlertPage,
  ApiError,
  IncidentListQuery,
  IncidentPage,
} from '@faultline/contracts';
import type { Runtime } from '../../kernel/index.ts';
import { countIncidents, groupAlerts, listIncidents, type IncidentFilters } from '../incidents.ts';
import {
  authorize,
  credentialKey,
  credentialOf,
  decodeCursor,
  IdCursor,
  LiveStreams,
  pageOfRows,
  STREAM_RETRY_AFTER_S,
  watchCredential,
  type StreamCaps,
} from '../../http/index.ts';
import { verifyToken } from '../../auth/index.ts';
import { AppError } from '../../lib/index.ts';
import { incidentTeams, readableIncidentTeams, visibleIncidentTeams } from '../access.ts';
import { countAlerts, listAlerts, type AlertFilters } from '../alert-list.ts';

/** Bytes a stream may have waiting to be sent before it is dropped as not reading. */
const STREAM_BUFFER_LIMIT = 1024 * 1024;

/** The list's query as the store's filters, narrowed to the incidents the principal may see. */
function filtersOf(
  q: IncidentListQuery,
  principal: Parameters<typeof visibleIncidentTeams>[0],
  now: Date,
): IncidentFilters {
  return {
    status: q.status,
    risk: q.risk === 'include' ? undefined : q.risk === 'only',
    teams: visibleIncidentTeams(principal),
    team: q.team,
    service: q.service,
    levels: q.level,
    q: q.q,
    source: q.source,
    alertname: q.alertname,
    postmortemDueBy: q.postmortem === 'overdue' ? now : undefined,
    since: q.since === undefined ? undefined : new Date(q.since),
    until: q.until === undefined ? undefined : new Date(q.until),
  };
}

export function incidentRoutes(
  app: FastifyInstance,
  rt: Runtime,
  requireAuth: onRequestHookHandler,
  caps: StreamCaps,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const streams = new LiveStreams(
    rt.bus,
    (ids) => incidentTeams(rt.db, ids),
    caps,
    (err) =>
      rt.log.warn({ err }, 'looking up incidents for team-limited live streams failed; those messages were not sent'),
  );
  app.addHook('onClose', async () => streams.close());

  r.get(
    '/api/v1/incidents',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['incidents'],
        summary: 'List incidents, newest first (only those of teams the caller may see)',
        description:
          'Filters (`status`, `q`, `team`, `service`, `level`, `source`, `alertname`, `risk`, `postmortem`, `since`, `until`) and `sort` are query parameters, so a filtered view is a link; `total` counts every incident that matches. A cursor belongs to its filters and sort: pass the same ones with it.',
        querystring: IncidentListQuery,
        response: { 200: IncidentPage, 400: ApiError, 401: ApiError },
      },
    },
    async (req) => {
      const q = req.query;
      const now = rt.clock.now();
      const filters = filtersOf(q, req.principal!, now);
      const [rows, total] = await Promise.all([
        listIncidents(rt.db, {
          ...filters,
          now,
          sort: q.sort,
          limit: q.limit + 1,
          beforeId: decodeCursor(q.cursor, IdCursor)?.[0],
        }),
        countIncidents(rt.db, filters),
      ]);
      const page = pageOfRows(rows, q.limit, (i) => [i.id]);
      return { incidents: page.items, nextCursor: page.nextCursor, total };
    },
  );

  r.get(
    '/api/v1/incidents/alert-groups',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['incidents'],
        summary: "An alert storm grouped: the matching incidents' alerts by alertname and service, with counts",
        description:
          'Takes the filters of `GET /api/v1/incidents` (open incidents by default); `limit` caps the groups, most alerts first; `cursor` and `sort` are not used. A group links to the list with `alertname` and `service`.',
        querystring: IncidentListQuery,
        response: { 200: AlertGroupList, 400: ApiError, 401: ApiError },
      },
    },
    async (req) => groupAlerts(rt.db, filtersOf(req.query, req.principal!, rt.clock.now()), req.query.limit),
  );

  r.get(
    '/api/v1/alerts',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['incidents'],
        summary: 'List alerts (not incidents), newest first, each with its incident and what became of it',
        description:
          'Only alerts of incidents the caller may read (`incident:read`; a stakeholder, who sees incident headers only, gets 403). Filters (`status`, `fate`, `source`, `integration`, `service`, `team`, `alertname`, `incident`, `q`, `since`, `until`) are query parameters, so a filtered view is a link; `total` counts every alert that matches. Each alert says why it joined (`joinReason`) and why it is muted (`mutedBy`).',
        querystring: AlertListQuery,
        response: { 200: AlertPage, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (req) => {
      const q = req.query;
      const teams = readableIncidentTeams(req.principal!);
      if (teams?.length === 0) authorize(req, 'incident:read');
      const filters: AlertFilters = {
        teams,
        status: q.status,
        fates: q.fate,
        source: q.source,
        integration: q.integration,
        service: q.service,
        team: q.team,
        alertname: q.alertname,
        incident: q.incident,
        q: q.q,
        since: q.since === undefined ? undefined : new Date(q.since),
        until: q.until === undefined ? undefined : new Date(q.until),
      };
      const [rows, total] = await Promise.all([
        listAlerts(rt.db, { ...filters, limit: q.limit + 1, beforeId: decodeCursor(q.cursor, IdCursor)?.[0] }),
        countAlerts(rt.db, filters),
      ]);
      const page = pageOfRows(rows, q.limit, (a) => [a.id]);
      return { alerts: page.items, nextCursor: page.nextCursor, total };
    },
  );

  r.get(
    '/api/v1/stream',
    {
      onRequest: requireAuth,
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
      // A principal who sees only some teams' incidents (a team-limited token) gets only their messages:
      // even an incident's id is not shown to whoever may not see the incident.
      const teams = visibleIncidentTeams(req.principal!);
      const res = reply.raw;
      const send = (frames: string) => {
        if (res.writableEnded) return;
        // A client that stops reading would make its unsent messages pile up here: drop it; it reconnects.
        if (res.writableLength > STREAM_BUFFER_LIMIT) res.destroy();
        else res.write(frames);
      };
      const key = credentialKey(req);
      let remove: () => void;
      try {
        remove = streams.add(key, teams, send);
      } catch (e) {
        if (e instanceof AppError && e.code === 'UNAVAILABLE') void reply.header('retry-after', STREAM_RETRY_AFTER_S);
        throw e;
      }
      reply.hijack();
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(': connected\n\n');
      const ping = setInterval(() => void (res.writableEnded || res.write(': ping\n\n')), 15_000);
      // The stream ends with its credential (a revoked token, an ended session, a disabled person) and
      // follows changes of the principal's roles and teams.
      const credential = credentialOf(req)!;
      const stopWatching = watchCredential({
        bus: rt.bus,
        verify: () => verifyToken(rt.db, credential, rt.clock.now()),
        onPrincipal: (p) => {
          // Removed first, so its place is free for the stream under its new teams.
          remove();
          remove = streams.add(key, visibleIncidentTeams(p), send);
        },
        onEnd: () => res.end(),
        onError: (err) => req.log.warn({ err }, 'could not re-check the credential of a live stream'),
      });
      const stop = () => {
        clearInterval(ping);
        remove();
        stopWatching();
      };
      req.raw.on('close', stop);
      res.on('finish', stop);
    },
  );
}
