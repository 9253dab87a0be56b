/**
 * JSON bodies parsed by Fastify's own parser (prototype-poisoning protection included), with the text kept
 * on the request: intake stores the body exactly as received instead of serialising it again.
 *
 * A body must be UTF-8 (RFC 8259 §8.1): one that is not is refused with 400 naming `body`, instead of being
 * decoded with U+FFFD in place of the bad bytes and stored as if it had been received that way.
 */
import { isUtf8 } from 'node:buffer';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../lib/index.ts';

const RAW = Symbol('rawBody');

/** Replaces the `application/json` parser with one that also keeps the body text. */
export function keepRawJsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    const bytes = body as Buffer;
    if (!isUtf8(bytes)) {
      done(
        new AppError('VALIDATION', 'the request body is not valid UTF-8; JSON must be sent as UTF-8 (RFC 8259)', [
          { path: 'body', message: 'not valid UTF-8' },
        ]),
        undefined,
      );
      return;
    }
    const text = bytes.toString('utf8');
    (req as FastifyRequest & { [RAW]?: string })[RAW] = text;
    parse(req, text, done);
  });
}

/** The body text of a JSON request (re-serialised only if the parser did not keep it). */
export function rawBody(req: FastifyRequest): string {
  return (req as FastifyRequest & { [RAW]?: string })[RAW] ?? JSON.stringify(req.body);
}
