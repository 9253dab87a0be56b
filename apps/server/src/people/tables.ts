/**
 * People (DESIGN §7): users, teams and memberships with scoped roles, contact methods with verification,
 * personal notification rules.
 *
 * Teams are declared in the config (config-as-code) or created through the API; config teams are mirrored
 * into `teams` with `source = 'config'` on every load so memberships can reference them.
 */
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { int8, tstz } from '../db/index.ts';

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
    /** Server-wide role: admin, manager, responder, viewer or stakeholder (kernel/roles.ts). */
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
 * An invitation to join a team (docs/security.md "Who can change whom"): a team's manager invites, the person
 * accepts or declines; until then nothing changes. `answer` is null while open; an open invitation past
 * `expiresAt` has expired. At most one open invitation per team and person.
 */
export const teamInvitations = pgTable(
  'team_invitations',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: int8('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The team role the person gets on accepting: manager, responder, viewer or stakeholder. */
    role: text('role').notNull(),
    /** The inviter's principal name (email or token name). */
    invitedBy: text('invited_by').notNull(),
    invitedByUserId: int8('invited_by_user_id'),
    createdAt: tstz('created_at').notNull(),
    expiresAt: tstz('expires_at').notNull(),
    /** `accepted`, `declined` or `cancelled`; null while open. */
    answer: text('answer'),
    answeredAt: tstz('answered_at'),
    answeredBy: text('answered_by'),
  },
  (t) => [
    uniqueIndex('team_invitations_open_uq')
      .on(t.teamId, t.userId)
      .where(sql`${t.answer} is null`),
    index('team_invitations_user_idx').on(t.userId),
  ],
);

/**
 * A link that lets a person set their password once (issue 12): an admin's invitation of a new user, or a
 * reset the person asked for. Only the SHA-256 of the token is kept; the token itself is in the email only.
 */
export const passwordLinks = pgTable(
  'password_links',
  {
    /** Hex SHA-256 of the token sent in the link. */
    tokenHash: text('token_hash').primaryKey(),
    userId: int8('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** `invite` (an admin made the account) or `reset` (the person asked). */
    purpose: text('purpose').notNull(),
    /** Who asked for it: the admin's principal name, or the person (a reset). */
    createdBy: text('created_by').notNull(),
    createdAt: tstz('created_at').notNull(),
    expiresAt: tstz('expires_at').notNull(),
    /** When it was used, or replaced by a newer link or a password change; null while it works. */
    usedAt: tstz('used_at'),
  },
  (t) => [index('password_links_user_idx').on(t.userId)],
);

/**
 * A person's saved views of the incident list (issue 12): a name and the list's address query, so they follow
 * the person from browser to browser. Gone with the person.
 */
export const savedViews = pgTable(
  'saved_views',
  {
    userId: int8('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The list's address query (`level=P1&team=payments`), without the `?`. */
    query: text('query').notNull(),
    updatedAt: tstz('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.name] })],
);
