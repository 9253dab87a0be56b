/**
 * Email subscriptions to the public page with double opt-in (issue 17 point 9): an address asks
 * (`POST /api/v1/status/subscriptions`), receives a confirmation link, and only once it confirmed does it
 * receive the page's updates, each with an unsubscribe link. The answer to a request never says whether the
 * address was known (no enumeration); a confirmation is resent at most every `RESEND_MS`. The emailed links
 * open a page whose button POSTs (mail scanners follow GET links, as for the action links).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { enqueueJob } from '../engine/index.ts';
import { subscribers } from './tables.ts';

/** A confirmation email is resent to the same address at most this often (ms). */
export const RESEND_MS = 10 * 60_000;

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

/** The confirmation link of a (random, single-use) confirmation token. */
export const confirmLink = (baseUrl: string, token: string): string =>
  `${baseUrl}/status/subscriptions/confirm/${token}`;

const unsubscribeSig = (secret: string, id: number) =>
  createHmac('sha256', secret).update(`status-unsubscribe:${id}`).digest('base64url');

/**
 * The unsubscribe token of subscriber `id`: `<id>.<HMAC-SHA256 with the server's link secret>`. Stable, so the
 * link in every email it received keeps working, and unforgeable without the secret.
 */
export const unsubscribeToken = (secret: string, id: number): string => `${id}.${unsubscribeSig(secret, id)}`;

/** The subscriber id an unsubscribe token names, or null when it is malformed or forged. */
export function verifyUnsubscribeToken(secret: string, token: string): number | null {
  const m = /^(\d{1,15})\.([\w-]{43})$/.exec(token);
  if (!m) return null;
  const id = Number(m[1]);
  const a = Buffer.from(m[2]!);
  const b = Buffer.from(unsubscribeSig(secret, id));
  return a.length === b.length && timingSafeEqual(a, b) ? id : null;
}

/** The unsubscribe link of subscriber `id`. */
export const unsubscribeLink = (baseUrl: string, secret: string, id: number): string =>
  `${baseUrl}/status/subscriptions/unsubscribe/${unsubscribeToken(secret, id)}`;

/**
 * Handles a request to subscribe `email` (validated by the route): a new or pending address gets a fresh token
 * and a confirmation email (unless one went out less than `RESEND_MS` ago); a confirmed address gets nothing;
 * an address that unsubscribed starts over as pending. Returns nothing the caller may show.
 */
export async function requestSubscription(
  db: Db,
  opts: { email: string; now: Date; baseUrl: string; title: string },
): Promise<void> {
  const email = opts.email.trim().toLowerCase();
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(subscribers).where(eq(subscribers.email, email)).for('update');
    if (row && row.confirmedAt && !row.unsubscribedAt) return;
    if (row && !row.unsubscribedAt && opts.now.getTime() - row.sentAt.getTime() < RESEND_MS) return;
    const token = newToken();
    if (row)
      await tx
        .update(subscribers)
        .set({ tokenHash: hash(token), sentAt: opts.now, confirmedAt: null, unsubscribedAt: null })
        .where(eq(subscribers.id, row.id));
    else
      await tx
        .insert(subscribers)
        .values({ email, tokenHash: hash(token), createdAt: opts.now, sentAt: opts.now, confirmedAt: null });
    await enqueueJob(
      tx,
      'notify.mail',
      {
        to: [email],
        subject: `Confirm your subscription to ${opts.title}`,
        text: [
          `Someone, hopefully you, asked to receive the updates of ${opts.title} (${opts.baseUrl}/status) at this address.`,
          '',
          `To confirm, open: ${confirmLink(opts.baseUrl, token)}`,
          '',
          'If it was not you, ignore this email: nothing will be sent without a confirmation.',
        ].join('\n'),
      },
      opts.now,
      opts.now,
    );
  });
}

/** The subscriber a confirmation token belongs to, or null for an unknown token. */
async function pendingOf(db: Db, token: string): Promise<typeof subscribers.$inferSelect | null> {
  if (!/^[\w-]{20,100}$/.test(token)) return null;
  const [row] = await db
    .select()
    .from(subscribers)
    .where(eq(subscribers.tokenHash, hash(token)));
  return row ?? null;
}

/** Whether `token` is a live confirmation token (for the confirmation page's GET, which changes nothing). */
export async function confirmationKnown(db: Db, token: string): Promise<boolean> {
  const row = await pendingOf(db, token);
  return row !== null && row.unsubscribedAt === null;
}

/** Confirms the subscription of confirmation `token`; false for an unknown token or one that unsubscribed. Idempotent. */
export async function confirmSubscription(db: Db, token: string, now: Date): Promise<boolean> {
  const row = await pendingOf(db, token);
  if (!row || row.unsubscribedAt) return false;
  if (!row.confirmedAt) await db.update(subscribers).set({ confirmedAt: now }).where(eq(subscribers.id, row.id));
  return true;
}

/** Ends the subscription an unsubscribe token names; false for a bad token. Idempotent. */
export async function endSubscription(db: Db, secret: string, token: string, now: Date): Promise<boolean> {
  const id = verifyUnsubscribeToken(secret, token);
  if (id === null) return false;
  const [row] = await db.select().from(subscribers).where(eq(subscribers.id, id));
  if (!row) return false;
  if (!row.unsubscribedAt) await db.update(subscribers).set({ unsubscribedAt: now }).where(eq(subscribers.id, id));
  return true;
}

/**
 * Emails a published public update to every confirmed subscriber, one mail each (each carries its own
 * unsubscribe link). Call inside the transaction that publishes the update.
 */
export async function mailSubscribers(
  tx: Db,
  u: {
    pageTitle: string;
    incidentTitle: string;
    state: string;
    message: string;
    at: Date;
    baseUrl: string;
    secret: string;
  },
): Promise<number> {
  const rows = await tx
    .select()
    .from(subscribers)
    .where(and(isNotNull(subscribers.confirmedAt), isNull(subscribers.unsubscribedAt)));
  for (const row of rows) {
    const state = u.state.charAt(0).toUpperCase() + u.state.slice(1);
    await enqueueJob(
      tx,
      'notify.mail',
      {
        to: [row.email],
        subject: `[${u.pageTitle}] ${state}: ${u.incidentTitle}`,
        text: [
          `${u.incidentTitle} — ${state}`,
          '',
          u.message,
          '',
          `Posted ${u.at.toISOString()} (UTC). The status page: ${u.baseUrl}/status`,
          '',
          `Unsubscribe: ${unsubscribeLink(u.baseUrl, u.secret, row.id)}`,
        ].join('\n'),
      },
      u.at,
      u.at,
    );
  }
  return rows.length;
}
