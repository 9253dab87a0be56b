/**
 * The job table: durable timers and the transactional outbox (DESIGN §10). A job is inserted in the same
 * transaction as the change that causes it; workers claim due jobs with `FOR UPDATE SKIP LOCKED`, so several
 * nodes never run one job twice.
 */
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { int8, tstz } from '../db/index.ts';

export const jobs = pgTable(
  'jobs',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    runAt: tstz('run_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lockedUntil: tstz('locked_until'),
    lockedBy: text('locked_by'),
    lastError: text('last_error'),
    doneAt: tstz('done_at'),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [
    index('jobs_due_idx')
      .on(t.runAt)
      .where(sql`${t.doneAt} is null`),
  ],
);
