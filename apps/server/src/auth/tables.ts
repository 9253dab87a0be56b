/**
/**
 * API tokens and console sessions (stored as SHA-256 hashes of high-entropy random tokens), the links between
 * single sign-on identities and people, the failed-sign-in counts and the replay guard for signed inbound
 * requests.
 */
import { index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { int8, tstz } from '../db/index.ts';

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
  /** Scopes (kernel/roles.ts), e.g. `incidents:read`; null = everything the role allows. */
  scopes: jsonb('scopes').$type<string[]>(),
  /** A token limited to one team's data; null = not limited. */
  teamId: text('team_id'),
  lastUsedAt: tstz('last_used_at'),
  /**
   * For a session started with an API token: that token's id. The session lives only while the token does
   * (auth/session.ts). Null for a password or single sign-on session, which belongs to `user_id`.
   */
  parentId: int8('parent_id'),
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

/**
 * Failed-sign-in counters of the limiter (auth/sign-in-limit.ts), one row per key (`account+client` or
 * `client`): points counted in the window that ends at `expire`. The column names are the ones the
 * rate-limiter-flexible Drizzle store reads and writes.
 */
export const signInLimits = pgTable(
  'sign_in_limits',
  {
    key: text('key').primaryKey(),
    points: integer('points').notNull(),
    expire: tstz('expire'),
  },
  (t) => [index('sign_in_limits_expire_idx').on(t.expire)],
);

/**
 * One-time keys of signed inbound requests (auth/replay-guard.ts), e.g. a Slack request's timestamp and
 * signature, kept until the request could no longer pass its freshness check anyway.
 */
export const replayGuard = pgTable(
  'replay_guard',
  {
    key: text('key').primaryKey(),
    expiresAt: tstz('expires_at').notNull(),
  },
  (t) => [index('replay_guard_expires_at_idx').on(t.expiresAt)],
);
