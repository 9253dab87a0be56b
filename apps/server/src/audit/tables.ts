/**
 * The audit log: who changed what, when, with the value before and after (secrets removed).
 */
import { index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { int8, tstz } from '../db/index.ts';

/** Every change made through the API, console or CLI: who, what, before and after. Append-only. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    at: tstz('at').notNull(),
    /** The principal's name (a user's email, a token's name, or `system`). */
    actor: text('actor').notNull(),
    actorUserId: int8('actor_user_id'),
    /** e.g. `user.create`, `contact-method.verify`, `token.revoke`. */
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    /** Secrets (password hashes, token hashes, codes) are never stored here. */
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id'),
  },
  (t) => [index('audit_log_target_idx').on(t.targetType, t.targetId), index('audit_log_at_idx').on(t.at)],
);
