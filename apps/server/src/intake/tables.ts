/**
 * Raw inbound payloads (DESIGN §2 "event"), kept for audit and replay. A row is committed before the
 * intake answers 2xx; convergence later reads unprocessed rows in id order and marks them processed in
 * the same transaction that applies their signals, so a crash between the two loses nothing. An event
 * convergence cannot apply is quarantined after a bounded number of tries (docs/intake.md#quarantine).
 */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, json, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
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

/**
 * Heartbeat monitors (docs/intake.md#heartbeats): each expects a ping at least every `interval_seconds`
 * (plus the grace); when pings stop, an alert is raised through convergence like any other, and resolved when
 * they return. Config heartbeats are upserted here at start and reload (`source` = `config`), so their last
 * ping and alert state survive restarts.
 */
export const heartbeats = pgTable(
  'heartbeats',
  {
    /** Lowercase letters, digits and dashes; the URL segment of the ping route. */
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** The integration whose key authenticates pings and whose alerts the matchers read; null: token only. */
    integration: text('integration'),
    /** The service the missing-heartbeat alert belongs to (else the integration's). */
    service: text('service'),
    intervalSeconds: integer('interval_seconds').notNull(),
    graceSeconds: integer('grace_seconds').notNull(),
    /** Added to the alert's labels (grading and routing read them), e.g. `severity: critical`. */
    labels: jsonb('labels').$type<Record<string, string>>().notNull().default({}),
    /** Alertmanager matchers: a firing alert of the integration that matches all of them counts as a ping. */
    matchers: jsonb('matchers').$type<string[]>().notNull().default([]),
    /** sha256 (hex) of the per-heartbeat ping token; null: the integration key only. */
    tokenHash: text('token_hash'),
    paused: boolean('paused').notNull().default(false),
    /** Expiry is judged from the later of the last ping and this (creation, or the end of a pause). */
    armedAt: tstz('armed_at').notNull(),
    lastPingAt: tstz('last_ping_at'),
    /** `down` while its missing-heartbeat alert fires; only the expiry job and pings change it. */
    alertState: text('alert_state').$type<'up' | 'down'>().notNull().default('up'),
    source: text('source').$type<'api' | 'config'>().notNull(),
    createdAt: tstz('created_at').notNull(),
    updatedAt: tstz('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [index('heartbeats_integration_idx').on(t.integration)],
);
