/** Recovery routes (docs/recovery.md): an incident's playbooks, and run / approve / skip a step. */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiError,
  IncidentPlaybooks,
  PlaybookCheck,
  PlaybookCheckInput,
  PlaybookList,
  PlaybookSummary,
  SkipStepInput,
} from '@faultline/contracts';
import type { Runtime } from '../kernel/index.ts';
import type { RouteRegistrar } from '../http/index.ts';
import { ctxOf } from '../http/index.ts';
import { approveStep, incidentPlaybooks, runStep, skipStep } from './steps.ts';
import { checkPlaybook, listPlaybooks } from './catalog-view.ts';
import { createStoredPlaybook, deleteStoredPlaybook, readPlaybook, updateStoredPlaybook } from './playbook-verbs.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const StepParams = IdParams.extend({ playbook: z.string().min(1).max(200), step: z.string().min(1).max(200) });
const PlaybookParams = z.object({ playbook: z.string().min(1).max(200) });
const Body = z.record(z.string(), z.unknown());
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError };

export function recoveryRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/playbooks',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['recovery'],
        summary: "The recovery playbooks: the config file's, then the stored ones (automation secrets never shown)",
        response: { 200: PlaybookList, 401: ApiError, 403: ApiError },
      },
    },
    async (req) => listPlaybooks({ ctx: ctxOf(rt, req), input: {} }),
  );
  r.post(
    '/api/v1/playbooks',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['recovery'],
        summary:
          'Store a playbook (the config shape of docs/recovery.md plus an optional owning team, or { yaml, team })',
        description:
          'Needs oncall:write on the team (server-wide without one). 400 names each field (paths inside the playbook; yaml for text that is not YAML); 409 when the id is in the config file or already stored.',
        body: Body,
        response: { 201: PlaybookSummary, 400: ApiError, 401: ApiError, 403: ApiError, 409: ApiError },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createStoredPlaybook({ ctx: ctxOf(rt, req), input: { body: req.body } })),
  );
  r.get(
    '/api/v1/playbooks/:playbook',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['recovery'],
        summary: 'One playbook (config ones have source "config" and are read-only here)',
        params: PlaybookParams,
        response: { 200: PlaybookSummary, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (req) => readPlaybook({ ctx: ctxOf(rt, req), input: { id: req.params.playbook } }),
  );
  r.put(
    '/api/v1/playbooks/:playbook',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['recovery'],
        summary: 'Replace a stored playbook (an automation given without its secret keeps the stored one)',
        description: '409 for a playbook defined in the config file.',
        params: PlaybookParams,
        body: Body,
        response: { 200: PlaybookSummary, ...errors },
      },
    },
    async (req) => updateStoredPlaybook({ ctx: ctxOf(rt, req), input: { id: req.params.playbook, body: req.body } }),
  );
  r.delete(
    '/api/v1/playbooks/:playbook',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['recovery'],
        summary: 'Delete a stored playbook (409 for one defined in the config file)',
        params: PlaybookParams,
        response: { 204: z.null(), 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError },
      },
    },
    async (req, reply) => {
      await deleteStoredPlaybook({ ctx: ctxOf(rt, req), input: { id: req.params.playbook } });
      return reply.code(204).send(null);
    },
  );
  r.post(
    '/api/v1/playbooks/check',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['recovery'],
        summary: 'Check one playbook written as YAML against the config schema and the catalog, before the config file',
        body: PlaybookCheckInput,
        response: { 200: PlaybookCheck, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (req) => checkPlaybook({ ctx: ctxOf(rt, req), input: req.body }),
  );
  r.get(
    '/api/v1/incidents/:id/playbooks',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['recovery'],
        summary: 'The playbooks that match the incident, each step with its state, and recovery_started_at',
        params: IdParams,
        response: { 200: IncidentPlaybooks, ...errors },
      },
    },
    async (req) => incidentPlaybooks({ ctx: ctxOf(rt, req), input: { incidentId: req.params.id } }),
  );
  const act = (verb: 'run' | 'approve', summary: string) =>
    r.post(
      `/api/v1/incidents/:id/playbooks/:playbook/steps/:step/${verb}`,
      {
        onRequest: requireAuth,
        schema: { tags: ['recovery'], summary, params: StepParams, response: { 200: IncidentPlaybooks, ...errors } },
      },
      async (req) => {
        const input = { incidentId: req.params.id, playbookId: req.params.playbook, stepId: req.params.step };
        const ctx = ctxOf(rt, req);
        return verb === 'run' ? runStep({ ctx, input }) : approveStep({ ctx, input });
      },
    );
  act('run', 'Run a step (or retry a failed one): it waits for approvals when its level or method needs them');
  act('approve', 'Approve a waiting step (not by the person who asked for it); the last approval runs it');
  r.post(
    '/api/v1/incidents/:id/playbooks/:playbook/steps/:step/skip',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['recovery'],
        summary: 'Skip a step, with a reason',
        params: StepParams,
        body: SkipStepInput,
        response: { 200: IncidentPlaybooks, ...errors },
      },
    },
    async (req) =>
      skipStep({
        ctx: ctxOf(rt, req),
        input: {
          incidentId: req.params.id,
          playbookId: req.params.playbook,
          stepId: req.params.step,
          reason: req.body.reason,
        },
      }),
  );
}

/** The domain's routes, as the composition root registers them. */
export const routes: RouteRegistrar = (app, { rt, requireAuth }) => recoveryRoutes(app, rt, requireAuth);
