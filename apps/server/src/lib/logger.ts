/**
 * The server's logger (pino), built once by the composition root. What it never writes
 * (docs/security.md, "Secrets and outbound calls"):
 *
 * - **statement parameters**: drizzle's `DrizzleQueryError` lists every parameter in its message and keeps them in
 *   `params`; PostgreSQL's error repeats the failing row in `detail` and quotes a bad value in its message
 *   (`invalid input syntax for type integer: "…"`); PGlite's error also carries `query` and `params`. Errors are
 *   logged with the statement text (placeholders only), the SQLSTATE code, the constraint, table and column — and
 *   none of those values;
 * - **credentials in URLs**: every message and every error is passed through `redactText`;
 * - the `Authorization` and `Cookie` request headers.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import { redactText } from './redact.ts';

/** Error properties that carry values of a failed statement. */
const VALUE_FIELDS = ['params', 'parameters', 'detail', 'where', 'internalQuery', 'queryOptions'];
/** The part of PostgreSQL messages that quotes the value a statement sent: `…: "value"` at the end. */
const QUOTED_VALUE = /: "[\s\S]*"$/;
const MAX_DEPTH = 5;

const isDatabaseError = (e: Record<string, unknown>) =>
  typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity === 'string';

/**
 * A copy of `err` (and of its causes) that is safe to log: no statement parameters, no values PostgreSQL
 * quoted, URLs redacted. Not an error: returned as it is.
 */
export function sanitizeError(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error) || depth > MAX_DEPTH) return err;
  const source = err as Error & Record<string, unknown>;
  let message = source.message;
  if (typeof source.query === 'string' && 'params' in source && message.startsWith('Failed query:')) {
    // drizzle: "Failed query: <sql>\nparams: <values>"
    message = `Failed query: ${source.query}`;
  }
  if (isDatabaseError(source)) message = message.replace(QUOTED_VALUE, ': "…"');
  message = redactText(message);
  const copy = new Error(message) as Error & Record<string, unknown>;
  Object.defineProperty(copy, 'name', { value: source.name, enumerable: false, configurable: true, writable: true });
  // pino names the error by its constructor (`DrizzleQueryError`): keep that name on the copy.
  const type = Object.defineProperty(function () {}, 'name', { value: source.constructor?.name ?? source.name });
  Object.defineProperty(copy, 'constructor', { value: type, enumerable: false });
  const frames = (source.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  copy.stack = [`${source.name}: ${message}`, ...frames].join('\n');
  for (const [key, value] of Object.entries(source)) {
    if (VALUE_FIELDS.includes(key) || key === 'message' || key === 'stack' || key === 'cause') continue;
    copy[key] =
      typeof value === 'string' ? redactText(value) : value instanceof Error ? sanitizeError(value, depth + 1) : value;
  }
  if (source.cause !== undefined) copy.cause = sanitizeError(source.cause, depth + 1);
  return copy;
}

/** pino's error serializer over the sanitised error; a string (some callers log a message as `err`) is redacted. */
function errSerializer(err: unknown): unknown {
  if (typeof err === 'string') return redactText(err);
  const safe = sanitizeError(err);
  return safe instanceof Error ? pino.stdSerializers.errWithCause(safe) : safe;
}

/**
 * Creates the logger.
 * @param level pino level (`FAULTLINE_LOG_LEVEL`)
 * @param destination where lines go; stdout by default
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      serializers: { err: errSerializer, error: errSerializer },
      formatters: {
        // An error logged under any other key would be written with its enumerable fields (drizzle's `params`).
        log(object) {
          const out: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(object)) out[k] = v instanceof Error ? errSerializer(v) : v;
          return out;
        },
      },
      hooks: {
        // Messages are often built from other errors' text (`config reload refused; … <message>`).
        // Fastify's own error log passes the error's message as the log message: sanitised like the error.
        logMethod(args, method) {
          const first: unknown = args[0];
          const err =
            first instanceof Error
              ? first
              : first && typeof first === 'object'
                ? ((first as { err?: unknown; error?: unknown }).err ?? (first as { error?: unknown }).error)
                : undefined;
          const raw = err instanceof Error ? err.message : null;
          const safe = raw === null ? null : (sanitizeError(err) as Error).message;
          // `log.error(err)` would take the raw message as the log message: pass it as `{ err }` and the safe one.
          const all: unknown[] =
            first instanceof Error ? [{ err: first }, ...(args.length > 1 ? args.slice(1) : [safe])] : args;
          method.apply(
            this,
            all.map((a) => (typeof a === 'string' ? redactText(a === raw ? safe! : a) : a)) as Parameters<
              typeof method
            >,
          );
        },
      },
    },
    destination,
  );
}
