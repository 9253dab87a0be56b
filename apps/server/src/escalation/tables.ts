/**
 * Escalations (one row per incident paged through a policy) and the escalation policies stored through the API.
 */
import { integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { int8, tstz } from '../db/index.ts';
import { incidents } from '../incident/index.ts';

export const escalations = pgTable('escalations', {
  incidentId: int8('incident_id')
    .primaryKey()
    .references(() => incidents.id),
  /** Why the escalation started: `initial` or `upgrade-P1`; part of every notification key it creates. */
  reason: text('reason').notNull(),
  /** The policy of the next step (changes on a hand-off). */
  policyId: text('policy_id').notNull(),
  nextStep: integer('next_step').notNull(),
  nextRound: integer('next_round').notNull(),
  /** When the next step is due; null once the escalation ended. */
  nextAt: tstz('next_at'),
  /**
   * Who asked for the next step to run even on an acknowledged incident: the person who pressed "escalate",
   * or `level upgrade` for the re-page of an upgrade. Cleared when a step runs.
   */
  requestedBy: text('requested_by'),
  /**
   * The pause-escalations maintenance window holding the next step (docs/convergence.md#pausing-escalations);
   * ending that window early brings the step forward (`escalation.resume`). Cleared when a step runs.
   */
  pausedBy: text('paused_by'),
  /** Notifications this escalation created so far. */
  pages: integer('pages').notNull().default(0),
  startedAt: tstz('started_at').notNull(),
  updatedAt: tstz('updated_at').notNull(),
  /** Set when the escalation stopped (acknowledged, mitigated, resolved) or ran out of steps. */
  endedAt: tstz('ended_at'),
  /**
   * Why it ended: `acknowledged`, `mitigated`, `resolved`, `closed` (the next position stays, so "escalate"
   * can still run it), `finished` (no further step) or `policy-missing` (the config dropped the policy).
   */
  endReason: text('end_reason'),
});

export const storedPolicies = pgTable('stored_escalation_policies', {
  id: text('id').primaryKey(),
  body: jsonb('body').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: tstz('updated_at').notNull(),
});
