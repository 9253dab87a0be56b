/**
 * The HTTP plumbing every chat and webhook provider shares: one bounded POST through the injected `fetch`,
 * and the failure vocabulary of CONVENTIONS §5 (resolve = accepted, throw = retry, `PermanentSendError` =
 * give up). It lives in the `webhook` folder because the generic webhook is the simplest user of it; the
 * vendor providers import it from here.
 *
 * Error messages never contain the request URL: for most vendors the URL itself is the credential
 * (Slack/Teams/Mattermost webhook URLs, DingTalk `access_token`, WeCom `key`), and the message ends up in
 * the notification row and on the incident timeline.
 */
import { PermanentSendError, TransientSendError } from '../../provider.ts';

export { TransientSendError };

/** Upper bound on one send attempt, connection and answer included (ms). */
export const SEND_TIMEOUT_MS = 10_000;

/** Longest piece of a vendor's answer quoted in an error message (characters). */
const QUOTE_MAX = 300;

/**
 * A vendor's refusal that retrying will not fix (revoked token, unknown channel, signature mismatch). Still a
 * `PermanentSendError`, with the vendor's code kept for tests and the timeline.
 */
export class VendorRejectedError extends PermanentSendError {
  readonly code: string | number;
  constructor(message: string, code: string | number) {
    super(message);
    this.code = code;
  }
}

/** What came back from one POST. `json` is `undefined` when the body is not JSON. */
export interface HttpReply {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** Cuts a vendor's answer for quoting in an error message. */
export function quote(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return t.length > QUOTE_MAX ? `${t.slice(0, QUOTE_MAX)}…` : t;
}

/**
 * Reads `Retry-After` (RFC 9110 §10.2.3: delay in seconds, or an HTTP date) as milliseconds from `now`;
 * null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (value === null) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/**
 * POSTs `body` (already serialised, so callers can sign the exact bytes) with a 10 s timeout and without
 * following redirects (a redirected POST is not what the vendor documents, and could leave the host the
 * operator configured). Resolves with whatever HTTP answer came back; throws `TransientSendError` when no
 * answer came (connection refused, DNS, TLS, timeout).
 */
export async function postBody(
  fetchFn: typeof fetch,
  url: string,
  body: string,
  options: { vendor: string; headers?: Record<string, string>; contentType?: string },
): Promise<HttpReply> {
  let res: Response;
  try {
    res = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': options.contentType ?? 'application/json; charset=utf-8', ...options.headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (e) {
    throw new TransientSendError(`${options.vendor}: no answer (${describeFetchError(e)})`);
  }
  let text: string;
  try {
    text = await res.text();
  } catch (e) {
    throw new TransientSendError(`${options.vendor}: answer cut off (${describeFetchError(e)})`);
  }
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Serialises `payload` as JSON and POSTs it; see `postBody`. */
export function postJson(
  fetchFn: typeof fetch,
  url: string,
  payload: unknown,
  options: { vendor: string; headers?: Record<string, string> },
): Promise<HttpReply> {
  return postBody(fetchFn, url, JSON.stringify(payload), options);
}

/** A short cause for a failed fetch, without the URL (undici puts the reason in `cause`). */
function describeFetchError(e: unknown): string {
  if (e instanceof Error) {
    if (e.name === 'TimeoutError') return `timed out after ${SEND_TIMEOUT_MS / 1000} s`;
    const cause = (e as { cause?: unknown }).cause;
    if (cause instanceof Error) {
      const code = (cause as { code?: string }).code;
      return code ? `${code}` : cause.message;
    }
    return e.message;
  }
  return String(e);
}

/**
 * The HTTP-level verdict shared by all providers, for answers that are not 2xx: 3xx is permanent (the
 * configured URL is not the endpoint), 408/425/429 and 5xx are transient, any other 4xx is permanent
 * (RFC 9110 §15.5: the request itself is wrong). `detail` is appended to the message (a vendor error code).
 */
export function httpStatusError(reply: HttpReply, vendor: string, now: Date, detail?: string): Error {
  const what = detail ?? quote(reply.text);
  const message = `${vendor}: HTTP ${reply.status}${what ? ` ${what}` : ''}`;
  const s = reply.status;
  if (s === 408 || s === 425 || s === 429 || s >= 500) {
    return new TransientSendError(message, {
      code: detail ?? s,
      retryAfterMs: parseRetryAfter(reply.headers.get('retry-after'), now),
    });
  }
  if (s >= 300 && s < 400) {
    return new VendorRejectedError(`${message} (redirect to elsewhere: configure the final URL)`, s);
  }
  return new VendorRejectedError(message, detail ?? s);
}

/** True for a 2xx answer. */
export const isOk = (reply: HttpReply): boolean => reply.status >= 200 && reply.status < 300;
