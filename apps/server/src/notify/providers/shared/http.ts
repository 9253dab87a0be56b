/**
 * The HTTP plumbing every chat and webhook provider shares: one bounded POST through the outbound client
 * (`deps.fetch`, lib/outbound: address guard, timeout, answer size limit), and the failure vocabulary of
 * CONVENTIONS §5 (resolve = accepted, throw = retry, `PermanentSendError` = give up). An address the guard refuses
 * is a permanent failure: only a config change (`outbound.allow`) can help.
 *
 * Error messages never contain the request URL: for most vendors the URL itself is the credential
 * (Slack/Teams/Mattermost webhook URLs, DingTalk `access_token`, WeCom `key`), and the message ends up in
 * the notification row and on the incident timeline. Nor do they quote an answer's body: only its status and,
 * where the vendor documents one, its error code or message field, made safe by `vendorReason`.
 */
import { STATUS_CODES } from 'node:http';
import { OutboundError, type OutboundFetch, shortReason } from '../../../lib/index.ts';
import { PermanentSendError, TransientSendError } from '../../provider.ts';

export { TransientSendError };

/** Upper bound on one send attempt, connection and answer included (ms). */
export const SEND_TIMEOUT_MS = 10_000;

/** Longest vendor reason quoted in an error message (characters). */
const REASON_MAX = 100;

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

/**
 * A vendor's own reason — the error code or message field of its documented answer (Slack's `error`, DingTalk's
 * `errmsg`, Twilio's `message`) — made safe to store and show: one line, control characters removed, URLs redacted,
 * at most 100 characters. Never given a whole answer body: what an unknown server answers is not copied anywhere.
 */
export function vendorReason(text: unknown): string {
  return shortReason(text, REASON_MAX);
}

/** `HTTP 404 Not Found`: a status and its standard reason phrase (not the server's, which is its to choose). */
export const httpStatus = (status: number): string =>
  `HTTP ${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ''}`;

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
 * operator configured). Resolves with whatever HTTP answer came back; throws `PermanentSendError` when the outbound
 * guard refuses the address, `TransientSendError` when no answer came (connection refused, DNS, TLS, timeout).
 */
export async function postBody(
  fetchFn: OutboundFetch,
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
      timeoutMs: SEND_TIMEOUT_MS,
    });
  } catch (e) {
    if (e instanceof OutboundError && e.kind === 'refused')
      throw new PermanentSendError(`${options.vendor}: ${e.message}`);
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
  fetchFn: OutboundFetch,
  url: string,
  payload: unknown,
  options: { vendor: string; headers?: Record<string, string> },
): Promise<HttpReply> {
  return postBody(fetchFn, url, JSON.stringify(payload), options);
}

/** A short cause for a failed fetch, without the URL (undici puts the reason in `cause`). */
function describeFetchError(e: unknown): string {
  if (e instanceof OutboundError) return e.message;
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
 * (RFC 9110 §15.5: the request itself is wrong). The message is the status (`HTTP 400 Bad Request`), and `detail`
 * — a vendor error code or message, passed through `vendorReason` — when given; never the answer's body.
 */
export function httpStatusError(reply: HttpReply, vendor: string, now: Date, detail?: string): Error {
  const what = vendorReason(detail);
  const message = `${vendor}: ${httpStatus(reply.status)}${what ? `: ${what}` : ''}`;
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
