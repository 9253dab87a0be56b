/**
 * Schedules and overrides stored through the API (beside the config file's), and the hand-off notices sent.
 */
import { index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { int8, tstz } from '../db/index.ts';
import { users } from '../people/index.ts';

/**
 * Schedules and escalation policies created or edited at runtime (console, API). `body` is validated with
 * the same zod schema as the config's; an id defined in the config cannot be stored here.
 */
export const storedSchedules = pgTable('stored_schedules', {
  id: text('id').primaryKey(),
  body: jsonb('body').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: tstz('updated_at').notNull(),
});

/** A schedule override made at runtime (config or stored schedule): `userEmail` is on call in [start, end). */
export const scheduleOverrides = pgTable(
  'schedule_overrides',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    scheduleId: text('schedule_id').notNull(),
    userEmail: text('user_email').notNull(),
    /** Whom it replaces (a swap); null adds the person on top of whoever is on call. */
    replacesEmail: text('replaces_email'),
    startAt: tstz('start_at').notNull(),
    endAt: tstz('end_at').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [index('schedule_overrides_schedule_idx').on(t.scheduleId, t.endAt)],
);

/** Hand-off notices sent (`schedule:user:shiftStart`), so each is sent once across nodes. */
export const handoffNotices = pgTable('handoff_notices', {
  key: text('key').primaryKey(),
  sentAt: tstz('sent_at').notNull(),
});

/**
 * An iCalendar feed link (oncall/feed-links.ts): the feed URL carries a token signed over this row's id, so
 * each link can be revoked on its own. `target` is the schedule id, or the user id as text.
 */
export const feedLinks = pgTable(
  'feed_links',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    /** `schedule` or `user`. */
    kind: text('kind').notNull(),
    target: text('target').notNull(),
    /** What the creator calls it, e.g. "phone calendar". */
    label: text('label'),
    /** The creator's principal name (email or token name). */
    createdBy: text('created_by').notNull(),
    /** The creator when a person: the link works only while they still may read the feed. */
    createdByUserId: int8('created_by_user_id').references(() => users.id, { onDelete: 'cascade' }),
    createdAt: tstz('created_at').notNull(),
    revokedAt: tstz('revoked_at'),
    revokedBy: text('revoked_by'),
  },
  (t) => [index('feed_links_creator_idx').on(t.createdByUserId), index('feed_links_target_idx').on(t.kind, t.target)],
);
