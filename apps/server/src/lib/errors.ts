/**
 * The one error type of Faultline (CONVENTIONS §3). Codes form a closed set; `http/errors.ts` is the only
 * place that maps a code to an HTTP status. The catalogue is docs/errors.md.
 */
import type { ErrorCode, FieldError } from '@faultline/contracts';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[] | undefined;
  /** For RATE_LIMITED: seconds until a retry may succeed (sent as `Retry-After`). */
  readonly retryAfterS: number | undefined;

  /**
   * @param code one of the closed set of codes
   * @param message a sentence a user can act on (no stack traces, no internals)
   * @param fields for VALIDATION: each problem with its dotted path (`alerts.0.startsAt`)
   * @param opts `retryAfterS`: for RATE_LIMITED, the seconds to wait
   */
  constructor(code: ErrorCode, message: string, fields?: FieldError[], opts: { retryAfterS?: number } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
    this.retryAfterS = opts.retryAfterS;
  }
}

/** A VALIDATION error naming every field; the message lists the first few paths. */
export function validationError(fields: FieldError[], what = 'request'): AppError {
  const shown = fields
    .slice(0, 3)
    .map((f) => `${f.path || '(body)'}: ${f.message}`)
    .join('; ');
  const more = fields.length > 3 ? ` (and ${fields.length - 3} more)` : '';
  return new AppError('VALIDATION', `invalid ${what}: ${shown}${more}`, fields);
}

/**
 * Turns zod issues into field errors with dotted paths, optionally under a prefix. A problem with the
 * whole value (empty path) is reported on `body`.
 */
export function fieldsFromZod(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
  prefix = '',
): FieldError[] {
  return issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter((p) => p !== '').join('.') || 'body',
    message: i.message,
  }));
}
