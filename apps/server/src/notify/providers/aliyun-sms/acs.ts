/**
 * Calling Alibaba Cloud RPC-style OpenAPI operations (`SendSms`, `SingleCallByTts`) over plain HTTP, signed
 * with the **V3 signature** (`ACS3-HMAC-SHA256`).
 *
 * Why V3 and not the older HMAC-SHA1 query signature (`SignatureVersion=1.0`, which Alibaba Cloud calls
 * "V2"): Alibaba Cloud's documentation marks V2 as discontinued and asks callers to use V3
 * ("Request syntax and signature method V2 for RPC APIs": "The request syntax and signature method V2 are
 * discontinued. Use the request syntax and signature method V3", https://www.alibabacloud.com/help/en/ram/common-parameters-2),
 * and V3 covers `dysmsapi` and `dyvmsapi` (https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature).
 *
 * The V3 scheme, as implemented here:
 * 1. Headers `host`, `x-acs-action`, `x-acs-version`, `x-acs-date` (UTC `yyyy-MM-ddTHH:mm:ssZ`),
 *    `x-acs-signature-nonce` (unique per request) and `x-acs-content-sha256` (hex SHA-256 of the body).
 * 2. CanonicalRequest = `METHOD\n` + CanonicalURI (`/` for RPC) + `\n` + CanonicalQueryString + `\n` +
 *    CanonicalHeaders + `\n` + SignedHeaders + `\n` + HashedRequestPayload, where the query parameters are
 *    sorted by name and each name and value is percent-encoded per RFC 3986 (space → `%20`, `*` → `%2A`,
 *    `~` kept), CanonicalHeaders is `name:value\n` for each signed header (lowercase names, trimmed values,
 *    sorted), and SignedHeaders is their names joined by `;`.
 * 3. StringToSign = `ACS3-HMAC-SHA256\n` + hex(SHA-256(CanonicalRequest)).
 * 4. Signature = hex(HMAC-SHA256(AccessKeySecret, StringToSign)), sent as
 *    `Authorization: ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<…>,Signature=<…>`.
 *
 * RPC parameters (`PhoneNumbers`, `SignName`, …) travel in the query string of a `POST /` without a body
 * (the payload hash is then the SHA-256 of the empty string).
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { PermanentSendError, type ProviderDeps } from '../../provider.ts';
import { InvalidNumberError, TransientSendError, networkError } from '../../phone/errors.ts';
import { httpStatus, vendorReason } from '../shared/http.ts';

/** Credentials and endpoint fields shared by `aliyun-sms` and `aliyun-voice`. */
export const acsCredentialFields = {
  /** AccessKey ID of a RAM user allowed `dysms:SendSms` / `dyvms:SingleCallByTts`. */
  accessKeyId: z.string().min(1),
  accessKeySecret: z.string().min(1),
  /** Per-request timeout in ms. */
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
};

/** Config fields holding secrets. */
export const acsSecretFields = ['accessKeySecret'] as const;

export const ACS_ALGORITHM = 'ACS3-HMAC-SHA256';

/** RFC 3986 percent-encoding as the V3 signature requires: only `A–Z a–z 0–9 - _ . ~` stay as they are. */
export function acsPercentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The canonical query string: parameters sorted by name, `name=value` percent-encoded, joined by `&`. */
export function acsCanonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${acsPercentEncode(k)}=${acsPercentEncode(params[k]!)}`)
    .join('&');
}

const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

export interface AcsSignInput {
  method: string;
  /** `/` for RPC-style operations. */
  path: string;
  query: Record<string, string>;
  /** Headers to sign: `host` and the `x-acs-*` headers (names in any case). */
  headers: Record<string, string>;
  body: string;
  accessKeySecret: string;
}

/** Computes the V3 signature; returns it with the canonical request (for debugging) and the signed header names. */
export function acsSignV3(input: AcsSignInput): { signature: string; signedHeaders: string; canonicalRequest: string } {
  const headers = Object.entries(input.headers)
    .map(([k, v]) => [k.toLowerCase().trim(), v.trim()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const signedHeaders = headers.map(([k]) => k).join(';');
  const canonicalRequest = [
    input.method.toUpperCase(),
    input.path,
    acsCanonicalQuery(input.query),
    headers.map(([k, v]) => `${k}:${v}\n`).join(''),
    signedHeaders,
    sha256Hex(input.body),
  ].join('\n');
  const stringToSign = `${ACS_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
  const signature = createHmac('sha256', input.accessKeySecret).update(stringToSign, 'utf8').digest('hex');
  return { signature, signedHeaders, canonicalRequest };
}

/** `yyyy-MM-ddTHH:mm:ssZ` in UTC, the format of `x-acs-date`. */
export function acsDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** An Alibaba Cloud API answer: `Code` is `OK` on success. */
export interface AcsResponse {
  Code?: string;
  Message?: string;
  RequestId?: string;
  [field: string]: unknown;
}

/** How the codes of one operation map to the send error kinds. */
export interface AcsErrorCodes {
  /** Codes about the recipient's number: failover stops. */
  number: ReadonlySet<string>;
  /** Codes that may pass: flow control, call failures. */
  transient: ReadonlySet<string>;
  /** Codes that retrying cannot fix: unapproved signature or template, balance, parameters. */
  permanent: ReadonlySet<string>;
}

/**
 * Gateway and account codes every operation may answer, which retrying cannot fix: the signature or the
 * AccessKey is refused, the RAM user lacks permission, the product is not activated or the account is
 * suspended (https://help.aliyun.com/document_detail/178344.html and the SMS error code list).
 */
