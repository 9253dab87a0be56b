/**
 * The one error type of Faultline (CONVENTIONS §3). Codes form a closed set; `http/errors.ts` is the only
 * place that maps a code to an HTTP status. The catalogue is docs/errors.md.
 */
import type { ErrorCode, FieldError } from '@faultline/contracts';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[] | undefined;

  /**
   * @param code one of the closed set of codes
   * @param message a sentence a user can act on (no stack traces, no internals)
   * @param fields for VALIDATION: each problem with its dotted path (`alerts.0.startsAt`)
   */
  constructor(code: ErrorCode, message: string, fields?: FieldError[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
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
