/**
 * The acknowledge and resolve links a page carries (DESIGN §7: acknowledge and resolve from signed links).
 *
 * - Signed links, `{publicUrl}/ack/{token}` and `{publicUrl}/resolve/{token}`: the token holds the action,
 *   incident, recipient, medium and expiry, signed with the server's link secret (auth/signed-link.ts).
 * - Short links for SMS, `{publicUrl}/s/{code}`: a signed token is ~200 characters, more than one SMS; the
 *   code (10 base62 characters from `crypto.randomBytes`, ~59 bits) stands for the same action in the
 *   `short_links` table. Both kinds expire after 7 days; both open a confirmation page and act on its POST.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import type { Runtime } from '../kernel/index.ts';
import { shortLinks } from './tables.ts';
import { signLink, type RespondLinkAction as LinkAction } from '../auth/index.ts';
import type { PageCheckIn, ProviderId } from './provider.ts';

/** How long a link acts, in seconds (7 days: a page may be read after a weekend). */
export const LINK_TTL_S = 7 * 24 * 3600;

/** Length of a short link code. 62^10 ≈ 8·10^17 codes: guessing a live one is hopeless. */
export const SHORT_CODE_LENGTH = 10;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A random base62 code of `length` characters (rejection sampling, so every character is equally likely). */
export function randomCode(length = SHORT_CODE_LENGTH): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 × 62: bytes above it would favour the first characters.
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

/**
 * The medium a provider (or a contact method kind: `email`, `sms`, `voice`, `chat`) delivers through, as the
 * timeline names it ("acknowledged by Ana via SMS link").
 */
const MEDIUM: Record<ProviderId | 'email' | 'sms' | 'voice' | 'chat', string> = {
  email: 'email',
  sms: 'SMS',
  voice: 'phone call',
  chat: 'chat',
  smtp: 'email',
  webhook: 'webhook',
  slack: 'Slack',
  'slack-webhook': 'Slack',
  teams: 'Microsoft Teams',
  mattermost: 'Mattermost',
  dingtalk: 'DingTalk',
  feishu: 'Feishu',
  wecom: 'WeCom',
  'twilio-sms': 'SMS',
  'aliyun-sms': 'SMS',
  'http-sms': 'SMS',
  'twilio-voice': 'phone call',
  'aliyun-voice': 'phone call',
};

/** Providers whose messages are SMS (and the `sms` contact method kind): their pages carry short links. */
const SMS_PROVIDERS = new Set<string>(['sms', 'twilio-sms', 'aliyun-sms', 'http-sms']);

/** The medium name of a provider id (`email` for the mail channel), or the id itself. */
export function mediumOf(providerId: string): string {
  return Object.hasOwn(MEDIUM, providerId) ? MEDIUM[providerId as keyof typeof MEDIUM] : providerId;
}

/** The links of one page. */
export interface ActionLinks {
  ackUrl: string;
  resolveUrl: string;
}

/**
 * Signed ack and resolve links for `recipient` (the page of person `userId`, when it was a person's), valid
 * for 7 days from `now`.
 */
export function signedActionLinks(
  rt: Pick<Runtime, 'publicUrl' | 'linkSecret'>,
  o: { incidentId: number; recipient: string; now: Date; via?: string; userId?: number | null },
): ActionLinks {
  const exp = Math.floor(o.now.getTime() / 1000) + LINK_TTL_S;
  const token = (action: LinkAction) =>
    signLink(
      {
        action,
        incidentId: o.incidentId,
        recipient: o.recipient,
        exp,
        ...(o.via ? { via: o.via } : {}),
        ...(o.userId != null ? { uid: o.userId } : {}),
      },
      rt.linkSecret,
    );
  return { ackUrl: `${rt.publicUrl}/ack/${token('ack')}`, resolveUrl: `${rt.publicUrl}/resolve/${token('resolve')}` };
}

/**
 * Stores a short link for `action` on the incident for `recipient`, valid 7 days from `now`; returns its code
 * (the URL is `{publicUrl}/s/{code}`). Call inside the caller's transaction or on its own.
 */
export async function createShortLink(
  db: Db,
  o: { incidentId: number; action: LinkAction; recipient: string; now: Date; userId?: number | null },
): Promise<string> {
  const code = randomCode();
  await db.insert(shortLinks).values({
    code,
    incidentId: o.incidentId,
    action: o.action,
    recipient: o.recipient,
    userId: o.userId ?? null,
    expiresAt: new Date(o.now.getTime() + LINK_TTL_S * 1000),
    createdAt: o.now,
  });
  return code;
}

