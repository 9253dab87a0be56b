/**
 * iCalendar subscription feeds (issue 4 point 3): one per schedule and one per person (their shifts on
 * every schedule). Calendar apps cannot send a bearer token, so the feed URL carries a signed feed token:
 * `<payload>.<signature>`, the payload naming the feed link (its `feed_links` id, oncall/feed-links.ts) and
 * the feed (`schedule` or `user`, and its id), signed with HMAC-SHA256 under the server's link secret — the
 * scheme of auth/signed-link.ts, with a key of its own (HMAC of the link secret with "ical-feed") so a feed
 * token can never pass as an acknowledge link or the other way round. Feed tokens do not expire (a
 * subscription lives for years); each stops working when its link is revoked (the id is why it carries one),
 * when its creator may no longer read the feed, when the schedule or person is deleted, or for every feed at
 * once when the link secret is replaced. Tokens without a link id (made before links had one) open nothing.
 *
 * Window: from 7 days back (the current shift and last week stay visible) to `FEED_WEEKS_AHEAD` weeks ahead;
 * events in UTC (oncall/ical.ts).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { users } from '../people/index.ts';
import type { LoadedConfig } from '../kernel/index.ts';
import { AppError } from '../lib/index.ts';
import { schedulesToICal } from './ical.ts';

/** How far ahead a feed lists shifts, in weeks. */
export const FEED_WEEKS_AHEAD = 8;
/** How far back a feed lists shifts, in days. */
export const FEED_DAYS_BACK = 7;
const DAY_MS = 86_400_000;

/** A feed: a schedule, or a person's shifts. */
export interface Feed {
  kind: 'schedule' | 'user';
  /** Schedule id, or the user's numeric id as text. */
  id: string;
}

/** What a feed token opens: feed link `link` of `feed`. */
export interface FeedClaims extends Feed {
  /** The `feed_links` row id. */
  link: number;
}

const keyOf = (secret: string) => createHmac('sha256', secret).update('ical-feed').digest();

/** Signs feed claims into a URL-safe token `<payload>.<signature>`. */
export function signFeedToken(claims: FeedClaims, secret: string): string {
  const payload = Buffer.from(JSON.stringify({ link: claims.link, kind: claims.kind, id: claims.id })).toString(
    'base64url',
  );
  const sig = createHmac('sha256', keyOf(secret)).update(payload).digest('base64url');
  return `${payload}.${sig}`;
}

/**
 * Verifies a feed token for the feed it is presented to.
 * @returns the feed link id, only when the token is well formed, its signature is right (constant-time), it
 *   carries a link id and it names exactly `expected`; else null. Never throws.
 */
export function verifyFeedToken(token: string, secret: string, expected: Feed): number | null {
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined) return null;
  const want = createHmac('sha256', keyOf(secret)).update(payload).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== want.length || !timingSafeEqual(given, want)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<FeedClaims>;
    if (claims.kind !== expected.kind || claims.id !== expected.id) return null;
    return typeof claims.link === 'number' && Number.isSafeInteger(claims.link) && claims.link > 0 ? claims.link : null;
  } catch {
    return null;
  }
}

/** The subscription URL of a feed link (`<publicUrl>/api/v1/schedules/<id>/ical?token=…` or the user one). */
export function feedUrl(publicUrl: string, claims: FeedClaims, secret: string): string {
  const base = claims.kind === 'schedule' ? 'schedules' : 'users';
  return `${publicUrl}/api/v1/${base}/${encodeURIComponent(claims.id)}/ical?token=${signFeedToken(claims, secret)}`;
}

/** The feed window around `now`: `[now − 7 days, now + 8 weeks)`. */
export function feedWindow(now: Date): { from: Date; to: Date } {
  return {
    from: new Date(now.getTime() - FEED_DAYS_BACK * DAY_MS),
    to: new Date(now.getTime() + FEED_WEEKS_AHEAD * 7 * DAY_MS),
  };
}

/** A schedule's feed: every shift of its final schedule in the feed window. */
export function scheduleFeed(cfg: LoadedConfig, scheduleId: string, now: Date): string | null {
  const s = cfg.escalation.schedules.get(scheduleId);
  if (!s) return null;
  const { from, to } = feedWindow(now);
  return schedulesToICal([s], from, to, { name: `On call: ${s.name ?? s.id}`, now });
}

/** A person's feed: their shifts on every schedule of the directory in the feed window. */
export function userFeed(cfg: LoadedConfig, user: { email: string; name: string }, now: Date): string {
  const { from, to } = feedWindow(now);
  const mine = [...cfg.escalation.schedules.values()].filter((s) =>
    [...s.layers.flatMap((l) => l.participants), ...(s.overrides ?? []).map((o) => o.user)].some(
      (e) => e.toLowerCase() === user.email.toLowerCase(),
    ),
  );
  return schedulesToICal(mine, from, to, { name: `On call: ${user.name}`, user: user.email, now });
}

/**
 * The person a user feed is for.
 * @throws AppError NOT_FOUND for an unknown or disabled user
 */
export async function feedUser(db: Db, id: number): Promise<{ email: string; name: string }> {
  const [u] = await db
    .select({ email: users.email, name: users.name, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, id));
  if (!u || u.disabledAt) throw new AppError('NOT_FOUND', `no user ${id}`);
  return u;
}
