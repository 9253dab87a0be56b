/**
 * Signing of outgoing webhooks, Stripe/Slack style: `X-Faultline-Timestamp` carries Unix seconds and
 * `X-Faultline-Signature` carries `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. Binding the
 * timestamp into the MAC lets a receiver refuse replays older than its tolerance.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Default replay window for `verifyWebhookSignature`, in seconds (5 minutes, as Stripe and Slack use). */
export const DEFAULT_TOLERANCE_S = 300;

/**
 * The signature header value for `body` sent at `timestamp` (Unix seconds, as a decimal string):
 * `sha256=` followed by 64 lowercase hex characters.
 */
export function signWebhook(secret: string, timestamp: string, body: string | Uint8Array): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return `sha256=${mac}`;
}

/**
 * For receivers: true when `signature` (the `X-Faultline-Signature` header) is the HMAC of `body` (the raw
 * request bytes, before any JSON parsing) at `timestamp` (the `X-Faultline-Timestamp` header) under
 * `secret`, and `timestamp` is within `toleranceS` seconds of `now` in either direction. Comparison is
 * constant-time. Never throws; any malformed input gives false.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string,
  body: string | Uint8Array,
  signature: string,
  now: Date,
  toleranceS: number = DEFAULT_TOLERANCE_S,
): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceS) return false;
  const m = /^sha256=([0-9a-f]{64})$/i.exec(signature.trim());
  if (!m) return false;
  const given = Buffer.from(m[1]!, 'hex');
  const expected = Buffer.from(signWebhook(secret, timestamp, body).slice('sha256='.length), 'hex');
  return timingSafeEqual(given, expected);
}
