/**
 * The webhook signatures trackers send (HMAC-SHA256 of the body exactly as received, hex, prefixed `sha256=`):
 * GitHub's `X-Hub-Signature-256` ("Validating webhook deliveries") and Jira Cloud's `X-Hub-Signature` (webhooks
 * with a secret). Kept apart from the providers so checking one does not load a tracker client.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The signature value for `rawBody` with `secret`: `sha256=` and the hex HMAC-SHA256. */
export function signDelivery(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** GitHub's X-Hub-Signature-256 value for `rawBody`. */
export const signGithubDelivery = signDelivery;
/** Jira's X-Hub-Signature value for `rawBody`. */
export const signJiraDelivery = signDelivery;

/** Whether `given` (a header value) is the signature of `rawBody` with `secret`, compared in constant time. */
export function deliveryVerifies(secret: string, rawBody: string, given: string | undefined): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(signDelivery(secret, rawBody));
  return a.length === b.length && timingSafeEqual(a, b);
}
