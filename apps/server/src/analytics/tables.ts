/**
 * Analytics' own derived data (docs/adr/0027-analytics-derived-facts.md): one narrow row of facts per incident,
 * computed from the tables of the domains that own them, and the set of incidents whose row is out of date.
 * Triggers on those tables (incidents, alerts, key times, declarations, postmortems, recovery steps, change
 * verdicts; see the migration `analytics_incident_facts`) add an incident to `analytics_stale` in the same
 * transaction as the change, so no verb has to remember it; a read refreshes the stale rows first
 * (`refreshStaleFacts`), which keeps every answer exact.
 */
import { boolean, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { int8, tstz } from '../db/index.ts';

/** One incident's facts as analytics reads them (IncidentFacts less the catalog's business line). */
export const incidentFactsTable = pgTable(
  'analytics_incident_facts',
  {
    incidentId: int8('incident_id').primaryKey(),
    /** `detected_at` (effective, room edits applied), else creation: the instant that places it in a bucket. */
    anchorAt: tstz('anchor_at').notNull(),
    title: text('title').notNull(),
    status: text('status').notNull(),
    risk: boolean('risk').notNull(),
    drill: boolean('drill').notNull(),
    noise: boolean('noise').notNull(),
    levels: jsonb('levels').$type<Record<string, number>>().notNull(),
    team: text('team'),
    service: text('service'),
    createdAt: tstz('created_at').notNull(),
    /** The effective key times, milestone code → epoch ms (only those set). */
    milestones: jsonb('milestones').$type<Record<string, number>>().notNull(),
    detectionSource: text('detection_source'),
    causeClass: text('cause_class'),
    /** Methods of the started recovery steps, in the order they were asked for (repeats kept). */
    recoveryMethods: jsonb('recovery_methods').$type<string[]>().notNull(),
    /** Changes whose current verdict on the incident is `caused`. */
    causedBy: jsonb('caused_by').$type<number[]>().notNull(),
    /** Its alerts' integrations, distinct and sorted. */
    sources: jsonb('sources').$type<string[]>().notNull(),
    /** Per sequence, the id of the rule behind the current level. */
    gradedBy: jsonb('graded_by').$type<Record<string, string>>().notNull(),
    alertname: text('alertname'),
  },
  (t) => [index('analytics_incident_facts_anchor_idx').on(t.anchorAt)],
);

/** Incidents whose facts row must be recomputed before the next read (added by triggers). */
export const staleFacts = pgTable('analytics_stale', {
  incidentId: int8('incident_id').primaryKey(),
});
