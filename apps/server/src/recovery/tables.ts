/**
 * Recovery step runs (issue 9 point 3; docs/recovery.md): per incident, each playbook step someone asked
 * for, with its approvals, skips, automation attempts and answers. The incident timeline has every event.
 */
import { integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { int8, tstz } from '../db/index.ts';

export const recoverySteps = pgTable(
  'recovery_steps',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    incidentId: int8('incident_id').notNull(),
    playbookId: text('playbook_id').notNull(),
    stepId: text('step_id').notNull(),
    method: text('method').notNull(),
    /** The services it acts on, resolved when it was asked for. */
    targets: jsonb('targets').$type<string[]>().notNull(),
    /** awaiting_approval | queued | running | succeeded | failed | done | skipped */
    status: text('status').notNull(),
    requestedBy: text('requested_by').notNull(),
    requestedAt: tstz('requested_at').notNull(),
    approvalsNeeded: integer('approvals_needed').notNull(),
    /** Each approval: who, when, and as what (coordinator, listed approver, manager/admin override). */
    approvals: jsonb('approvals')
      .$type<Array<{ by: string; at: string; as?: 'coordinator' | 'approver' | 'override' }>>()
      .notNull()
      .default([]),
    skipReason: text('skip_reason'),
    attempts: integer('attempts').notNull().default(0),
    /** The automation's last answer: HTTP status and the start of the body. */
    lastAnswer: jsonb('last_answer').$type<{ status: number; body: string } | null>(),
    lastError: text('last_error'),
    /** When it was first executed (the automation first called, or done by hand): recovery_started_at. */
    startedAt: tstz('started_at'),
    finishedAt: tstz('finished_at'),
    /** For a rollback step: the change it rolls back (the one labelled caused, else the top suspect). */
    changeId: int8('change_id'),
  },
  (t) => [uniqueIndex('recovery_steps_uq').on(t.incidentId, t.playbookId, t.stepId)],
);

/**
 * Playbooks stored through the API or the console's editor (docs/recovery.md "Saving playbooks"): the config
 * shape plus an optional owning `team`, merged over the config file's playbooks (recovery/stored.ts).
 */
export const storedPlaybooks = pgTable('stored_playbooks', {
  id: text('id').primaryKey(),
  body: jsonb('body').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: tstz('updated_at').notNull(),
});
