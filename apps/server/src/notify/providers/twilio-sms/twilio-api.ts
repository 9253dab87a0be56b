/**
 * The parts of Twilio's REST API (2010-04-01) that `twilio-sms` and `twilio-voice` share: credentials,
 * the form-encoded POST to an account's list resource, the error mapping, and webhook signatures.
 *
 * - Requests: `POST {apiBase}/2010-04-01/Accounts/{AccountSid}/{Messages|Calls}.json`, body
 *   `application/x-www-form-urlencoded`, HTTP Basic auth with `AccountSid:AuthToken` or an API key
 *   `SK…:secret` (https://www.twilio.com/docs/usage/api, https://www.twilio.com/docs/iam/api-keys).
 * - Errors: a JSON body `{ code, message, more_info, status }` (https://www.twilio.com/docs/api/errors).
 * - Webhooks: `X-Twilio-Signature` is base64(HMAC-SHA1(AuthToken, URL + each POST parameter's name and value,
 *   sorted by name)) (https://www.twilio.com/docs/usage/webhooks/webhooks-security).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { PermanentSendError, type ProviderDeps } from '../../provider.ts';
import { InvalidNumberError, TransientSendError, networkError } from '../../phone/errors.ts';
import { httpStatus, vendorReason } from '../shared/http.ts';

/** Twilio credentials and endpoint, shared by the SMS and voice config schemas. */
export const twilioCredentialFields = {
  /** `AC` + 32 hex digits: the account the messages and calls belong to. */
  accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'expected an Account SID (AC + 32 hex digits)'),
  /** The account's Auth Token. Needed to verify inbound webhooks even when an API key sends. */
  authToken: z.string().min(1).optional(),
  /** An API key (`SK` + 32 hex digits) to send with instead of the Auth Token. */
  apiKeySid: z
    .string()
    .regex(/^SK[0-9a-fA-F]{32}$/, 'expected an API key SID (SK + 32 hex digits)')
    .optional(),
  apiKeySecret: z.string().min(1).optional(),
  /** Override for tests and egress proxies. */
  apiBase: z.url().default('https://api.twilio.com'),
  /** Per-request timeout in ms. */
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
};

/** Config fields holding secrets (redacted in API output and logs). */
export const twilioSecretFields = ['authToken', 'apiKeySecret'] as const;

export interface TwilioCredentials {
  accountSid: string;
  authToken?: string | undefined;
  apiKeySid?: string | undefined;
  apiKeySecret?: string | undefined;
  apiBase: string;
  timeoutMs: number;
}

/** zod refinement: either the Auth Token or a complete API key must be set. */
export function refineTwilioCredentials(c: Omit<TwilioCredentials, 'apiBase' | 'timeoutMs'>, ctx: z.RefinementCtx) {
  if (Boolean(c.apiKeySid) !== Boolean(c.apiKeySecret)) {
    ctx.addIssue({ code: 'custom', path: ['apiKeySecret'], message: 'apiKeySid and apiKeySecret go together' });
  }
  if (!c.authToken && !c.apiKeySid) {
    ctx.addIssue({ code: 'custom', path: ['authToken'], message: 'set authToken, or apiKeySid and apiKeySecret' });
  }
}

