/**
 * Verification of requests Slack sends to the app (interactivity, slash commands, events), per "Verifying
 * requests from Slack" (https://api.slack.com/authentication/verifying-requests-from-slack): the basestring
 * is `v0:<X-Slack-Request-Timestamp>:<raw body>`, the signature `X-Slack-Signature` is `v0=` followed by the
 * hex HMAC-SHA256 of the basestring keyed by the app's Signing Secret, and requests whose timestamp is more
 * than five minutes from the local clock are refused as possible replays.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's replay window, in seconds. */
export const SLACK_TOLERANCE_S = 5 * 60;

/** The `X-Slack-Signature` value Slack would send for `rawBody` at `timestamp` (Unix seconds). */
export function signSlackRequest(signingSecret: string, timestamp: string, rawBody: string | Uint8Array): string {
  const mac = createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(rawBody).digest('hex');
  return `v0=${mac}`;
}

/**
 * True when `signature` (`X-Slack-Signature`) is Slack's v0 signature of `rawBody` (the bytes exactly as
 * received, before form decoding) at `timestamp` (`X-Slack-Request-Timestamp`, Unix seconds) under
 * `signingSecret`, and `timestamp` is within five minutes of `now`. Constant-time; never throws.
 */
export function verifySlackSignature(
  signingSecret: string,
  timestamp: string,
  rawBody: string | Uint8Array,
  signature: string,
  now: Date,
): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > SLACK_TOLERANCE_S) return false;
  const m = /^v0=([0-9a-f]{64})$/i.exec(signature.trim());
  if (!m) return false;
  const given = Buffer.from(m[1]!, 'hex');
  const expected = Buffer.from(signSlackRequest(signingSecret, timestamp, rawBody).slice(3), 'hex');
  return timingSafeEqual(given, expected);
}
