/**
 * Signed links for actions from outside the console (acknowledge or resolve from an email, a chat message or
 * an SMS). The token carries the action, the incident, the recipient, the person the page was for, the
 * medium and an expiry, and an HMAC-SHA256 over them with the server's link secret, so only this server can
 * mint one and nobody can change what it does. A link is single-purpose: one action on one incident for one
 * person at one address; whether it may still act is decided when it is used (docs/security.md).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What a link does: acknowledge or resolve the incident (a page's links, `RespondLinkAction`), or check in to
 * its response group (the room's invitation email). A token is good only under its own action's path.
 */
export type LinkAction = 'ack' | 'resolve' | 'check-in';
/** The actions of a page's links. */
export type RespondLinkAction = Exclude<LinkAction, 'check-in'>;

export const LINK_ACTIONS: readonly LinkAction[] = ['ack', 'resolve', 'check-in'];

export interface LinkClaims {
  action: LinkAction;
  incidentId: number;
  /** The address the page went to: an email address, an E.164 number or a chat channel id. */
  recipient: string;
  /** Expiry, Unix time in seconds. */
  exp: number;
  /**
   * Where the link was sent, for the timeline ("via email", "via SMS"): the notification's channel kind.
   * Absent in links minted before it existed (then "link").
   */
  via?: string;
  /**
   * The person the page was for (their user id), checked when the link is used: still enabled, still
   * allowed to respond, still owning `recipient` (notify/inbound/identify.ts `linkActor`). Absent for a page
   * to a chat channel or an address of nobody, and in links minted before it existed.
   */
  uid?: number;
}

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** Encodes and signs claims into a URL-safe token `<payload>.<signature>`. */
export function signLink(claims: LinkClaims, secret: string): string {
  const payload = b64(JSON.stringify(claims));
  const sig = createHmac('sha256', secret).update(payload).digest('base64url');
  return `${payload}.${sig}`;
}

/**
 * Verifies a token; returns its claims, or null when it is malformed, forged, expired at `now`, or names an
 * action other than `ack`, `resolve` or `check-in` (the caller checks it is the one its path acts for). Constant-time on the signature; never throws.
 */
export function verifyLink(token: string, secret: string, now: Date): LinkClaims | null {
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined) return null;
  const expected = createHmac('sha256', secret).update(payload).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as LinkClaims;
    if (!LINK_ACTIONS.includes(claims.action)) return null;
    if (!Number.isSafeInteger(claims.incidentId) || typeof claims.recipient !== 'string') return null;
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < now.getTime()) return null;
    if (claims.via !== undefined && typeof claims.via !== 'string') return null;
    if (claims.uid !== undefined && !Number.isSafeInteger(claims.uid)) return null;
    return claims;
  } catch {
    return null;
  }
}
