/**
 * Signed links for actions from outside the console (acknowledge from an email). The token carries the
 * incident, the recipient and an expiry, and an HMAC-SHA256 over them with the server's link secret.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface LinkClaims {
  action: 'ack';
  incidentId: number;
  recipient: string;
  /** Expiry, Unix time in seconds. */
  exp: number;
}

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** Encodes and signs claims into a URL-safe token `<payload>.<signature>`. */
export function signLink(claims: LinkClaims, secret: string): string {
  const payload = b64(JSON.stringify(claims));
  const sig = createHmac('sha256', secret).update(payload).digest('base64url');
  return `${payload}.${sig}`;
}

/** Verifies a token; returns its claims, or null when it is malformed, forged or expired at `now`. */
export function verifyLink(token: string, secret: string, now: Date): LinkClaims | null {
  const [payload, sig] = token.split('.');
  if (!payload || !sig) return null;
  const expected = createHmac('sha256', secret).update(payload).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as LinkClaims;
    if (claims.action !== 'ack' || typeof claims.incidentId !== 'number' || claims.exp * 1000 < now.getTime())
      return null;
    return claims;
  } catch {
    return null;
  }
}
