/**
 * The `sending` marker of a delivery (issue 18; docs/notifications.md "A delivery resumed mid-send").
 *
 * A delivery attempt starts with one statement that reads the notification and sets `sending_at` (committed
 * before the provider is called), and its outcome clears it (outcome.ts). An attempt that finds the marker
 * already set knows the previous attempt stopped between the two — the node died, the database failed, the
 * handler threw — so the provider may have accepted that message. What happens then is decided per channel
 * (`resumePolicy`), and never silently: the delivery's timeline entry says it may be a second copy.
 */
import { getTableColumns, sql } from 'drizzle-orm';
import { rows, type Db } from '../db/index.ts';
import { notifications } from './tables.ts';
import type { NotificationRow } from './page-message.ts';

/** Statuses after which a delivery job has nothing to do. */
export const SETTLED = ['sent', 'failed', 'cancelled', 'held'] as const;

/** A notification claimed for an attempt, and the marker the previous attempt left (null: none). */
export interface SendingClaim {
  n: NotificationRow;
  /** When an earlier attempt started sending and never recorded its outcome, or null. */
  previousSendingAt: Date | null;
}

const columns = Object.entries(getTableColumns(notifications));

/** A raw row (snake_case, driver values) as drizzle maps the table's columns. */
function mapRow(raw: Record<string, unknown>): NotificationRow {
  const out: Record<string, unknown> = {};
  for (const [key, col] of columns) {
    const v = raw[col.name];
    out[key] = v === null || v === undefined ? null : col.mapFromDriverValue(v);
  }
  return out as NotificationRow;
}

/**
 * Reads notification `id` and sets its `sending` marker to `now`, in one statement, unless it is settled
 * or not due yet (`next_attempt_at` after `now`: a retry or move-on rescheduled it, and the job due then
 * sends it).
 * @returns the notification (marker set) and the marker it had before, or null when there is nothing to send
 */
export async function claimForSending(db: Db, id: number, now: Date): Promise<SendingClaim | null> {
  const at = now.toISOString();
  const settled = sql.join(
    SETTLED.map((s) => sql`${s}`),
    sql`, `,
  );
  const [raw] = await rows<Record<string, unknown>>(
    db,
    sql`update notifications n set sending_at = ${at}::timestamptz
        from (select id, sending_at from notifications where id = ${id} for update) prev
        where n.id = prev.id and n.status not in (${settled})
          and (n.next_attempt_at is null or n.next_attempt_at <= ${at}::timestamptz)
        returning n.*, prev.sending_at as previous_sending_at`,
  );
  if (!raw) return null;
  const prev = raw.previous_sending_at;
  return { n: mapRow(raw), previousSendingAt: prev ? new Date(prev as string | Date) : null };
}

/**
 * What a delivery does when the previous attempt may have sent the message (the marker was set), by channel
 * kind. Every channel sends again — a lost page is worse than a second copy — and the difference is whether
 * the receiver can tell it is one: `deduplicated` names the key a receiver de-duplicates by, null when the
 * person may see the page twice. The timeline entry of the send says so either way.
 * - email: the same Message-ID (`<delivery id>@faultline`), so mail clients show one message;
 * - webhook: the same `Idempotency-Key` header (the delivery id), for receivers that de-duplicate;
 * - chat posts, SMS and voice: no key the vendor honours, so a second copy may arrive.
 */
export function resumePolicy(kind: string): { resend: true; deduplicated: string | null } {
  if (kind === 'email') return { resend: true, deduplicated: 'Message-ID' };
  if (kind === 'webhook') return { resend: true, deduplicated: 'Idempotency-Key' };
  return { resend: true, deduplicated: null };
}

/** The timeline's words for a send after an attempt that stopped mid-send. */
export function resumeNote(kind: string, previous: Date): string {
  const p = resumePolicy(kind);
  return (
    `; an earlier attempt started sending at ${previous.toISOString()} and stopped before recording its outcome, ` +
    `so this may be a second copy` +
    (p.deduplicated ? ` (same ${p.deduplicated}: receivers that de-duplicate show it once)` : '')
  );
}
