/**
 * Schedules and overrides stored through the API (beside the config file's), and the hand-off notices sent.
 */
import { index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { int8, tstz } from '../db/columns.ts';

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
