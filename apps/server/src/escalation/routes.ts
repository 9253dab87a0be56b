/** Escalation: the policies, who is on call, and the "escalate" button. */
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
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
import type { EscalationPolicyConfig } from './config.ts';
import { can } from '../kernel/index.ts';
import { AppError } from '../lib/index.ts';
import { authorize, pageOfList } from '../http/index.ts';
import { hideContacts, simulateEscalation } from './simulate.ts';
import { listEscalationPolicies, oncallView, policyView } from './views.ts';
import { readBody, type Actor } from '../oncall/index.ts';
import { createPolicy, deletePolicy, policyOwner, POLICY_KIND, updatePolicy } from './policies.ts';
import { oncallLintRoutes } from './routes/oncall-lint.ts';

const PolicyParams = z.object({ id: z.string().min(1) });
const Body = z.record(z.string(), z.unknown());

export function escalationRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/escalation-policies',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['escalation'],
        summary: 'Escalation policies with their steps and the teams that use them, by id',
        querystring: pageQuery(100),
        response: { 200: EscalationPolicyList, 400: ApiError, 401: ApiError },
      },
    },
    async (req) => {
      const cfg = rt.config();
      const stored = rt.policies.stored();
      const readable = listEscalationPolicies(cfg).filter((p) =>
        can(req.principal!, 'oncall:read', policyOwner(cfg, stored, p.id)?.team),
      );
      const page = pageOfList(readable, req.query, (p) => p.id);
      return { policies: page.items, nextCursor: page.nextCursor };
    },
  );

  policyRoutes(app, rt, requireAuth);

  r.get(
    '/api/v1/oncall',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['escalation'],
        summary: 'Who is on call: per schedule, and per team through its escalation policy',
        querystring: z.object({
          at: z.iso.datetime({ offset: true }).optional().describe('ISO 8601 instant; default now'),
        }),
        response: { 200: OncallView, 400: ApiError, 401: ApiError },
      },
    },
    async (req) => {
      authorize(req, 'oncall:read');
      return oncallView(rt.config(), req.query.at ? new Date(req.query.at) : rt.clock.now());
    },
  );
}

/** Escalation policies edited through the API, and the simulator. */
function policyRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['escalation'];
  const actor = (req: FastifyRequest): Actor => ({ principal: req.principal!, requestId: req.id, now: rt.clock.now() });
  const ownerOf = (id: string) => {
    const owner = policyOwner(rt.config(), rt.policies.stored(), id);
    if (!owner) throw new AppError('NOT_FOUND', `no escalation policy "${id}"`);
    return owner;
  };
  const view = (id: string) => policyView(rt.config(), rt.policies.stored(), id)!;

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
    async (req, reply) => {
      const input = readBody<EscalationPolicyConfig>(POLICY_KIND, req.body);
      authorize(req, 'oncall:write', input.team);
      await createPolicy(rt.db, rt.config(), input, actor(req));
      await rt.refreshOncall();
      return reply.code(201).send(view(input.body.id));
    },
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
    async (req) => {
      authorize(req, 'oncall:read', ownerOf(req.params.id).team);
      return view(req.params.id);
    },
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
    async (req) => {
      const owner = ownerOf(req.params.id);
      authorize(req, 'oncall:write', owner.team);
      const input = readBody<EscalationPolicyConfig>(POLICY_KIND, req.body, req.params.id);
      if (owner.source === 'api' && input.team !== owner.team) authorize(req, 'oncall:write', input.team);
      await updatePolicy(rt.db, rt.config(), input, actor(req));
      await rt.refreshOncall();
      return view(req.params.id);
    },
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
      authorize(req, 'oncall:write', ownerOf(req.params.id).team);
      await deletePolicy(rt.db, rt.config(), rt.oncall.stored(), req.params.id, actor(req));
      await rt.refreshOncall();
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
          "The service's team's policy step by step with each step's offset, who is on call then, each person's contact methods by the level's urgency, and who would not be reached and why.",
        body: SimulateRequest,
        response: { 200: SimulationView, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (req) => {
      const cfg = rt.config();
      const svc = cfg.catalog.service(req.body.service) ?? cfg.catalog.resolveService(req.body.service);
      const p = authorize(req, 'oncall:read', svc?.team ?? null);
      const at = req.body.at ? new Date(req.body.at) : rt.clock.now();
      const view = await simulateEscalation(rt.db, cfg, { service: req.body.service, level: req.body.level, at });
      // Others' contact addresses only for those who may read them: the person, or an admin.
      const self = p.userId !== null ? p.name.toLowerCase() : null;
      return hideContacts(view, (email) => email.toLowerCase() === self || can(p, 'people:contact'));
    },
  );
}

/** The domain's routes, as the composition root registers them. */
export const routes: RouteRegistrar = (app, { rt, requireAuth }) => {
  escalationRoutes(app, rt, requireAuth);
  oncallLintRoutes(app, rt, requireAuth);
};
