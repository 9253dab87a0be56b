/**
 * JSON bodies parsed by Fastify's own parser (prototype-poisoning protection included), with the text kept
 * on the request: intake stores the body exactly as received instead of serialising it again.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

const RAW = Symbol('rawBody');

/** Replaces the `application/json` parser with one that also keeps the body text. */
export function keepRawJsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    (req as FastifyRequest & { [RAW]?: string })[RAW] = body as string;
    parse(req, body as string, done);
  });
}

/** The body text of a JSON request (re-serialised only if the parser did not keep it). */
export function rawBody(req: FastifyRequest): string {
  return (req as FastifyRequest & { [RAW]?: string })[RAW] ?? JSON.stringify(req.body);
}
