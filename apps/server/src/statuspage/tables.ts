/**
 * The status page's tables (issue 17 point 9). They hold only what was published to the public audience:
 * the public incident's own title and the public text of each update, never a copy of the internal incident.
 * The public page reads nothing else, so nothing internal can leak through it.
 */
import { index, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { int8, tstz } from '../db/index.ts';
import { incidents } from '../incident/index.ts';

/** A public incident: one per internal incident that published to the page, with its own public id. */
export const publicIncidents = pgTable(
  'status_page_incidents',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    /** The internal incident (never shown on the page). */
    incidentId: int8('incident_id')
      .notNull()
      .references(() => incidents.id),
    title: text('title').notNull(),
    state: text('state').notNull(),
    startedAt: tstz('started_at').notNull(),
    updatedAt: tstz('updated_at').notNull(),
    /** When its latest `resolved` update was published; null while open (a later update reopens it). */
    resolvedAt: tstz('resolved_at'),
  },
  (t) => [
    uniqueIndex('status_page_incidents_incident_idx').on(t.incidentId),
    index('status_page_incidents_resolved_idx').on(t.resolvedAt),
  ],
);

/** A published public update: state, public message, and the status it gives each component it names. */
export const publicUpdates = pgTable(
  'status_page_updates',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    publicIncidentId: int8('public_incident_id')
      .notNull()
      .references(() => publicIncidents.id),
    at: tstz('at').notNull(),
    state: text('state').notNull(),
    message: text('message').notNull(),
    components: jsonb('components').$type<Record<string, string>>().notNull(),
  },
  (t) => [index('status_page_updates_incident_idx').on(t.publicIncidentId, t.id)],
);

/**
 * When each component first appeared on the page: days before it have no uptime data (an empty bar), rather
 * than a claim of 100 % for a time nobody watched.
 */
export const pageComponents = pgTable('status_page_components', {
  id: text('id').primaryKey(),
  since: tstz('since').notNull(),
});

/**
 * Email subscribers of the page, with double opt-in: a subscription counts once its address confirmed it
 * through the emailed link. The token (confirm and unsubscribe) is kept only as its SHA-256.
 */
export const subscribers = pgTable(
  'status_page_subscribers',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    /** Lower-cased. */
    email: text('email').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: tstz('created_at').notNull(),
    /** When the confirmation email was last sent (resent at most every few minutes). */
    sentAt: tstz('sent_at').notNull(),
    confirmedAt: tstz('confirmed_at'),
    unsubscribedAt: tstz('unsubscribed_at'),
  },
  (t) => [
    uniqueIndex('status_page_subscribers_email_idx').on(t.email),
    index('status_page_subscribers_token_idx').on(t.tokenHash),
  ],
);
