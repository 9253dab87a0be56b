/**
 * People (DESIGN §7): users, teams and memberships with scoped roles, contact methods with verification,
 * personal notification rules.
 *
 * Teams are declared in the config (config-as-code) or created through the API; config teams are mirrored
 * into `teams` with `source = 'config'` on every load so memberships can reference them.
 */
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { int8, tstz } from '../db/columns.ts';

/** A person who can sign in and be paged. `email` is stored lower-case and is the person's stable handle. */
export const users = pgTable(
  'users',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    email: text('email').notNull().unique(),
    name: text('name').notNull(),
    /** E.164, e.g. +14155550100; informational (SMS/voice go to verified contact methods). */
    phone: text('phone'),
    /** IANA zone, e.g. Europe/Berlin. */
    timeZone: text('time_zone').notNull().default('UTC'),
    /** BCP 47, e.g. en, de-DE, zh-CN. */
    locale: text('locale').notNull().default('en'),
    /** Server-wide role: admin, manager, responder, viewer or stakeholder (auth/roles.ts). */
    role: text('role').notNull().default('responder'),
    /** argon2id PHC string; null when the person signs in only through single sign-on. */
    passwordHash: text('password_hash'),
    oidcIssuer: text('oidc_issuer'),
    oidcSubject: text('oidc_subject'),
    /** `config` (a config team member), `api` (created by an admin) or `oidc` (first single sign-on). */
    source: text('source').notNull(),
    disabledAt: tstz('disabled_at'),
    createdAt: tstz('created_at').notNull(),
    updatedAt: tstz('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('users_oidc_uq')
      .on(t.oidcIssuer, t.oidcSubject)
      .where(sql`${t.oidcSubject} is not null`),
  ],
);

/** A team: mirrored from the config (`source = 'config'`) or created through the API (`source = 'api'`). */
export const teams = pgTable('teams', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  source: text('source').notNull(),
  /** Escalation policy the team is paged through (for API teams; config teams carry it in the config). */
  escalationPolicy: text('escalation_policy'),
  createdAt: tstz('created_at').notNull(),
  updatedAt: tstz('updated_at').notNull(),
});

/** A person's role in one team (roles are scoped to teams). */
export const teamMembers = pgTable(
  'team_members',
  {
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: int8('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** manager, responder, viewer or stakeholder. */
    role: text('role').notNull(),
    /** Position in the team's member list (round-robin order). */
    position: integer('position').notNull().default(0),
    source: text('source').notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index('team_members_user_idx').on(t.userId)],
);

/**
 * A way to reach a person: `email`, `sms`, `voice` (an E.164 number) or `chat` (a handle on a configured chat
 * channel, e.g. a Slack member id). Used only once `verifiedAt` is set.
 */
export const contactMethods = pgTable(
  'contact_methods',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: int8('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    address: text('address').notNull(),
    /** For `chat`: the configured channel id it is reached through. */
    channelId: text('channel_id'),
    label: text('label'),
    verifiedAt: tstz('verified_at'),
    /** Set after a permanent delivery failure (e.g. a number the provider rejects); cleared by re-verifying. */
    disabledAt: tstz('disabled_at'),
    disabledReason: text('disabled_reason'),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [
    index('contact_methods_user_idx').on(t.userId),
    uniqueIndex('contact_methods_user_kind_address_uq').on(t.userId, t.kind, t.address),
  ],
);

/** The pending verification code of a contact method (SHA-256 of a 6-digit code; at most 5 tries). */
export const verificationCodes = pgTable('verification_codes', {
  contactMethodId: int8('contact_method_id')
    .primaryKey()
    .references(() => contactMethods.id, { onDelete: 'cascade' }),
  codeHash: text('code_hash').notNull(),
  attempts: integer('attempts').notNull().default(0),
  sentAt: tstz('sent_at').notNull(),
  expiresAt: tstz('expires_at').notNull(),
});

/** A personal notification rule: for incidents of `urgency`, notify `contactMethodId` `delayMinutes` after the page. */
export const notificationRules = pgTable(
  'notification_rules',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: int8('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    contactMethodId: int8('contact_method_id')
      .notNull()
      .references(() => contactMethods.id, { onDelete: 'cascade' }),
    /** `high` or `low`. */
    urgency: text('urgency').notNull(),
    delayMinutes: integer('delay_minutes').notNull().default(0),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [index('notification_rules_user_idx').on(t.userId)],
);
