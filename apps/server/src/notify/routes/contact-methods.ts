/**
 * A person's contact methods and notification rules (DESIGN §7, docs/notifications.md):
 * `GET|POST /api/v1/users/{id}/contact-methods`, `DELETE …/{cm}`, `POST …/{cm}/send-code`, `POST …/{cm}/verify`,
 * `GET|PUT /api/v1/users/{id}/notification-rules`. A person may always manage their own; others need
 * `people:contact`, an admin's (notify/contact-methods.ts `assertContactAccess`).
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiError,
  CodeSent,
  ContactMethodCreate,
  ContactMethodList,
  ContactMethodView,
  NotificationRuleList,
  NotificationRulesPut,
  VerifyRequest,
  pageQuery,
} from '@faultline/contracts';
import type { Runtime } from '../../kernel/index.ts';
import { ctxOf, IdCursor, decodeCursor, pageOfRows } from '../../http/index.ts';
import { createContactMethod, deleteContactMethod, readContactMethods } from '../contact-methods.ts';
import { sendVerificationCode, verifyContactMethod } from '../verification.ts';
import { readNotificationRules, replaceNotificationRules } from '../notification-rules.ts';

const UserParams = z.object({ id: z.coerce.number().int().positive() });
const MethodParams = UserParams.extend({ cm: z.coerce.number().int().positive() });
const tags = ['people'];
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError };

export function contactMethodRoutes(app: FastifyInstance, rt: Runtime, requireAuth: onRequestHookHandler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/users/:id/contact-methods',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: "A person's contact methods, oldest first (never the verification codes)",
        params: UserParams,
        querystring: pageQuery(100),
        response: { 200: ContactMethodList, ...errors },
      },
    },
    async (req) => {
      const { limit, cursor } = req.query;
      const rows = await readContactMethods({
        ctx: ctxOf(rt, req),
        input: { userId: req.params.id, limit: limit + 1, afterId: decodeCursor(cursor, IdCursor)?.[0] },
      });
      const page = pageOfRows(rows, limit, (cm) => [cm.id]);
      return { contactMethods: page.items, nextCursor: page.nextCursor };
    },
  );

  r.post(
    '/api/v1/users/:id/contact-methods',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Add an unverified contact method (email, E.164 number for sms/voice, or chat handle)',
        params: UserParams,
        body: ContactMethodCreate,
        response: { 201: ContactMethodView, ...errors, 409: ApiError },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await createContactMethod({ ctx: ctxOf(rt, req), input: { ...req.body, userId: req.params.id } })),
  );

  r.delete(
    '/api/v1/users/:id/contact-methods/:cm',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Delete a contact method and the rules that use it',
        params: MethodParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await deleteContactMethod({ ctx: ctxOf(rt, req), input: { userId: req.params.id, id: req.params.cm } });
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/api/v1/users/:id/contact-methods/:cm/send-code',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Send a 6-digit verification code through the method (valid 10 min; once a minute)',
        params: MethodParams,
        response: { 200: CodeSent, ...errors, 412: ApiError, 429: ApiError },
      },
    },
    async (req) => sendVerificationCode({ ctx: ctxOf(rt, req), input: { userId: req.params.id, id: req.params.cm } }),
  );

  r.post(
    '/api/v1/users/:id/contact-methods/:cm/verify',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: 'Verify a contact method with its code (5 tries per code)',
        params: MethodParams,
        body: VerifyRequest,
        response: { 200: ContactMethodView, ...errors, 412: ApiError },
      },
    },
    async (req) =>
      verifyContactMethod({
        ctx: ctxOf(rt, req),
        input: { userId: req.params.id, id: req.params.cm, code: req.body.code },
      }),
  );

  r.get(
    '/api/v1/users/:id/notification-rules',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: "A person's notification rules (high before low, then by delay)",
        params: UserParams,
        response: { 200: NotificationRuleList, ...errors },
      },
    },
    async (req) => ({ rules: await readNotificationRules({ ctx: ctxOf(rt, req), input: { userId: req.params.id } }) }),
  );

  r.put(
    '/api/v1/users/:id/notification-rules',
    {
      onRequest: requireAuth,
      schema: {
        tags,
        summary: "Replace a person's notification rules (the whole list)",
        params: UserParams,
        body: NotificationRulesPut,
        response: { 200: NotificationRuleList, ...errors },
      },
    },
    async (req) => ({
      rules: await replaceNotificationRules({
        ctx: ctxOf(rt, req),
        input: { userId: req.params.id, rules: req.body.rules },
      }),
    }),
  );
}
