/**
 * Incidents, their alerts and their timeline (DESIGN §2, §5, §6).
 */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { int8, tstz } from '../db/index.ts';

export const incidents = pgTable(
  'incidents',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    title: text('title').notNull(),
    status: text('status').notNull(),
    groupKey: text('group_key').notNull(),
    service: text('service'),
    team: text('team'),
    /** Current level per sequence as numbers, e.g. `{"P": 2}`. */
    levels: jsonb('levels').$type<Record<string, number>>().notNull().default({}),
    /** The current explanation per sequence (contracts LevelExplanation[]). */
    levelExplanation: jsonb('level_explanation').$type<unknown[]>().notNull().default([]),
    risk: boolean('risk').notNull().default(false),
    /** Impact facts entered by people or set by KPI watches (contracts ImpactFacts). */
    facts: jsonb('facts').$type<Record<string, unknown>>().notNull().default({}),
    /** Why a person closed it without a postmortem (a dismissed risk). */
    closeReason: text('close_reason'),
    alertCount: integer('alert_count').notNull().default(0),
    firingCount: integer('firing_count').notNull().default(0),
    createdAt: tstz('created_at').notNull(),
    updatedAt: tstz('updated_at').notNull(),
    impactStartedAt: tstz('impact_started_at'),
    detectedAt: tstz('detected_at'),
    acknowledgedAt: tstz('acknowledged_at'),
    acknowledgedBy: text('acknowledged_by'),
    mitigatedAt: tstz('mitigated_at'),
    resolvedAt: tstz('resolved_at'),
    closedAt: tstz('closed_at'),
    /**
     * When the incident's postmortem is due, while it has one that is not published (written by the postmortem
     * domain through `setPostmortemDue`); null otherwise. The list's `postmortem=overdue` filter reads it.
     */
    postmortemDueAt: tstz('postmortem_due_at'),
    /**
     * Where an imported incident came from (`statuspage:<id>`, `csv:<id>`): it was recorded after the fact
     * (issue 11 "import history"), paged nobody and ran no timers. Null for every incident Faultline handled.
     */
    importedFrom: text('imported_from'),
    /**
     * Set while the incident's pages are held back because the alerts that would page are muted (silence,
     * maintenance): when the hold began. Cleared when the held pages are sent or dropped (convergence).
     */
    heldSince: tstz('held_since'),
    /** The pages held back (incident level-merge `PageStep`s), sent once when the mute ends. */
    heldPages: jsonb('held_pages')
      .$type<Array<{ step: string; audience: 'oncall' | 'leadership' }>>()
      .notNull()
      .default([]),
    /**
     * Set while the incident waits behind the frequency gate (`convergence.frequencyGate`): the instants (ISO
     * 8601) its group fired within the gate's window. A gated incident is a risk: ungraded, paging nobody.
     * Null once the gate opened, or when there is no gate.
     */
    gateFirings: jsonb('gate_firings').$type<string[]>(),
    /**
     * Set while a `suppress-incidents` maintenance window holds the incident back: the window's id. Such an
     * incident is a risk (recorded, visible, paging nobody) until the window ends; then, if its alerts still
     * fire, it opens as an incident and pages once, else it stays a risk. Null otherwise.
     */
    heldByWindow: text('held_by_window'),
    /**
     * Set on a fault drill (issue 17 point 10): the people it may page (lower-case emails) and the scenario it
     * was declared from. Null for every real incident. A drill pages only its participants, marks every
     * message "[DRILL]", stays off the public status page and out of the fault metrics.
     */
    drill: jsonb('drill').$type<IncidentDrill>(),
    /** Set while a person has marked the incident as noise (`StoredNoise`); null otherwise. */
    noise: jsonb('noise').$type<StoredNoise>(),
  },
  (t) => [
    // One open incident per group key: convergence relies on it, and a second node racing to open
    // the same incident fails instead of splitting the group.
    uniqueIndex('incidents_open_group_key_uq')
      .on(t.groupKey)
      .where(sql`${t.status} in ('triggered', 'acknowledged', 'mitigated')`),
    index('incidents_created_idx').on(t.createdAt),
    // Analytics places an incident in a period by this anchor (issue 11): a month's review reads a month.
    index('incidents_anchor_idx').on(sql`coalesce(${t.detectedAt}, ${t.createdAt})`),
    // A second import of the same history updates nothing and adds nothing.
    uniqueIndex('incidents_imported_from_uq')
      .on(t.importedFrom)
      .where(sql`${t.importedFrom} is not null`),
  ],
);

/** A drill's marks on its incident row (`incidents.drill`). */
export interface IncidentDrill {
  /** Lower-case emails: the only people a drill pages. */
  participants: string[];
  /** The configured drill (`response.drills[].id`) that scheduled it, or null when run by hand. */
  scheduleId: string | null;
}

/**
 * A person's mark that an incident or an alert was noise (issue 16 point 9): who, when (ISO 8601) and why.
 * Marking does not change the lifecycle; analytics reads the incident's mark for the noise share.
 */
export interface StoredNoise {
  by: string;
  at: string;
  reason: string;
}

/** A mute reason as stored on an alert (suppression `MuteReason`, serialised). */
export interface StoredMute {
  kind: 'silence' | 'maintenance' | 'inhibition';
  id: string;
  /** ISO 8601, or null when only an event ends it. */
  until: string | null;
  reason: string;
}

export const alerts = pgTable(
  'alerts',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    /** `<integration key>:<source dedup key>`: dedup keys are scoped to their integration. */
    dedupKey: text('dedup_key').notNull(),
    integration: text('integration').notNull(),
    source: text('source').notNull(),
    status: text('status').notNull(),
    summary: text('summary').notNull(),
    severity: text('severity'),
    labels: jsonb('labels').$type<Record<string, string>>().notNull(),
    annotations: jsonb('annotations').$type<Record<string, string>>().notNull(),
    startsAt: tstz('starts_at').notNull(),
    endsAt: tstz('ends_at'),
    lastSeenAt: tstz('last_seen_at').notNull(),
    count: integer('count').notNull().default(1),
    incidentId: int8('incident_id')
      .notNull()
      .references(() => incidents.id),
    joinReason: text('join_reason').notNull(),
    createdAt: tstz('created_at').notNull(),
    /**
     * Why the alert is muted, as of when it last fired or was re-checked: suppression's `MuteReason`s with
     * instants as ISO strings and a `reason` sentence each; empty when it is not muted.
     */
    mutedBy: jsonb('muted_by').$type<StoredMute[]>().notNull().default([]),
    /** Set while a person has marked the alert as noise (`StoredNoise`); null otherwise. */
    noise: jsonb('noise').$type<StoredNoise>(),
  },
  (t) => [index('alerts_dedup_key_idx').on(t.dedupKey, t.id), index('alerts_incident_idx').on(t.incidentId)],
);

export const timeline = pgTable(
  'timeline',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    incidentId: int8('incident_id')
      .notNull()
      .references(() => incidents.id),
    at: tstz('at').notNull(),
    kind: text('kind').notNull(),
    actor: text('actor').notNull(),
    message: text('message').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('timeline_incident_idx').on(t.incidentId, t.id)],
);
