/** Versioned level rules per module: view, draft from template, edit, lint, submit, approve/reject, history. */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiError,
  Decision,
  DraftUpdate,
  LevelRuleVersion,
  ModuleLevelRules,
  RuleProblem,
  ModuleList,
  pageQuery,
} from '@faultline/contracts';
import type { Runtime } from '../kernel/index.ts';
import type { RouteRegistrar } from '../http/index.ts';
import { ctxOf, pageOfList } from '../http/index.ts';
import {
  approveVersion,
  draftFromTemplate,
  getModuleLevelRules,
  lintDraft,
  listModules,
  rejectVersion,
  submitDraft,
  updateDraft,
} from './versions.ts';

const ModuleParams = z.object({ id: z.string().min(1).max(200) });
const VersionParams = z.object({ id: z.string().min(1).max(200), version: z.coerce.number().int().positive() });
const DraftResult = z.object({
  version: LevelRuleVersion,
  problems: z.array(RuleProblem).describe('lint findings of the stored rules: warnings only (errors are refused)'),
});
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 412: ApiError };
const tags = ['levels'];

export function levelRuleRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/modules',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Modules of the catalog with their technical owner and active level-rule version, by id',
        querystring: pageQuery(100),
        response: { 200: ModuleList, 400: ApiError, 401: ApiError },
      },
    },
    async (req) => {
      const page = pageOfList(await listModules({ ctx: ctxOf(rt, req), input: {} }), req.query, (m) => m.id);
      return { modules: page.items, nextCursor: page.nextCursor };
    },
  );

  r.get(
    '/api/v1/modules/:id/level-rules',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: "A module's effective level rules, its versions (the history, newest first) and lint problems",
        params: ModuleParams,
        response: { 200: ModuleLevelRules, 401: ApiError, 404: ApiError },
      },
    },
    async (req) => getModuleLevelRules({ ctx: ctxOf(rt, req), input: { moduleId: req.params.id } }),
  );

  r.post(
    '/api/v1/modules/:id/level-rules/template',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: "Create the module's draft from the fault-level template (or replace the rules of its draft)",
        params: ModuleParams,
        response: { 200: DraftResult, ...errors },
      },
    },
    async (req) => draftFromTemplate({ ctx: ctxOf(rt, req), input: { moduleId: req.params.id } }),
  );

  r.put(
    '/api/v1/modules/:id/level-rules/draft',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: "Create or update the module's draft; rules with lint errors are refused, warnings are returned",
        params: ModuleParams,
        body: DraftUpdate,
        response: { 200: DraftResult, ...errors },
      },
    },
    async (req) => updateDraft({ ctx: ctxOf(rt, req), input: { ...req.body, moduleId: req.params.id } }),
  );

  r.post(
    '/api/v1/modules/:id/level-rules/lint',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Lint proposed rules for a module; writes nothing',
        params: ModuleParams,
        body: DraftUpdate,
        response: { 200: z.object({ problems: z.array(RuleProblem) }), ...errors },
      },
    },
    async (req) => ({
      problems: lintDraft({ ctx: ctxOf(rt, req), input: { moduleId: req.params.id, rules: req.body.rules } }),
    }),
  );

  r.post(
    '/api/v1/modules/:id/level-rules/draft/submit',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: "Submit the module's draft for the technical owner's approval",
        params: ModuleParams,
        response: { 200: LevelRuleVersion, ...errors },
      },
    },
    async (req) => submitDraft({ ctx: ctxOf(rt, req), input: { moduleId: req.params.id } }),
  );

  r.post(
    '/api/v1/modules/:id/level-rules/versions/:version/approve',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Approve a pending version (technical owner only): it grades from now on',
        description:
          "Only the module's technical owner may approve. A module without an owner is approved by an admin who is not the version's author.",
        params: VersionParams,
        body: Decision.nullish().describe('optional: { reason }'),
        response: { 200: LevelRuleVersion, ...errors },
      },
    },
    async (req) =>
      approveVersion({
        ctx: ctxOf(rt, req),
        input: { moduleId: req.params.id, version: req.params.version, reason: req.body?.reason },
      }),
  );

  r.post(
    '/api/v1/modules/:id/level-rules/versions/:version/reject',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Reject a pending version with a reason (technical owner only)',
        params: VersionParams,
        body: Decision,
        response: { 200: LevelRuleVersion, ...errors },
      },
    },
    async (req) =>
      rejectVersion({
        ctx: ctxOf(rt, req),
        input: { moduleId: req.params.id, version: req.params.version, reason: req.body.reason },
      }),
  );
}

/** The domain's routes, as the composition root registers them. */
export const routes: RouteRegistrar = (app, { rt, requireAuth }) => levelRuleRoutes(app, rt, requireAuth);
