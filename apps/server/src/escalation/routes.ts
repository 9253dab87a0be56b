/** Escalation: the policies, who is on call, and the "escalate" button. */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiError,
  EscalationPolicyList,
  OncallView,
  PolicyView,
  SimulateRequest,
  SimulationView,
  pageQuery,
} from '@faultline/contracts';
import type { Runtime } from '../kernel/index.ts';
import type { RouteRegistrar } from '../http/index.ts';
import { ctxOf, pageOfList } from '../http/index.ts';
import {
  createEscalationPolicy,
  deleteEscalationPolicy,
  listReadablePolicies,
  readEscalationPolicy,
  readOncall,
  simulateEscalationFor,
  updateEscalationPolicy,
} from './verbs.ts';
import { oncallLintRoutes } from './routes/oncall-lint.ts';

const PolicyParams = z.object({ id: z.string().min(1) });
const Body = z.record(z.string(), z.unknown());

export function escalationRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['escalation'];

  r.get(
    '/api/v1/escalation-policies',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Escalation policies with their steps and the teams that use them, by id',
        querystring: pageQuery(100),
        response: { 200: EscalationPolicyList, 400: ApiError, 401: ApiError },
      },
    },
    async (req) => {
      const page = pageOfList(listReadablePolicies({ ctx: ctxOf(rt, req), input: {} }), req.query, (p) => p.id);
      return { policies: page.items, nextCursor: page.nextCursor };
    },
  );

  r.post(
    '/api/v1/escalation-policies',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Create an escalation policy (the config shape of docs/escalation.md, plus an optional owning team)',
        description: '409 when the id is defined in the config file or already stored; 400 names unknown targets.',
        body: Body,
        response: { 201: PolicyView, 400: ApiError, 401: ApiError, 403: ApiError, 409: ApiError },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createEscalationPolicy({ ctx: ctxOf(rt, req), input: { body: req.body } })),
  );

  r.get(
    '/api/v1/escalation-policies/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'One escalation policy (config ones have source "config" and are read-only)',
        params: PolicyParams,
        response: { 200: PolicyView, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (req) => readEscalationPolicy({ ctx: ctxOf(rt, req), input: { id: req.params.id } }),
  );

  r.put(
    '/api/v1/escalation-policies/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Replace a stored escalation policy',
        description: '409 for a policy defined in the config file. Running escalations go on at their position.',
        params: PolicyParams,
        body: Body,
        response: { 200: PolicyView, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError },
      },
    },
    async (req) => updateEscalationPolicy({ ctx: ctxOf(rt, req), input: { id: req.params.id, body: req.body } }),
  );

  r.delete(
    '/api/v1/escalation-policies/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Delete a stored escalation policy',
        description: '409 for a config policy, or one a team or a hand-off still uses.',
        params: PolicyParams,
        response: { 204: z.null(), 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError },
      },
    },
    async (req, reply) => {
      await deleteEscalationPolicy({ ctx: ctxOf(rt, req), input: { id: req.params.id } });
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/api/v1/escalation/simulate',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Who would be paged, how and when, for a new incident of a service at a level at an instant',
        description:
          "The service's escalation policy (else its team's) step by step with each step's offset, who is on call then, each person's contact methods by the level's urgency, and who would not be reached and why.",
        body: SimulateRequest,
        response: { 200: SimulationView, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (req) => simulateEscalationFor({ ctx: ctxOf(rt, req), input: req.body }),
  );

  r.get(
    '/api/v1/oncall',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Who is on call: per schedule, and per team through its escalation policy',
        querystring: z.object({
          at: z.iso.datetime({ offset: true }).optional().describe('ISO 8601 instant; default now'),
        }),
        response: { 200: OncallView, 400: ApiError, 401: ApiError },
      },
    },
    async (req) => readOncall({ ctx: ctxOf(rt, req), input: req.query }),
  );
}

/** The domain's routes, as the composition root registers them. */
export const routes: RouteRegistrar = (app, { rt, requireAuth }) => {
  escalationRoutes(app, rt, requireAuth);
  oncallLintRoutes(app, rt, requireAuth);
};
