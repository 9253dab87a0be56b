/**
 * The room's routes (issue 17): declare an incident, read the room, and every action taken in it. Each
 * action answers with the whole room (`ResponseRoom`) so the console redraws from one answer. A request
 * about an incident the caller may not see is 404 before the body is looked at; a viewer is 403.
 */
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiError,
  CheckInInput,
  DeclareIncidentInput,
  IncidentDetail,
  InviteInput,
  KeyTimesEditInput,
  LifecycleReasonInput,
  NoteInput,
  ResponseRoom,
  RoleActionInput,
  StatusUpdateInput,
  TimelinePasteInput,
} from '@faultline/contracts';
import type { Runtime } from '../../kernel/index.ts';
import { ctxOf } from '../../http/index.ts';
import { authorizeIncident } from '../../incident/index.ts';
import { declareIncident } from '../declare.ts';
import { addNote, editKeyTimes, pasteTimeline } from '../key-times.ts';
import { toMilestoneEdit } from '../milestone-edit.ts';
import { actOnRole } from '../roles-verbs.ts';
import { checkIn, inviteToGroup } from '../group-verbs.ts';
import { publishStatusUpdate } from '../updates.ts';
import { changeLifecycle } from '../lifecycle.ts';
import { loadRoom, roomView } from '../room.ts';
import { incidentPage } from '../page.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 412: ApiError };

/** The room of incident `id` now. */
export async function roomOf(rt: Runtime, id: number): Promise<ResponseRoom> {
  const config = rt.config();
  return roomView(await loadRoom(rt.db, config, id, rt.clock.now()), config);
}

export function roomRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const seen = (req: FastifyRequest, id: number) => authorizeIncident(rt.db, req.principal!, id, 'incident:read');

  r.post(
    '/api/v1/incidents',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['incidents'],
        summary: 'Declare (report) an incident',
        description:
          "A person opens an incident: title, service, level, description, source and reporter. It is graded and paged like any other. Needs incident:respond on the service's team.",
        body: DeclareIncidentInput,
        response: { 201: IncidentDetail, ...errors },
      },
    },
    async (req, reply) => {
      const id = await declareIncident({ ctx: ctxOf(rt, req), input: req.body });
      rt.wakeEngine();
      return reply.code(201).send(await incidentPage(rt, id));
    },
  );

  r.get(
    '/api/v1/incidents/:id/room',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['response'],
        summary: 'The response room: key times, 1-5-10 clock, roles, group, status updates',
        params: IdParams,
        response: { 200: ResponseRoom, ...errors },
      },
    },
    async (req) => {
      await seen(req, req.params.id);
      return roomOf(rt, req.params.id);
    },
  );

  /** Registers a POST (or PATCH) action on the room that answers with the room. */
  const action = <B extends z.ZodType>(
    method: 'post' | 'patch',
    path: string,
    summary: string,
    body: B,
    run: (req: FastifyRequest, id: number, body: z.output<B>) => Promise<unknown>,
  ) =>
    r.route({
      method: method.toUpperCase() as 'POST',
      url: `/api/v1/incidents/:id/${path}`,
      onRequest: requireAuth,
      schema: { tags: ['response'], summary, params: IdParams, body, response: { 200: ResponseRoom, ...errors } },
      handler: async (req) => {
        const { id } = req.params as { id: number };
        await seen(req, id);
        await run(req, id, req.body as z.output<B>);
        rt.bus.publish({ type: 'incident.updated', incidentId: id });
        rt.wakeEngine();
        return roomOf(rt, id);
      },
    });

  action('patch', 'key-times', 'Set, move or clear key times, with a reason', KeyTimesEditInput, (req, id, b) =>
    editKeyTimes({ ctx: ctxOf(rt, req), input: { id, edit: toMilestoneEdit(b) } }),
  );
  action('post', 'notes', 'Add a timeline note, optionally tagged with a key time', NoteInput, (req, id, b) =>
    addNote({ ctx: ctxOf(rt, req), input: { id, ...b } }),
  );
  action(
    'post',
    'timeline/paste',
    'Add pasted timeline lines ("2026-12-01 18:01, who did what")',
    TimelinePasteInput,
    (req, id, b) => pasteTimeline({ ctx: ctxOf(rt, req), input: { id, ...b } }),
  );
  action(
    'post',
    'roles',
    'Claim, assign, hand over (request, confirm, decline, cancel, force) or release a role',
    RoleActionInput,
    (req, id, b) => actOnRole({ ctx: ctxOf(rt, req), input: { id, ...b } }),
  );
  action('post', 'group/check-in', 'Check in to the response group (joined or declined)', CheckInInput, (req, id, b) =>
    checkIn({ ctx: ctxOf(rt, req), input: { id, ...b } }),
  );
  action('post', 'group/invite', 'Invite a person or a team to the response group', InviteInput, (req, id, b) =>
    inviteToGroup({ ctx: ctxOf(rt, req), input: { id, ...b } }),
  );
  action('post', 'updates', 'Publish a status update to its audiences', StatusUpdateInput, (req, id, b) =>
    publishStatusUpdate({ ctx: ctxOf(rt, req), input: { id, ...b } }),
  );
  action(
    'post',
    'mitigate',
    'Mark service restored (mitigated)',
    z.strictObject({ reason: z.string().trim().max(1000).default('') }).default({ reason: '' }),
    (req, id, b) => changeLifecycle({ ctx: ctxOf(rt, req), input: { id, action: 'mitigate', reason: b.reason } }),
  );
  action('post', 'cancel', 'Cancel a false alarm (it counts nowhere)', LifecycleReasonInput, (req, id, b) =>
    changeLifecycle({ ctx: ctxOf(rt, req), input: { id, action: 'cancel', reason: b.reason } }),
  );
  action('post', 'reopen', 'Reopen a mitigated, resolved or cancelled incident', LifecycleReasonInput, (req, id, b) =>
    changeLifecycle({ ctx: ctxOf(rt, req), input: { id, action: 'reopen', reason: b.reason } }),
  );
  // Closing is the postmortem's route (POST /api/v1/incidents/:id/close): it knows the checkpoints.
}
