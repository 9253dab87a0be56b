/** Live grading by people: impact facts, level changes, risks (promote, dismiss). */
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiError,
  FactsUpdate,
  IncidentDetail,
  IncidentList,
  LevelChange,
  RiskDismissal,
  RiskPromotion,
  pageQuery,
} from '@faultline/contracts';
import type { Runtime } from '../../kernel/index.ts';
import {
  listIncidents,
  dismissRisk,
  promoteRisk,
  regradeIncident,
  setLevelByPerson,
  authorizeIncidentRequest as authorizeIncident,
  visibleIncidentTeams,
} from '../../incident/index.ts';
import { IdCursor, decodeCursor, pageOfRows } from '../../http/index.ts';
import { incidentPage } from '../page.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 412: ApiError };

export function gradingRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  /**
   * Checks `incident:respond` on the incident's team, runs a verb in one transaction, publishes the change,
   * answers with the incident.
   */
  const act = async (req: FastifyRequest, id: number, verb: (tx: Runtime['db'], now: Date) => Promise<unknown>) => {
    await authorizeIncident(rt, req, id, 'incident:respond');
    await rt.db.transaction((tx) => verb(tx, rt.clock.now()));
    rt.wakeEngine();
    rt.bus.publish({ type: 'incident.updated', incidentId: id });
    return incidentPage(rt, id);
  };

  r.post(
    '/api/v1/incidents/:id/facts',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['grading'],
        summary: 'Enter impact facts; the incident is re-graded (automatic changes only upgrade)',
        params: IdParams,
        body: FactsUpdate,
        response: { 200: IncidentDetail, ...errors },
      },
    },
    async (req) =>
      act(req, req.params.id, (tx, now) =>
        regradeIncident(tx, rt.config(), req.params.id, now, {
          actor: req.principal!.name,
          factsPatch: req.body.facts,
          note: req.body.note,
        }),
      ),
  );

  r.post(
    '/api/v1/incidents/:id/level',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['grading'],
        summary: "Set a sequence's level by hand (a downgrade is a person's act with a reason)",
        params: IdParams,
        body: LevelChange,
        response: { 200: IncidentDetail, ...errors },
      },
    },
    async (req) =>
      act(req, req.params.id, (tx, now) =>
        setLevelByPerson(tx, rt.config(), req.params.id, req.body, req.principal!.name, now),
      ),
  );

  r.get(
    '/api/v1/risks',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['grading'],
        summary: 'Open risks, newest first: signals below every level, visible and not paged',
        querystring: pageQuery(500),
        response: { 200: IncidentList, 400: ApiError, 401: ApiError },
      },
    },
    async (req) => {
      const rows = await listIncidents(rt.db, {
        status: 'open',
        risk: true,
        limit: req.query.limit + 1,
        beforeId: decodeCursor(req.query.cursor, IdCursor)?.[0],
        teams: visibleIncidentTeams(req.principal!),
      });
      const page = pageOfRows(rows, req.query.limit, (i) => [i.id]);
      return { incidents: page.items, nextCursor: page.nextCursor };
    },
  );

  r.post(
    '/api/v1/risks/:id/promote',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['grading'],
        summary: 'Promote a risk to an incident at a level (pages)',
        params: IdParams,
        body: RiskPromotion,
        response: { 200: IncidentDetail, ...errors },
      },
    },
    async (req) =>
      act(req, req.params.id, (tx, now) =>
        promoteRisk(tx, rt.config(), req.params.id, req.body, req.principal!.name, now),
      ),
  );

  r.post(
    '/api/v1/risks/:id/dismiss',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['grading'],
        summary: 'Dismiss a risk with a reason (closes it)',
        params: IdParams,
        body: RiskDismissal,
        response: { 200: IncidentDetail, ...errors },
      },
    },
    async (req) =>
      act(req, req.params.id, (tx, now) => dismissRisk(tx, req.params.id, req.body.reason, req.principal!.name, now)),
  );
}
