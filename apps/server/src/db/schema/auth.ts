/** API tokens and console sessions (stored as SHA-256 hashes of high-entropy random tokens), and settings. */
import { pgTable, text } from 'drizzle-orm/pg-core';
import { int8, tstz } from './columns.ts';

export const apiTokens = pgTable('api_tokens', {
  id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull(),
  /** `api` (bearer token for automation) or `session` (console cookie). */
  kind: text('kind').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  role: text('role').notNull(),
  createdAt: tstz('created_at').notNull(),
  expiresAt: tstz('expires_at'),
  revokedAt: tstz('revoked_at'),
});

/** Server-wide settings generated on first start (e.g. the link-signing secret). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
