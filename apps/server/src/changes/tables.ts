/**
 * Changes (DESIGN §2 "change", §7 "Changes"; issue 9): deploys, config changes, flag flips, migrations and
 * infrastructure changes on services, and people's verdicts on them per incident.
 */
import { index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { int8, tstz } from '../db/index.ts';

export const changes = pgTable(
  'changes',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    /** deploy | config | flag | migration | infra */
    kind: text('kind').notNull(),
    summary: text('summary').notNull(),
    /** Service ids the change landed on (catalog ids, or unknown names as given). */
    services: jsonb('services').$type<string[]>().notNull(),
    environment: text('environment'),
    /** Where it landed beyond the service: region, cluster… (label name → value). */
    labels: jsonb('labels').$type<Record<string, string>>().notNull().default({}),
    startedAt: tstz('started_at').notNull(),
    /** null while it is rolling out. */
    endedAt: tstz('ended_at'),
    /** running | succeeded | failed */
    status: text('status').notNull(),
    /** The exit status of the wrapped command (`faultline change run`). */
    exitCode: integer('exit_code'),
    author: text('author'),
    /** api | cli | pagerduty | webhook */
    source: text('source').notNull(),
    /** The integration or webhook key it came through, if any (its history is kept per source + key). */
    sourceKey: text('source_key'),
    externalId: text('external_id'),
    url: text('url'),
    /** The change this one rolls back. */
    rollbackOf: int8('rollback_of'),
    /** What the sender gave beyond the fields above (PagerDuty custom_details, links). */
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [
    index('changes_started_idx').on(t.startedAt),
    // A sender that repeats an external id updates the same change instead of recording it twice.
    uniqueIndex('changes_external_uq')
      .on(t.source, t.sourceKey, t.externalId)
      .where(sql`${t.externalId} is not null`),
  ],
);

export const changeVerdicts = pgTable(
  'change_verdicts',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    changeId: int8('change_id')
      .notNull()
      .references(() => changes.id),
    incidentId: int8('incident_id').notNull(),
    /** caused | fixed | suspect | dismissed; the newest row per (change, incident) is the current one. */
    verdict: text('verdict').notNull(),
    why: text('why').notNull(),
    actor: text('actor').notNull(),
    at: tstz('at').notNull(),
  },
  (t) => [
    index('change_verdicts_incident_idx').on(t.incidentId, t.id),
    index('change_verdicts_change_idx').on(t.changeId),
  ],
);
