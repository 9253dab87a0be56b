/**
 * Notifications (one row per message to one recipient, with its delivery state), storm-control digests and
 * the short links that SMS pages carry.
 */
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { int8, tstz } from '../db/columns.ts';
import { incidents } from '../incident/tables.ts';
import { users } from '../people/tables.ts';

export const notifications = pgTable(
  'notifications',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    incidentId: int8('incident_id')
      .notNull()
      .references(() => incidents.id),
    /** `(incident, step, user, channel)`: a page is recorded once however many nodes try to send it. */
    idempotencyKey: text('idempotency_key').notNull().unique(),
    channel: text('channel').notNull(),
    recipient: text('recipient').notNull(),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: tstz('next_attempt_at'),
    sentAt: tstz('sent_at'),
    providerMessageId: text('provider_message_id'),
    createdAt: tstz('created_at').notNull(),
    /** The person paged (null for a channel post or an address that is no user). */
    userId: int8('user_id'),
    /** The contact method used (null for a channel post or a bare address). */
    contactMethodId: int8('contact_method_id'),
    /** Set when storm control held this notification back into a digest. */
    digestId: int8('digest_id'),
    /** The provider that accepted it (e.g. `twilio-sms` after a failover). */
    provider: text('provider'),
  },
  (t) => [
    index('notifications_incident_idx').on(t.incidentId),
    index('notifications_user_sent_idx').on(t.userId, t.sentAt),
  ],
);

/**
 * Storm control: notifications held back for a person over budget are bundled into one digest per person
 * and contact method, sent when `dueAt` comes.
 */
export const digests = pgTable(
  'digests',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: int8('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    contactMethodId: int8('contact_method_id').notNull(),
    dueAt: tstz('due_at').notNull(),
    sentAt: tstz('sent_at'),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('digests_open_uq')
      .on(t.userId, t.contactMethodId)
      .where(sql`${t.sentAt} is null`),
  ],
);

/** Short links for SMS (`/s/<code>`): a code standing for a signed action on one incident. */
export const shortLinks = pgTable('short_links', {
  code: text('code').primaryKey(),
  incidentId: int8('incident_id')
    .notNull()
    .references(() => incidents.id),
  action: text('action').notNull(),
  recipient: text('recipient').notNull(),
  expiresAt: tstz('expires_at').notNull(),
  createdAt: tstz('created_at').notNull(),
});
