/**
 * The engine's durable state: the job table (timers and the transactional outbox) and notifications.
 * A job is inserted in the same transaction as the change that causes it; workers claim due jobs with
 * `FOR UPDATE SKIP LOCKED`, so several nodes never run one job twice.
 */
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { int8, tstz } from './columns.ts';
import { incidents } from './incident.ts';

export const jobs = pgTable(
  'jobs',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    runAt: tstz('run_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lockedUntil: tstz('locked_until'),
    lockedBy: text('locked_by'),
    lastError: text('last_error'),
    doneAt: tstz('done_at'),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [
    index('jobs_due_idx')
      .on(t.runAt)
      .where(sql`${t.doneAt} is null`),
  ],
);

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
