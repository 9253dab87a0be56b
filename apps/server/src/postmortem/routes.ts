/**
 * Postmortem's routes: postmortems (open, read, edit, waive, publish, export), closing an incident, actions
 * and the board. Each authenticates first, validates with the contracts, and calls one verb.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CloseIncidentInput,
  ActionCreate,
  ActionMoveBody,
  ActionView,
  ApiError,
  BoardQuery,
  BoardView,
  CheckpointWaiver,
  PostmortemOpen,
  PostmortemUpdate,
  PostmortemView,
} from '@faultline/contracts';
import { ctxOf, rawBody, type RouteRegistrar } from '../http/index.ts';
import { AppError } from '../lib/index.ts';
import { addAction, moveActionTo } from './actions.ts';
import { readBoard } from './board.ts';
import { renderMarkdown } from './markdown.ts';
import { renderPdf } from './pdf.ts';
import {
  closeIncident,
  getPostmortem,
  openPostmortem,
  publishPostmortem,
  reviewMeetingInvitation,
  updatePostmortem,
  waiveCheckpoint,
} from './postmortems.ts';
import { postmortemOfIncident } from './store.ts';
import { receiveTrackerWebhook } from './sync.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 412: ApiError };
const tags = ['postmortems'];
/** Sends a body that is not JSON (Markdown, iCalendar, PDF), so the reply is typed as a plain one. */
const sendText = (reply: FastifyReply, type: string, text: string | Buffer) => reply.type(type).send(text);

