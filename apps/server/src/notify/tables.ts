/**
 * How people are reached (DESIGN §7): contact methods with their verification codes and personal notification
 * rules; notifications (one row per message to one recipient, with its delivery state), storm-control
 * digests and the short links that SMS pages carry.
 */
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { int8, tstz } from '../db/index.ts';
import { incidents } from '../incident/index.ts';
import { users } from '../people/index.ts';

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
    /**
     * The `sending` marker (issue 18): when the current delivery attempt started (committed before the message is
     * handed to the provider), cleared when the attempt's outcome is recorded. A delivery that finds it set was
     * resumed after an attempt that stopped mid-send: the message may already have gone out (notify/deliver.ts).
     */
    sendingAt: tstz('sending_at'),
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
  /** The person the page was for (null: a channel or an address of nobody); checked when the link is used. */
  userId: int8('user_id'),
  expiresAt: tstz('expires_at').notNull(),
  createdAt: tstz('created_at').notNull(),
});

/**
 * A way to reach a person: `email`, `sms`, `voice` (an E.164 number) or `chat` (a handle on a configured chat
 * channel, e.g. a Slack member id). Used only once `verifiedAt` is set.
 */
export const contactMethods = pgTable(
  'contact_methods',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: int8('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    address: text('address').notNull(),
    /** For `chat`: the configured channel id it is reached through. */
    channelId: text('channel_id'),
    label: text('label'),
    verifiedAt: tstz('verified_at'),
    /** Set after a permanent delivery failure (e.g. a number the provider rejects); cleared by re-verifying. */
    disabledAt: tstz('disabled_at'),
    disabledReason: text('disabled_reason'),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [
    index('contact_methods_user_idx').on(t.userId),
    uniqueIndex('contact_methods_user_kind_address_uq').on(t.userId, t.kind, t.address),
  ],
);

/** The pending verification code of a contact method (SHA-256 of a 6-digit code; at most 5 tries). */
export const verificationCodes = pgTable('verification_codes', {
  contactMethodId: int8('contact_method_id')
    .primaryKey()
    .references(() => contactMethods.id, { onDelete: 'cascade' }),
  codeHash: text('code_hash').notNull(),
  attempts: integer('attempts').notNull().default(0),
  sentAt: tstz('sent_at').notNull(),
  expiresAt: tstz('expires_at').notNull(),
});

/** A personal notification rule: for incidents of `urgency`, notify `contactMethodId` `delayMinutes` after the page. */
export const notificationRules = pgTable(
  'notification_rules',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: int8('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    contactMethodId: int8('contact_method_id')
      .notNull()
      .references(() => contactMethods.id, { onDelete: 'cascade' }),
    /** `high` or `low`. */
    urgency: text('urgency').notNull(),
    delayMinutes: integer('delay_minutes').notNull().default(0),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [index('notification_rules_user_idx').on(t.userId)],
);
