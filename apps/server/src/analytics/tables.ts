/**
 * Analytics' own derived data (docs/adr/0007-analytics-derived-facts.md): one narrow row of facts per incident,
 * computed from the tables of the domains that own them, and the set of incidents whose row is out of date.
 * Triggers on those tables (incidents, alerts, key times, declarations, postmortems, recovery steps, change
 * verdicts; see the migration `analytics_incident_facts`) add an incident to `analytics_stale` in the same
 * transaction as the change, so no verb has to remember it; a read refreshes the stale rows first
 * (`refreshStaleFacts`), which keeps every answer exact.
 */
import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { int8, tstz } from '../db/index.ts';

/**
 * One incident's facts as analytics reads them (IncidentFacts less the catalog's business line): the columns a
 * read selects on, and the facts themselves as one prebuilt JSON array (`FactsTuple` in store.ts), so a read of
 * 100,000 incidents concatenates text instead of building JSON per row.
 */
export const incidentFactsTable = pgTable(
  'analytics_incident_facts',
  {
    incidentId: int8('incident_id').primaryKey(),
    /** `detected_at` (effective, room edits applied), else creation: the instant that places it in a bucket. */
    anchorAt: tstz('anchor_at').notNull(),
    team: text('team'),
    /** The facts as a JSON array, instants as epoch ms (store.ts `FactsTuple`). */
    facts: text('facts').notNull(),
  },
  (t) => [index('analytics_incident_facts_anchor_idx').on(t.anchorAt)],
);

/** Incidents whose facts row must be recomputed before the next read (added by triggers). */
export const staleFacts = pgTable('analytics_stale', {
  incidentId: int8('incident_id').primaryKey(),
});
