/**
 * Silences stored through the API, CLI and console (DESIGN §5 step 3). Config silences are not stored: they
 * live in the config and are merged in when convergence reads the silences (`store.ts`).
 */
import { index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { tstz } from '../db/index.ts';

export const silences = pgTable(
  'silences',
  {
    /** A random UUID, as Alertmanager's silence ids. */
    id: text('id').primaryKey(),
    /** The matchers in Alertmanager text form, one per entry (`severity="critical"`, `instance=~"db-.*"`). */
    matchers: jsonb('matchers').$type<string[]>().notNull(),
    startsAt: tstz('starts_at').notNull(),
    endsAt: tstz('ends_at').notNull(),
    createdBy: text('created_by').notNull(),
    comment: text('comment').notNull(),
    annotations: jsonb('annotations').$type<Record<string, string>>().notNull().default({}),
    createdAt: tstz('created_at').notNull(),
    updatedAt: tstz('updated_at').notNull(),
    /** Who changed it last (edited or expired by hand); the creator until then. */
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [index('silences_ends_idx').on(t.endsAt)],
);
