/**
 * Versioned level rules per module (DESIGN §4: a change takes effect once the technical owner approves it).
 */
import { sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { int8, tstz } from '../db/index.ts';

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
