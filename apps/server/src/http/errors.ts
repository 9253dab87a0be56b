/**
 * The one place that maps error codes to HTTP status (CONVENTIONS §3), and turns Fastify's own errors
 * (malformed JSON, wrong content type, body too large, schema validation) into the same `ApiError` body.
 * A user never sees a stack trace; anything unexpected is logged and answered as INTERNAL.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ApiError, ErrorCode, FieldError } from '@faultline/contracts';
import { createTranslator, DEFAULT_LOCALE, negotiateLocale, type Locale } from '@faultline/i18n';
import { AppError, redactText } from '../lib/index.ts';

export const STATUS: Record<ErrorCode, number> = {
  NOT_FOUND: 404,
  VALIDATION: 400,
  CONFLICT: 409,
  FORBIDDEN: 403,
  UNAUTHORIZED: 401,
  RATE_LIMITED: 429,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** Converts any thrown value into an AppError (unknown errors become INTERNAL). */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as FastifyError & { validation?: unknown; validationContext?: string };
  if (hasZodFastifySchemaValidationErrors(e)) {
    const where = e.validationContext ?? 'body';
    const fields: FieldError[] = e.validation.map((v) => ({
      path:
        [
          where === 'body' ? '' : where,
          ...String(v.instancePath ?? '')
            .split('/')
            .filter(Boolean),
        ]
          .filter(Boolean)
          .join('.') || where,
      message: v.message ?? 'invalid',
    }));
    return new AppError(
      'VALIDATION',
      `invalid ${where}: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`,
      fields,
    );
  }
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', `the request body is larger than the limit (${e.message})`, [
        { path: 'body', message: 'too large' },
      ]);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the body as Content-Type: application/json', [
        { path: 'content-type', message: 'must be application/json' },
      ]);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('VALIDATION', 'the request body is empty; send a JSON document', [
        { path: 'body', message: 'empty' },
      ]);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('VALIDATION', `malformed JSON: ${e.message}`, [{ path: 'body', message: 'malformed JSON' }]);
  }
  if (e instanceof SyntaxError || (e.statusCode === 400 && /JSON/i.test(e.message))) {
    return new AppError('VALIDATION', `malformed JSON: ${e.message}`, [{ path: 'body', message: 'malformed JSON' }]);
  }
  if (e.statusCode === 404) return new AppError('NOT_FOUND', e.message);
  if (e.statusCode === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE', e.message);
  if (e.statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE', e.message);
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return new AppError('VALIDATION', e.message);
  return new AppError('INTERNAL', 'internal error; it has been logged');
}

/**
 * The answer's body for `err`; URL credentials in its message (a provider's, a config problem) are redacted. With a
 * shipped language other than English (`locale`, from the request's `Accept-Language`), the body also carries
 * `localizedMessage` — the code's sentence in that language, naming the fields at fault — and `locale`; `message`
 * stays English (docs/errors.md).
 */
export function errorBody(err: AppError, locale: Locale = DEFAULT_LOCALE): ApiError {
  return {
    error: {
      code: err.code,
      message: redactText(err.message),
      ...(err.fields ? { fields: err.fields } : {}),
      ...(locale === DEFAULT_LOCALE ? {} : { localizedMessage: localizedMessage(err, locale), locale }),
    },
  };
}

/** The code's sentence in `locale`; a VALIDATION error names its fields' paths (at most three, then "…"). */
export function localizedMessage(err: AppError, locale: Locale): string {
  const t = createTranslator(locale);
  if (err.code !== 'VALIDATION') return t.t(`errors.${err.code}`);
  const paths = [...new Set((err.fields ?? []).map((f) => f.path))];
  const shown = paths.slice(0, 3).join(', ') + (paths.length > 3 ? ', …' : '');
  return t.t('errors.VALIDATION', { count: paths.length, fields: shown });
}

/** The shipped language an API request asks its error in: its `Accept-Language`, else English. */
export function requestLocale(req: Pick<FastifyRequest, 'headers'>): Locale {
  const header = req.headers['accept-language'];
  return typeof header === 'string' && header ? negotiateLocale(header) : DEFAULT_LOCALE;
}

/** Fastify error handler: logs 5xx with the cause, answers every error as ApiError. */
export function handleError(err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  const appErr = toAppError(err);
  if (appErr.code === 'INTERNAL') req.log.error({ err }, 'unhandled error');
  if (appErr.retryAfterS !== undefined) void reply.header('retry-after', String(appErr.retryAfterS));
  const locale = requestLocale(req);
  if (locale !== DEFAULT_LOCALE) void reply.header('content-language', locale);
  void reply.code(STATUS[appErr.code]).type('application/json').send(errorBody(appErr, locale));
}
