/**
 * API tokens and console sessions (stored as SHA-256 hashes of high-entropy random tokens), and the links between
 * single sign-on identities and people.
 */
import { jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { int8, tstz } from '../db/columns.ts';

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
  /** The user the token or session acts for (null for a service token). */
  userId: int8('user_id'),
  /** Scopes (auth/roles.ts), e.g. `incidents:read`; null = everything the role allows. */
  scopes: jsonb('scopes').$type<string[]>(),
  /** A token limited to one team's data; null = not limited. */
  teamId: text('team_id'),
  lastUsedAt: tstz('last_used_at'),
});

/** An OIDC sign-in in flight: state → PKCE verifier and nonce (10 minutes). */
export const oidcLogins = pgTable('oidc_logins', {
  state: text('state').primaryKey(),
  codeVerifier: text('code_verifier').notNull(),
  nonce: text('nonce').notNull(),
  /** Console path to return to after sign-in. */
  next: text('next'),
  createdAt: tstz('created_at').notNull(),
});
