/**
 * Form-encoded bodies for the vendor callbacks (Slack interactivity, Twilio webhooks) only: the body is kept
 * as the exact text received, because both vendors sign it (Slack over the raw bytes, Twilio over the decoded
 * fields) and a route must verify before it trusts anything. The rest of the API stays JSON only.
 */
import type { FastifyInstance } from 'fastify';

/**
 * Registers `routes` in an encapsulated scope where `application/x-www-form-urlencoded` bodies arrive as
 * the raw string (`req.body`); decode it with `new URLSearchParams(body)` after verifying the signature.
 */
export function withFormBodies(app: FastifyInstance, routes: (scope: FastifyInstance) => void): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    );
    routes(scope);
  });
}

/** The raw form body of a request in a `withFormBodies` scope ('' when there was none). */
export const formText = (body: unknown): string => (typeof body === 'string' ? body : '');