export const ACS_PERMANENT_CODES: ReadonlySet<string> = new Set([
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'InvalidAccessKeyId.NotFound',
  'InvalidAccessKeyId.Inactive',
  'Forbidden.RAM',
  'Forbidden.NoPermission',
  'isp.RAM_PERMISSION_DENY',
  'isv.OUT_OF_SERVICE',
  'isv.PRODUCT_UN_SUBSCRIPT',
  'isv.PRODUCT_UNSUBSCRIBE',
  'isv.ACCOUNT_NOT_EXISTS',
  'isv.ACCOUNT_ABNORMAL',
  'isv.AMOUNT_NOT_ENOUGH',
  'isv.INVALID_PARAMETERS',
  'isv.INVALID_JSON_PARAM',
  'isv.PARAM_LENGTH_LIMIT',
  'isv.BLACK_KEY_CONTROL_LIMIT',
  'isv.MOBILE_COUNT_OVER_LIMIT',
]);

/**
 * Maps a non-OK answer to an error:
 * - the operation's number codes → `InvalidNumberError` (failover stops);
 * - the operation's transient codes, any `Throttling*` code (API rate limit), any other `isp.*` code
 *   (platform errors), `ServiceUnavailable`/`InternalError`, HTTP 5xx, 408, 425 and 429 → `TransientSendError`;
 * - `ACS_PERMANENT_CODES`, the operation's permanent codes, and any other HTTP 3xx/4xx (the gateway refused the
 *   request itself) → `PermanentSendError` of this provider;
 * - an unknown business code in an HTTP 200 answer → `TransientSendError`: retried, and failover moves on.
 */
export function acsError(providerId: string, status: number, body: AcsResponse, codes: AcsErrorCodes): Error {
  const code = body.Code ?? '';
  const detail = `${providerId}: ${vendorReason(code) || `HTTP ${status}`}: ${vendorReason(body.Message) || 'no message'}${body.RequestId ? ` (RequestId ${vendorReason(body.RequestId)})` : ''}`;
  if (codes.number.has(code)) return new InvalidNumberError(detail);
  if (ACS_PERMANENT_CODES.has(code) || codes.permanent.has(code)) return new PermanentSendError(detail);
  if (
    codes.transient.has(code) ||
    code.startsWith('Throttling') ||
    code.startsWith('isp.') ||
    code === 'ServiceUnavailable' ||
    code === 'InternalError' ||
    status >= 500 ||
    [408, 425, 429].includes(status)
  ) {
    return new TransientSendError(detail);
  }
  if (status >= 300) return new PermanentSendError(detail);
  return new TransientSendError(detail);
}

export interface AcsCall {
  providerId: string;
  /** e.g. `https://dysmsapi.aliyuncs.com`. */
  apiBase: string;
  action: string;
  version: string;
  params: Record<string, string>;
  accessKeyId: string;
  accessKeySecret: string;
  timeoutMs: number;
  codes: AcsErrorCodes;
}

/**
 * Calls an RPC-style operation: `POST {apiBase}/?<params>` signed with V3. Resolves with the JSON answer
 * when its `Code` is `OK`; throws per `acsError` otherwise, and `TransientSendError` on a network error,
 * a timeout or a body that is not JSON.
 */
export async function callAcs(deps: ProviderDeps, call: AcsCall): Promise<AcsResponse> {
  const base = new URL(call.apiBase);
  const body = '';
  const headers: Record<string, string> = {
    host: base.host,
    'x-acs-action': call.action,
    'x-acs-version': call.version,
    'x-acs-date': acsDate(deps.clock.now()),
    'x-acs-signature-nonce': randomUUID(),
    'x-acs-content-sha256': sha256Hex(body),
  };
  const { signature, signedHeaders } = acsSignV3({
    method: 'POST',
    path: '/',
    query: call.params,
    headers,
    body,
    accessKeySecret: call.accessKeySecret,
  });
  // fetch sets Host itself from the URL (the same value that was signed).
  const { host: _host, ...sent } = headers;
  const url = `${base.origin}/?${acsCanonicalQuery(call.params)}`;
  let res: Response;
  let text: string;
  try {
    res = await deps.fetch(url, {
      method: 'POST',
      headers: {
        ...sent,
        accept: 'application/json',
        authorization: `${ACS_ALGORITHM} Credential=${call.accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`,
      },
      redirect: 'manual',
      // No body at all: fetch would label even an empty string body `text/plain`, an unsigned content-type.
      timeoutMs: call.timeoutMs,
    });
    text = await res.text();
  } catch (e) {
    throw networkError(call.providerId, e);
  }
  let json: AcsResponse;
  try {
    json = JSON.parse(text) as AcsResponse;
  } catch {
    // The status only: an answer that is not the API's JSON is not copied (docs/security.md).
    throw res.status >= 300 && res.status < 500 && ![408, 425, 429].includes(res.status)
      ? new PermanentSendError(`${call.providerId}: ${httpStatus(res.status)}`)
      : new TransientSendError(`${call.providerId}: ${httpStatus(res.status)}: the answer is not JSON`);
  }
  if (res.ok && json.Code === 'OK') return json;
  throw acsError(call.providerId, res.status, json, call.codes);
}

/**
 * The number as Alibaba Cloud's phone APIs take it: a mainland China number (+86) without its country code
 * (the 11-digit national number), any other number as country code + number without `+`
 * (e.g. `85291234567`), per the `PhoneNumbers` parameter of SendSms.
 */
export function acsPhoneNumber(e164: string): string {
  return e164.startsWith('+86') ? e164.slice(3) : e164.slice(1);
}
