/**
 * The response room's tables (DESIGN §6–7, issue 17). Roles and the response group are event logs replayed
 * by the pure reducers (`role-handover.ts`, `group.ts`), so their history is kept by construction; key times
 * beyond the incident row's lifecycle columns, the declaration, status updates and the once-only escalation
 * keys are plain rows.
 */
import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { int8, tstz } from '../db/index.ts';
import { incidents } from '../incident/index.ts';

/**
 * Key times set by the room or by a person. A row overrides the incident row's column of the same code
 * (`acknowledged_at`…) for the key-time view; `at` null means a person cleared it. `set_by` is `system` or a
 * person; `reason` is a person's (audited on the timeline).
 */
export const keyTimes = pgTable(
  'response_key_times',
  {
    incidentId: int8('incident_id')
      .notNull()
      .references(() => incidents.id),
    code: text('code').notNull(),
    at: tstz('at'),
    setBy: text('set_by').notNull(),
    reason: text('reason'),
    updatedAt: tstz('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.code] })],
);

/** How an incident a person declared was reported (DESIGN §5: source customer, internal, public-opinion…). */
export const declarations = pgTable('response_declarations', {
  incidentId: int8('incident_id')
    .primaryKey()
    .references(() => incidents.id),
  source: text('source').notNull(),
  reporter: text('reporter').notNull(),
  description: text('description').notNull(),
  declaredBy: text('declared_by').notNull(),
  declaredAt: tstz('declared_at').notNull(),
});

/**
 * The room's event logs: `stream` is `roles` (RoleEvent) or `group` (GroupEvent); events are stored as JSON
 * with instants as ISO strings and replayed in id order.
 */
export const roomEvents = pgTable(
  'response_events',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    incidentId: int8('incident_id')
      .notNull()
      .references(() => incidents.id),
    stream: text('stream').notNull(),
    at: tstz('at').notNull(),
    event: jsonb('event').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('response_events_incident_idx').on(t.incidentId, t.stream, t.id)],
);

/** Structured status updates (issue 17 point 7), published to their audiences. */
export const statusUpdates = pgTable(
  'response_status_updates',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    incidentId: int8('incident_id')
      .notNull()
      .references(() => incidents.id),
    at: tstz('at').notNull(),
    by: text('by').notNull(),
    phase: text('phase').notNull(),
    impact: text('impact').notNull(),
    actions: text('actions').notNull(),
    nextUpdateBy: tstz('next_update_by'),
    audiences: jsonb('audiences')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
  },
  (t) => [index('response_status_updates_incident_idx').on(t.incidentId, t.id)],
);

/**
 * Escalation triggers already emitted (a 1-5-10 breach per stage, a role gap per vacancy, an overdue update
 * per period, an overdue check-in per pending spell): the key makes each happen at most once.
 */
export const emissions = pgTable(
  'response_emissions',
  {
    incidentId: int8('incident_id')
      .notNull()
      .references(() => incidents.id),
    key: text('key').notNull(),
    at: tstz('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.key] })],
);

/**
 * Fault drills (issue 17 point 10): the scenario each drill incident was declared from. A scheduled drill names
 * its configured drill and the instant it was due; the unique key on both makes a due drill declared once
 * across nodes (the second node's insert finds the row and declares nothing).
 */
export const drills = pgTable(
  'response_drills',
  {
    incidentId: int8('incident_id')
      .primaryKey()
      .references(() => incidents.id),
    /** The scenario as declared (contracts DrillScenario). */
    scenario: jsonb('scenario').$type<Record<string, unknown>>().notNull(),
    /** `response.drills[].id` for a scheduled drill; null when run by hand. */
    scheduleId: text('schedule_id'),
    /** The instant a scheduled drill was due; null when run by hand. */
    dueAt: tstz('due_at'),
    declaredBy: text('declared_by').notNull(),
    declaredAt: tstz('declared_at').notNull(),
  },
  (t) => [
    uniqueIndex('response_drills_due_uq')
      .on(t.scheduleId, t.dueAt)
      .where(sql`${t.scheduleId} is not null`),
  ],
);
