/**
 * Events: every accepted intake payload, committed before the 2xx (DESIGN §5, ADR 0002).
 */
import { sql } from 'drizzle-orm';
import { index, json, pgTable, text } from 'drizzle-orm/pg-core';
import { int8, tstz } from '../db/index.ts';

export const events = pgTable(
  'events',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    integration: text('integration').notNull(),
    source: text('source').notNull(),
    receivedAt: tstz('received_at').notNull(),
    /** The request body exactly as received (audit and replay). Text, not jsonb: no re-parse on the hot path. */
    payload: text('payload').notNull(),
    /** The normalised signals (intake/signal.ts) parsed from the payload at intake time. */
    signals: json('signals').notNull(),
    processedAt: tstz('processed_at'),
  },
  (t) => [
    index('events_unprocessed_idx')
      .on(t.id)
      .where(sql`${t.processedAt} is null`),
  ],
);
