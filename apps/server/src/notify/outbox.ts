/**
 * A notification and its delivery job in one statement (the transactional outbox of DESIGN §10): the insert
 * is skipped when a notification with the same idempotency key exists, and then no job is queued either.
 * One statement instead of two per page (issue 18: fewer statements per escalation step).
 */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/index.ts';
import { enqueueJobsFromSql } from '../engine/index.ts';

/** The notification to insert (status `pending`); `due` is when it is first tried (ms precision, UTC). */
export interface NewNotification {
  incidentId: number;
  idempotencyKey: string;
  channel: string;
  recipient: string;
  /** The person and contact method paged; null for a channel post or a bare address. */
  userId?: number | null;
  contactMethodId?: number | null;
  due: Date;
  now: Date;
}

/**
 * Inserts the notification and its `notify.deliver` job due at `due`, in the caller's transaction.
 * @returns the new notification's id, or null when one with this idempotency key already exists
 */
export async function insertNotificationWithJob(db: Db, n: NewNotification): Promise<number | null> {
  const due = n.due.toISOString();
  const now = n.now.toISOString();
  const [row] = await rows<{ id: string | number }>(
    db,
    sql`with n as (
          insert into notifications
            (incident_id, idempotency_key, channel, recipient, status, user_id, contact_method_id, created_at, next_attempt_at)
          values (${n.incidentId}, ${n.idempotencyKey}, ${n.channel}, ${n.recipient}, 'pending', ${n.userId ?? null},
            ${n.contactMethodId ?? null}, ${now}::timestamptz, ${due}::timestamptz)
          on conflict (idempotency_key) do nothing
          returning id)
        ${enqueueJobsFromSql('notify.deliver', sql`jsonb_build_object('notificationId', n.id)`, n.due, n.now, 'n')}
        returning (payload->>'notificationId')::int8 as id`,
  );
  return row ? Number(row.id) : null;
}
