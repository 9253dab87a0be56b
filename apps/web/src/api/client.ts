import type { ApiError, ErrorCode, FieldError } from '@faultline/contracts';

/** Prefix of every Faultline API route; the console is served from the same origin. */
export const API_BASE = '/api/v1';

/**
 * A failed API call. `status` is the HTTP status (0 when the server could not be reached) and `code` the
 * server's error code from the closed set in `docs/errors.md` (`NETWORK` when there was no answer).
 */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'NETWORK';
  readonly fields: FieldError[];

  constructor(status: number, code: ErrorCode | 'NETWORK', message: string, fields: FieldError[] = []) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

let acceptLanguage: string | null = null;

/**
 * The language the console asks the API to answer errors in (`Accept-Language`, e.g. `zh-CN`); set by the
 * console's LocaleProvider when its language changes. Error codes stay the same in every language.
 */
export function setApiLanguage(locale: string | null): void {
  acceptLanguage = locale;
}

/** True when `error` means the session is missing or expired (HTTP 401). */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiRequestError && error.status === 401;
}

function isApiError(body: unknown): body is ApiError {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const inner = (body as { error: unknown }).error;
  return (
    typeof inner === 'object' &&
    inner !== null &&
    typeof (inner as { code?: unknown }).code === 'string' &&
    typeof (inner as { message?: unknown }).message === 'string'
  );
}

async function readError(response: Response): Promise<ApiRequestError> {
  const body: unknown = await response.json().catch(() => null);
  if (isApiError(body)) {
    return new ApiRequestError(response.status, body.error.code, body.error.message, body.error.fields ?? []);
  }
  const code: ErrorCode = response.status === 401 ? 'UNAUTHORIZED' : response.status === 404 ? 'NOT_FOUND' : 'INTERNAL';
  return new ApiRequestError(
    response.status,
    code,
    `The server answered ${response.status} ${response.statusText}`.trim(),
  );
}

/**
 * Calls the Faultline API and returns the parsed JSON body typed as `T` (the shapes come from
 * `@faultline/contracts`; the server validates them with the same schemas).
 *
 * @param path route below `/api/v1`, e.g. `/incidents/42`
 * @param init `method` and an optional JSON `body` (serialised here)
 * @throws ApiRequestError for any non-2xx answer or when the server cannot be reached
 */
export async function apiFetch<T>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (acceptLanguage) headers['accept-language'] = acceptLanguage;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? null : JSON.stringify(init.body),
      credentials: 'same-origin',
      signal: init.signal ?? null,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiRequestError(0, 'NETWORK', 'Cannot reach the Faultline server. Check that it is running.');
  }
  if (!response.ok) throw await readError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A text answer (e.g. a postmortem as `text/markdown`) from `GET path`; errors as {@link apiFetch}. */
export async function apiFetchText(path: string, init: { signal?: AbortSignal } = {}): Promise<string> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, { credentials: 'same-origin', signal: init.signal ?? null });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiRequestError(0, 'NETWORK', 'Cannot reach the Faultline server. Check that it is running.');
  }
  if (!response.ok) throw await readError(response);
  return response.text();
}

/** The largest page the API serves (`PAGE_LIMIT_MAX` in the contracts; not imported, to keep zod out of the bundle). */
const PAGE_SIZE = 1000;

/**
 * Every item of a paged list (`GET path` answering `{ <key>: [...], nextCursor }`), page after page: for the
 * lists the console needs whole (people, teams, schedules, policies, modules, KPI watches, risks).
 *
 * @throws ApiRequestError as `apiFetch`
 */
export async function apiFetchAll<T>(path: string, key: string, init: { signal?: AbortSignal } = {}): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (cursor) query.set('cursor', cursor);
    const page: Record<string, unknown> = await apiFetch(`${path}${path.includes('?') ? '&' : '?'}${query}`, init);
    items.push(...(page[key] as T[]));
    cursor = (page.nextCursor as string | null | undefined) ?? null;
  } while (cursor);
  return items;
}
