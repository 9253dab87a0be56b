/**
 * Server-wide settings generated on first start (e.g. the link-signing secret).
 */
import { pgTable, text } from 'drizzle-orm/pg-core';

/** Server-wide settings generated on first start (e.g. the link-signing secret). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
