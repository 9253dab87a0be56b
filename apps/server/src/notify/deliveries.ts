/**
 * The delivery log of an incident (DESIGN §7: "every delivery is logged with its status and provider id"):
 * every notification with its person and contact method, for the incident API and the console.
 */
import { asc, eq } from 'drizzle-orm';
import type { NotificationView } from '@faultline/contracts';
import type { Db } from '../db/index.ts';
import { redactText } from '../lib/index.ts';
import { contactMethods, notifications } from './tables.ts';
import { users } from '../people/index.ts';

/** Notifications of incident `incidentId`, oldest first, with the person and method paged (when any). */
export async function listDeliveries(db: Db, incidentId: number): Promise<NotificationView[]> {
  const list = await db
    .select({ n: notifications, u: { id: users.id, name: users.name, email: users.email }, cm: contactMethods })
    .from(notifications)
    .leftJoin(users, eq(users.id, notifications.userId))
    .leftJoin(contactMethods, eq(contactMethods.id, notifications.contactMethodId))
    .where(eq(notifications.incidentId, incidentId))
    .orderBy(asc(notifications.id));
  return list.map(({ n, u, cm }) =>
    toNotificationView(
      n,
      u ? { userId: u.id, name: u.name, email: u.email } : null,
      cm ? { id: cm.id, kind: cm.kind, address: cm.address, label: cm.label } : null,
    ),
  );
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/**
 * A notification row as the incident's delivery log shows it; `person` and `contactMethod` come from a join
 * (below) and are null for a channel post or a bare address.
 */
export function toNotificationView(
  row: typeof notifications.$inferSelect,
  person: NotificationView['person'] = null,
  contactMethod: NotificationView['contactMethod'] = null,
): NotificationView {
  return {
    id: row.id,
    channel: row.channel,
    recipient: row.recipient,
    status: row.status as NotificationView['status'],
    attempts: row.attempts,
    // Redacted again when shown: rows written before redaction existed.
    lastError: row.lastError === null ? null : redactText(row.lastError),
    nextAttemptAt: iso(row.nextAttemptAt),
    sentAt: iso(row.sentAt),
    providerMessageId: row.providerMessageId,
    provider: row.provider,
    person,
    contactMethod,
    digestId: row.digestId,
    createdAt: row.createdAt.toISOString(),
  };
}
