/**
 * KPI watches: their evaluation state and their samples (DESIGN §2 KPI watch).
 */
import { doublePrecision, index, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { int8, tstz } from '../db/index.ts';

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
