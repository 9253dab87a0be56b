/**
 * DingTalk custom-robot request signing (加签), per "Custom robot security settings"
 * (https://help.dingtalk.io/open/dingstart/customize-robot-security-settings): the string to sign is
 * `<timestamp>\n<secret>` with `timestamp` in milliseconds; the signature is HMAC-SHA256 of it keyed by the
 * secret, Base64-encoded, then URL-encoded into the `sign` query parameter. DingTalk refuses timestamps
 * more than one hour from its clock.
 */
import { createHmac } from 'node:crypto';

/** The Base64 signature (before URL encoding) for `timestampMs` under `secret`. */
export function dingtalkSign(secret: string, timestampMs: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}
