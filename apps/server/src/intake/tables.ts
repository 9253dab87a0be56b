/**
 * Raw inbound payloads (DESIGN §2 "event"), kept for audit and replay. A row is committed before the
 * intake answers 2xx; convergence later reads unprocessed rows in id order and marks them processed in
 * the same transaction that applies their signals, so a crash between the two loses nothing. An event
 * convergence cannot apply is quarantined after a bounded number of tries (docs/intake.md#quarantine).
 */
import { sql } from 'drizzle-orm';
import { index, integer, json, pgTable, text } from 'drizzle-orm/pg-core';
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
    /** Failed convergence tries of this event on its own (intake/quarantine.ts); reset by a replay. */
    convergeAttempts: integer('converge_attempts').notNull().default(0),
    /** The last convergence error, shortened (never the payload). */
    lastError: text('last_error'),
    /**
     * Set when convergence gave up on the event after its tries: it is skipped (the events behind it go on)
     * until replayed or discarded. Quarantined = this set and `processed_at` null.
     */
    quarantinedAt: tstz('quarantined_at'),
  },
  (t) => [
    index('events_unprocessed_idx')
      .on(t.id)
      .where(sql`${t.processedAt} is null`),
  ],
);