/** Short ack and resolve links (`{publicUrl}/s/{code}`) for an SMS. */
export async function shortActionLinks(
  rt: Pick<Runtime, 'db' | 'publicUrl'>,
  o: { incidentId: number; recipient: string; now: Date; userId?: number | null },
): Promise<ActionLinks> {
  // One after the other: the caller may pass a transaction, whose single connection takes one query at a time.
  const ack = await createShortLink(rt.db, { ...o, action: 'ack' });
  const resolve = await createShortLink(rt.db, { ...o, action: 'resolve' });
  return { ackUrl: `${rt.publicUrl}/s/${ack}`, resolveUrl: `${rt.publicUrl}/s/${resolve}` };
}

/**
 * The links for one notification, as `deliverNotification` puts them in a `PageMessage`: short links when the
 * channel's provider sends SMS (a signed link would not fit), signed links otherwise (the voice providers
 * need the signed ack token: it rides in the call's Gather callback URL). `channel` is `email`, a contact
 * method kind (`sms`, `voice`, `chat`: a person's notification, whose provider is chosen at send time) or a
 * configured channel id; `providerId` is the channel's provider type when the caller knows it (else it is
 * looked up in the active config).
 */
export async function actionLinks(
  rt: Pick<Runtime, 'db' | 'publicUrl' | 'linkSecret' | 'config'>,
  o: {
    incidentId: number;
    recipient: string;
    channel: string;
    now: Date;
    providerId?: string;
    /** The person the page is for; null for a channel or an address of nobody. */
    userId?: number | null;
  },
): Promise<ActionLinks> {
  const providerId = o.providerId ?? providerOfChannel(rt, o.channel);
  if (SMS_PROVIDERS.has(providerId)) return shortActionLinks(rt, o);
  return signedActionLinks(rt, { ...o, via: `${mediumOf(providerId)} link` });
}

/**
 * The signed check-in link of `person` (their account email) on incident `incidentId`, for their user
 * `userId`: `{publicUrl}/check-in/{token}` (action `check-in`, 7 days; response/routes/check-in-link.ts acts on
 * it). `via` names where it was sent for the timeline ("email link", "Slack link").
 */
export function signedCheckInUrl(
  rt: Pick<Runtime, 'publicUrl' | 'linkSecret'>,
  o: { incidentId: number; person: string; userId: number; now: Date; via: string },
): string {
  const token = signLink(
    {
      action: 'check-in',
      incidentId: o.incidentId,
      recipient: o.person,
      exp: Math.floor(o.now.getTime() / 1000) + LINK_TTL_S,
      via: o.via,
      uid: o.userId,
    },
    rt.linkSecret,
  );
  return `${rt.publicUrl.replace(/\/+$/, '')}/check-in/${token}`;
}

/**
 * The check-in buttons' links of one page (issue 17 point 5: a member checks in "from … a chat button where
 * the channel has one"). A person's page (`person` given) gets their signed check-in link, as Join
 * (`?state=joined`) and Decline (`?state=declined`); a channel's page, read by a whole group, gets the room
 * (the incident's page, where each reader checks in as themself) and no Decline.
 */
export function checkInLinks(
  rt: Pick<Runtime, 'publicUrl' | 'linkSecret'>,
  o: {
    incidentId: number;
    incidentUrl: string;
    person: { email: string; userId: number } | null;
    providerId: string;
    now: Date;
  },
): PageCheckIn {
  if (!o.person) return { joinUrl: o.incidentUrl, declineUrl: null };
  const url = signedCheckInUrl(rt, {
    incidentId: o.incidentId,
    person: o.person.email,
    userId: o.person.userId,
    now: o.now,
    via: `${mediumOf(o.providerId)} link`,
  });
  return { joinUrl: `${url}?state=joined`, declineUrl: `${url}?state=declined` };
}

/** The provider type behind `channel` (`email`, a contact method kind, or a configured channel id). */
export function providerOfChannel(rt: Pick<Runtime, 'config'>, channel: string): string {
  return (channel === 'email' ? 'email' : rt.config().config.channels.find((c) => c.id === channel)?.type) ?? channel;
}

/** What a live short link stands for. */
export interface ShortLinkTarget {
  action: LinkAction;
  incidentId: number;
  recipient: string;
  /** The person the page was for, or null. */
  userId: number | null;
}

/** The action of short link `code`, or null when the code is malformed, unknown or expired at `now`. */
export async function findShortLink(db: Db, code: string, now: Date): Promise<ShortLinkTarget | null> {
  if (!/^[0-9A-Za-z]{8,32}$/.test(code)) return null;
  const [row] = await db.select().from(shortLinks).where(eq(shortLinks.code, code)).limit(1);
  if (!row || row.expiresAt.getTime() < now.getTime()) return null;
  if (row.action !== 'ack' && row.action !== 'resolve') return null;
  return { action: row.action, incidentId: row.incidentId, recipient: row.recipient, userId: row.userId };
}
