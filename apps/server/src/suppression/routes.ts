/**
 * Silences: list, read, create, replace, expire, and the preview of what matchers mute now. Maintenance
 * windows: list, read, create, end early, delete.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiError,
  MaintenanceStatusName,
  MaintenanceWindowInput,
  MaintenanceWindowList,
  MaintenanceWindowView,
  MatcherPreview,
  MatcherPreviewInput,
  pageQuery,
  SilenceInput,
  SilenceList,
  SilenceStateName,
  SilenceView,
} from '@faultline/contracts';
import { ctxOf, pageOfList, type RouteRegistrar } from '../http/index.ts';
import {
  createMaintenanceWindow,
  deleteMaintenanceWindow,
  endMaintenanceWindow,
  getMaintenanceWindow,
  listMaintenanceWindows,
  maintenanceListKey,
} from './maintenance-windows.ts';
import { createSilence, expireSilence, getSilence, listSilences, previewMatchers, updateSilence } from './silences.ts';

const IdParams = z.object({ id: z.string().min(1).max(200) });
const ListQuery = pageQuery(100).extend({
  state: SilenceStateName.optional().describe('only silences in this state; default: all kept ones'),
});
const WindowListQuery = pageQuery(100).extend({
  status: MaintenanceStatusName.optional().describe('only windows in this status; default: all'),
});

export const routes: RouteRegistrar = (app, { rt, requireAuth }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['suppression'];

  r.get(
    '/api/v1/silences',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Silences (stored and from the config), ordered by end; expired ones are kept for the retention',
        querystring: ListQuery,
        response: { 200: SilenceList, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (req) => {
      const { state, ...page } = req.query;
      const list = await listSilences({ ctx: ctxOf(rt, req), input: state ? { state } : {} });
      const p = pageOfList(list, page, (s) => `${s.endsAt}|${s.id}`);
      return { silences: p.items, nextCursor: p.nextCursor };
    },
  );

  r.get(
    '/api/v1/silences/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'One silence',
        params: IdParams,
        response: { 200: SilenceView, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (req) => getSilence({ ctx: ctxOf(rt, req), input: { id: req.params.id } }),
  );

  r.post(
    '/api/v1/silences',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Create a silence: matching alerts are recorded but do not page until it ends',
        body: SilenceInput,
        response: { 201: SilenceView, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (req, reply) => reply.code(201).send(await createSilence({ ctx: ctxOf(rt, req), input: req.body })),
  );

  r.put(
    '/api/v1/silences/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Replace a pending or active silence; alerts it no longer mutes page at once',
        params: IdParams,
        body: SilenceInput,
        response: { 200: SilenceView, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError },
      },
    },
    async (req) => updateSilence({ ctx: ctxOf(rt, req), input: { id: req.params.id, body: req.body } }),
  );

  r.delete(
    '/api/v1/silences/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Expire a silence now (it stays listed until the retention ends); what still fires pages once',
        params: IdParams,
        response: { 200: SilenceView, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError },
      },
    },
    async (req) => expireSilence({ ctx: ctxOf(rt, req), input: { id: req.params.id } }),
  );

  r.post(
    '/api/v1/silences/preview',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Which firing alerts these matchers accept now (before creating a silence)',
        body: MatcherPreviewInput,
        response: { 200: MatcherPreview, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (req) => previewMatchers({ ctx: ctxOf(rt, req), input: req.body }),
  );

  const mtags = ['suppression'];
  r.get(
    '/api/v1/maintenance-windows',
    {
      onRequest: requireAuth,
      schema: {
        tags: mtags,
        summary: 'Maintenance windows (stored and from the config): in progress, then scheduled, then completed',
        querystring: WindowListQuery,
        response: { 200: MaintenanceWindowList, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (req) => {
      const { status, ...page } = req.query;
      const list = await listMaintenanceWindows({ ctx: ctxOf(rt, req), input: status ? { status } : {} });
      const p = pageOfList(list, page, maintenanceListKey);
      return { windows: p.items, nextCursor: p.nextCursor };
    },
  );

  r.get(
    '/api/v1/maintenance-windows/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags: mtags,
        summary: 'One maintenance window',
        params: IdParams,
        response: { 200: MaintenanceWindowView, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (req) => getMaintenanceWindow({ ctx: ctxOf(rt, req), input: { id: req.params.id } }),
  );

  r.post(
    '/api/v1/maintenance-windows',
    {
      onRequest: requireAuth,
      schema: {
        tags: mtags,
        summary: 'Create a maintenance window: alerts in its scope do not page while it is open',
        body: MaintenanceWindowInput,
        response: { 201: MaintenanceWindowView, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (req, reply) => reply.code(201).send(await createMaintenanceWindow({ ctx: ctxOf(rt, req), input: req.body })),
  );

  r.post(
    '/api/v1/maintenance-windows/:id/end',
    {
      onRequest: requireAuth,
      schema: {
        tags: mtags,
        summary: 'End a window early (a recurring one: its opening in progress); what still fires pages once',
        params: IdParams,
        response: { 200: MaintenanceWindowView, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError },
      },
    },
    async (req) => endMaintenanceWindow({ ctx: ctxOf(rt, req), input: { id: req.params.id } }),
  );

  r.delete(
    '/api/v1/maintenance-windows/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags: mtags,
        summary: 'Delete a window and its future openings; what still fires pages once',
        params: IdParams,
        response: { 204: z.null(), 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError },
      },
    },
    async (req, reply) => {
      await deleteMaintenanceWindow({ ctx: ctxOf(rt, req), input: { id: req.params.id } });
      return reply.code(204).send(null);
    },
  );
};
