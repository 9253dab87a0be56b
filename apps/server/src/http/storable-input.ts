/**
 * Text PostgreSQL cannot store (NUL, unpaired surrogates; packages/contracts text.ts) is refused at the door of
 * every route: path parameters, query and JSON or form body are checked, and the request is answered 400
 * VALIDATION naming each field (`name`, `querystring.targetType`, `params.id`) before anything is read or
 * written. One check for every route, present and future, rather than a refinement on each string field.
 *
 * The check runs after a route's own preHandlers (authentication), so an anonymous caller learns nothing
 * about a body it may not send. Intake routes opt out (`config.keepsUnstorableText`): they keep the alert
 * and store such characters as U+FFFD (docs/intake.md).
 */
import type { FastifyInstance, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { findUnstorableText } from '@faultline/contracts';
import { validationError } from '../lib/index.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route stores text PostgreSQL cannot store in a safe form itself (intake), so it is not refused. */
    keepsUnstorableText?: boolean;
  }
}

async function refuseUnstorableText(req: FastifyRequest): Promise<void> {
  const fields = [
    ...findUnstorableText(req.params, 'params'),
    ...findUnstorableText(req.query, 'querystring'),
    ...findUnstorableText(req.body, ''),
  ];
  if (fields.length > 0) throw validationError(fields);
}

/** Adds the check as the last preHandler of every route declared after this call. */
export function refuseUnstorableInput(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (route.config?.keepsUnstorableText) return;
    const own: preHandlerHookHandler[] = route.preHandler
      ? Array.isArray(route.preHandler)
        ? route.preHandler
        : [route.preHandler]
      : [];
    route.preHandler = [...own, refuseUnstorableText];
  });
}
