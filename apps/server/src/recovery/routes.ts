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
  SkipStepInput,
} from '@faultline/contracts';
import type { Runtime } from '../kernel/index.ts';
import type { RouteRegistrar } from '../http/index.ts';
import { ctxOf } from '../http/index.ts';
import { approveStep, incidentPlaybooks, runStep, skipStep } from './steps.ts';
import { checkPlaybook, listPlaybooks } from './catalog-view.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const StepParams = IdParams.extend({ playbook: z.string().min(1).max(200), step: z.string().min(1).max(200) });
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError };

export function recoveryRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/playbooks',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['recovery'],
        summary: 'The configured recovery playbooks (automation secrets never shown)',
        response: { 200: PlaybookList, 401: ApiError, 403: ApiError },
      },
    },
    async (req) => listPlaybooks({ ctx: ctxOf(rt, req), input: {} }),
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
