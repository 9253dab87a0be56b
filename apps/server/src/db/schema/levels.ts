/**
 * Versioned level rules per module (DESIGN §4: "level rules are versioned and a change takes effect once
 * the module's technical owner approves it"), and KPI watch state and samples.
 */
import { sql } from 'drizzle-orm';
import { doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { int8, tstz } from './columns.ts';

export const levelRuleVersions = pgTable(
  'level_rule_versions',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    module: text('module').notNull(),
    /** 1, 2, 3… per module. */
    version: integer('version').notNull(),
    /** LevelRuleConfig[] scoped to the module. */
    rules: jsonb('rules').$type<unknown[]>().notNull(),
    /** draft → pending (submitted) → approved (active; the previous approved one becomes superseded) | rejected. */
    status: text('status').notNull(),
    author: text('author').notNull(),
    note: text('note'),
    createdAt: tstz('created_at').notNull(),
    submittedAt: tstz('submitted_at'),
    decidedBy: text('decided_by'),
    decidedAt: tstz('decided_at'),
    decisionReason: text('decision_reason'),
  },
  (t) => [
    uniqueIndex('level_rule_versions_module_version_uq').on(t.module, t.version),
    // At most one approved (active) version per module.
    uniqueIndex('level_rule_versions_active_uq')
      .on(t.module)
      .where(sql`${t.status} = 'approved'`),
  ],
);

export const kpiWatchState = pgTable('kpi_watch_state', {
  watchId: text('watch_id').primaryKey(),
  lastEvaluatedAt: tstz('last_evaluated_at'),
  lastValue: doublePrecision('last_value'),
  lastBaseline: doublePrecision('last_baseline'),
  /** Drop against the baseline in %, 0–100 (negative when above it). */
  lastDropPct: doublePrecision('last_drop_pct'),
  /** ok | breach | error | no-data */
  status: text('status').notNull(),
  lastError: text('last_error'),
  /** Since when the current drop band has held (for the rule's window). */
  breachStartedAt: tstz('breach_started_at'),
  incidentId: int8('incident_id'),
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
});

export const kpiSamples = pgTable(
  'kpi_samples',
  {
    watchId: text('watch_id').notNull(),
    at: tstz('at').notNull(),
    value: doublePrecision('value').notNull(),
    baseline: doublePrecision('baseline'),
    /** prometheus | push */
    source: text('source').notNull(),
  },
  (t) => [primaryKey({ columns: [t.watchId, t.at] }), index('kpi_samples_at_idx').on(t.at)],
);