/** The `Authorization` header value: Basic with the API key when set, else with the Account SID and token. */
export function twilioAuthorization(c: TwilioCredentials): string {
  const user = c.apiKeySid ?? c.accountSid;
  const pass = c.apiKeySid ? c.apiKeySecret! : c.authToken!;
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

/**
 * Twilio error codes about the recipient's number itself: failover stops on these.
 * 21211 invalid To number; 21614 To is not a mobile number; 21610 the recipient replied STOP to this sender
 * (opted out: we respect it rather than reach them through another provider); 21217 and 21401 invalid phone
 * number on a call.
 */
const NUMBER_CODES = new Set([21211, 21614, 21610, 21217, 21401]);

/** HTTP statuses worth retrying: request timeout, too early, too many requests. */
const TRANSIENT_STATUS = new Set([408, 425, 429]);

/** Twilio's rate limit ("Too Many Requests") code, also sent as HTTP 429. */
const RATE_LIMITED = 20429;

/**
 * Maps a failed Twilio answer to the send error kinds (phone/errors.ts): 408, 425, 429 / 20429 and 5xx are transient;
 * the number codes above are `InvalidNumberError`; any other 4xx (20003 authentication, 21606 From not
 * SMS-capable, 21408 no permission for the region, 21608 unverified number on a trial account) is a
 * `PermanentSendError` of this provider, so failover moves on; so is a 3xx (redirects are not followed).
 */
export function twilioError(providerId: string, status: number, bodyText: string): Error {
  let body: { code?: number; message?: string } = {};
  try {
    body = JSON.parse(bodyText) as typeof body;
  } catch {
    // A proxy's HTML error page: classify by status alone.
  }
  // Twilio's documented `message`, made safe; an answer that is not Twilio's JSON is not copied.
  const reason = vendorReason(body.message);
  const detail = `${providerId}: ${httpStatus(status)}${typeof body.code === 'number' ? ` (Twilio ${body.code})` : ''}${reason ? `: ${reason}` : ''}`;
  if (TRANSIENT_STATUS.has(status) || body.code === RATE_LIMITED || status >= 500)
    return new TransientSendError(detail);
  if (body.code !== undefined && NUMBER_CODES.has(body.code)) return new InvalidNumberError(detail);
  if (status >= 300 && status < 500) return new PermanentSendError(detail);
  return new TransientSendError(detail);
}

/**
 * POSTs `form` to `{apiBase}/2010-04-01/Accounts/{AccountSid}/{resource}.json` and returns the created
 * resource's `sid`. Throws per `twilioError`, or `TransientSendError` on a network error or timeout.
 */
export async function twilioCreate(
  providerId: string,
  deps: ProviderDeps,
  creds: TwilioCredentials,
  resource: 'Messages' | 'Calls',
  form: URLSearchParams,
): Promise<string | null> {
  const base = creds.apiBase.replace(/\/+$/, '');
  const url = `${base}/2010-04-01/Accounts/${encodeURIComponent(creds.accountSid)}/${resource}.json`;
  let res: Response;
  let text: string;
  try {
    res = await deps.fetch(url, {
      method: 'POST',
      headers: {
        authorization: twilioAuthorization(creds),
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: form.toString(),
      redirect: 'manual',
      timeoutMs: creds.timeoutMs,
    });
    text = await res.text();
  } catch (e) {
    throw networkError(providerId, e);
  }
  if (!res.ok) throw twilioError(providerId, res.status, text);
  try {
    const sid = (JSON.parse(text) as { sid?: unknown }).sid;
    return typeof sid === 'string' ? sid : null;
  } catch {
    return null;
  }
}

/** Webhook parameters as Twilio posted them (form fields), or a plain record. */
export type TwilioParams = URLSearchParams | Record<string, string>;

const entriesOf = (params: TwilioParams): Array<[string, string]> =>
  params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);

/**
 * The `X-Twilio-Signature` Twilio sends with a webhook: base64(HMAC-SHA1(authToken, url + name1 + value1 +
 * name2 + value2 …)) with the POST parameters sorted by name (repeated names by value). `url` is the full
 * URL Twilio requested, query string included; for a GET webhook pass no params.
 */
export function twilioSignature(authToken: string, url: string, params: TwilioParams = {}): string {
  const sorted = entriesOf(params).sort(([ak, av], [bk, bv]) =>
    ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0,
  );
  const data = url + sorted.map(([k, v]) => k + v).join('');
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/**
 * Verifies a webhook's `X-Twilio-Signature` (constant-time). `url` must be the URL exactly as Twilio
 * called it (scheme, host, port, path and query) — behind a proxy, rebuild it from the public URL, not from
 * the request's Host header. Returns false for a missing or malformed signature.
 */
export function verifyTwilioSignature(
  authToken: string,
  url: string,
  params: TwilioParams,
  signature: string | undefined | null,
): boolean {
  if (!signature) return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** True for characters XML 1.0 allows (§2.2 Char): tab, newline, carriage return and U+0020 upwards. */
const xmlChar = (ch: string) => {
  const c = ch.codePointAt(0)!;
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c !== 0xfffe && c !== 0xffff);
};

/** XML-escapes text and drops characters XML 1.0 cannot carry (TwiML is XML). */
export function xmlEscape(s: string): string {
  return Array.from(s)
    .filter(xmlChar)
    .join('')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}