export const routes: RouteRegistrar = (app: FastifyInstance, { rt, requireAuth }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/postmortems',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Open the postmortem of a mitigated or resolved incident by hand (idempotent)',
        body: PostmortemOpen,
        response: { 200: PostmortemView, ...errors },
      },
    },
    async (req) =>
      (await openPostmortem({ ctx: ctxOf(rt, req), input: { incidentId: req.body.incidentId, auto: false } }))!,
  );

  r.get(
    '/api/v1/incidents/:id/postmortem',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: "An incident's postmortem",
        params: IdParams,
        response: { 200: PostmortemView, ...errors },
      },
    },
    async (req) => {
      const ctx = ctxOf(rt, req);
      const pm = await postmortemOfIncident(rt.db, req.params.id);
      if (!pm) throw new AppError('NOT_FOUND', `incident ${req.params.id} has no postmortem`);
      return getPostmortem({ ctx, input: { id: pm.id } });
    },
  );

  r.get(
    '/api/v1/postmortems/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'A postmortem with its checkpoints and actions',
        params: IdParams,
        response: { 200: PostmortemView, ...errors },
      },
    },
    async (req) => getPostmortem({ ctx: ctxOf(rt, req), input: { id: req.params.id } }),
  );

  r.get(
    '/api/v1/postmortems/:id/markdown',
    {
      onRequest: requireAuth,
      // 200 is text/markdown (not JSON), so it has no response schema to serialise with.
      schema: { tags, summary: 'A postmortem as Markdown (text/markdown)', params: IdParams, response: errors },
    },
    async (req, reply) => {
      const view = await getPostmortem({ ctx: ctxOf(rt, req), input: { id: req.params.id } });
      return sendText(reply, 'text/markdown; charset=utf-8', renderMarkdown(view));
    },
  );

  r.get(
    '/api/v1/postmortems/:id/pdf',
    {
      onRequest: requireAuth,
      // 200 is application/pdf, not JSON.
      schema: { tags, summary: 'A postmortem as PDF', params: IdParams, response: errors },
    },
    async (req, reply) => {
      const ctx = ctxOf(rt, req);
      const view = await getPostmortem({ ctx, input: { id: req.params.id } });
      const pdf = await renderPdf(view, ctx.clock.now());
      reply.header('content-disposition', `attachment; filename="postmortem-${view.id}.pdf"`);
      return sendText(reply, 'application/pdf', pdf);
    },
  );

  r.get(
    '/api/v1/postmortems/:id/review.ics',
    {
      onRequest: requireAuth,
      // 200 is text/calendar (an iCalendar REQUEST), not JSON.
      schema: { tags, summary: "The review meeting's iCal invitation", params: IdParams, response: errors },
    },
    async (req, reply) => {
      const text = await reviewMeetingInvitation({ ctx: ctxOf(rt, req), input: { id: req.params.id } });
      return sendText(reply, 'text/calendar; charset=utf-8', text);
    },
  );

  r.patch(
    '/api/v1/postmortems/:id',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Edit a draft postmortem',
        params: IdParams,
        body: PostmortemUpdate,
        response: { 200: PostmortemView, ...errors },
      },
    },
    async (req) => updatePostmortem({ ctx: ctxOf(rt, req), input: { id: req.params.id, patch: req.body } }),
  );

  r.post(
    '/api/v1/postmortems/:id/waivers',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Waive a checkpoint with a reason (postmortem:review; audited)',
        params: IdParams,
        body: CheckpointWaiver,
        response: { 200: PostmortemView, ...errors },
      },
    },
    async (req) => waiveCheckpoint({ ctx: ctxOf(rt, req), input: { id: req.params.id, ...req.body } }),
  );

  r.post(
    '/api/v1/postmortems/:id/publish',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Publish a postmortem (412 naming the missing checkpoints)',
        params: IdParams,
        response: { 200: PostmortemView, ...errors },
      },
    },
    async (req) => publishPostmortem({ ctx: ctxOf(rt, req), input: { id: req.params.id } }),
  );

  r.post(
    '/api/v1/incidents/:id/close',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Close a resolved incident (412 until its postmortem checkpoints pass, or with a waiver)',
        params: IdParams,
        body: CloseIncidentInput.nullable(),
        response: { 200: z.object({ closed: z.boolean() }), ...errors },
      },
    },
    async (req) => {
      const out = await closeIncident({
        ctx: ctxOf(rt, req),
        input: { incidentId: req.params.id, waiver: req.body?.waiver },
      });
      rt.bus.publish({ type: 'incident.updated', incidentId: req.params.id });
      return out;
    },
  );

  r.post(
    '/api/v1/postmortems/:id/actions',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Add an improvement action',
        params: IdParams,
        body: ActionCreate,
        response: { 200: ActionView, ...errors },
      },
    },
    async (req) => {
      const out = await addAction({ ctx: ctxOf(rt, req), input: { postmortemId: req.params.id, action: req.body } });
      rt.wakeEngine();
      return out;
    },
  );

  r.post(
    '/api/v1/actions/:id/move',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: "Move an action to a state (the board's drag); verify and reject are the verifier's",
        params: IdParams,
        body: ActionMoveBody,
        response: { 200: ActionView, ...errors },
      },
    },
    async (req) =>
      moveActionTo({ ctx: ctxOf(rt, req), input: { id: req.params.id, to: req.body.to, reason: req.body.reason } }),
  );

  r.post(
    '/api/v1/trackers/:id/webhook',
    {
      // No session: the tracker signs each delivery (GitHub: X-Hub-Signature-256 with the webhook secret).
      schema: {
        tags,
        security: [],
        summary: "A tracker's webhook: an issue closed or reopened there moves the action it mirrors",
        params: z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/) }),
        response: {
          200: z.object({ actionId: z.number().int().nullable(), state: z.string().nullable(), changed: z.boolean() }),
          400: ApiError,
          401: ApiError,
          404: ApiError,
        },
      },
    },
    async (req) => {
      const out = await receiveTrackerWebhook(rt, req.params.id, req.headers, rawBody(req));
      if (out.changed) rt.wakeEngine();
      return out;
    },
  );

  r.get(
    '/api/v1/board',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'The board: faults whose postmortem is not published, overdue actions, pending actions',
        querystring: BoardQuery,
        response: { 200: BoardView, 400: ApiError, 401: ApiError },
      },
    },
    async (req) => readBoard({ ctx: ctxOf(rt, req), input: req.query }),
  );
};
