/**
 * People (DESIGN §7): users, team memberships with scoped roles, contact methods with verification, personal
 * notification rules, the audit log, runtime-edited schedules, overrides and escalation policies, digests
 * (storm control), short links (SMS acknowledgement) and sent hand-off notices.
 *
 * Teams are declared in the config (config-as-code) or created through the API (`teams`); config teams are
 * mirrored into `teams` with `source = 'config'` on every load so memberships can reference them.
 */
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { int8, tstz } from './columns.ts';
import { incidents } from './incident.ts';

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
 * Schedules and escalation policies created or edited at runtime (console, API). `body` is validated with
 * the same zod schema as the config's; an id defined in the config cannot be stored here.
 */
export const storedSchedules = pgTable('stored_schedules', {
  id: text('id').primaryKey(),
  body: jsonb('body').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: tstz('updated_at').notNull(),
});

export const storedPolicies = pgTable('stored_escalation_policies', {
  id: text('id').primaryKey(),
  body: jsonb('body').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: tstz('updated_at').notNull(),
});

/** A schedule override made at runtime (config or stored schedule): `userEmail` is on call in [start, end). */
export const scheduleOverrides = pgTable(
  'schedule_overrides',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    scheduleId: text('schedule_id').notNull(),
    userEmail: text('user_email').notNull(),
    /** Whom it replaces (a swap); null adds the person on top of whoever is on call. */
    replacesEmail: text('replaces_email'),
    startAt: tstz('start_at').notNull(),
    endAt: tstz('end_at').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [index('schedule_overrides_schedule_idx').on(t.scheduleId, t.endAt)],
);

/**
 * An iCalendar feed link (oncall/feed-links.ts): the feed URL carries a token signed over this row's id, so
 * each link can be revoked on its own. `target` is the schedule id, or the user id as text.
 */
export const feedLinks = pgTable(
  'feed_links',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    /** `schedule` or `user`. */
    kind: text('kind').notNull(),
    target: text('target').notNull(),
    /** What the creator calls it, e.g. "phone calendar". */
    label: text('label'),
    /** The creator's principal name (email or token name). */
    createdBy: text('created_by').notNull(),
    /** The creator when a person: the link works only while they still may read the feed. */
    createdByUserId: int8('created_by_user_id').references(() => users.id, { onDelete: 'cascade' }),
    createdAt: tstz('created_at').notNull(),
    revokedAt: tstz('revoked_at'),
    revokedBy: text('revoked_by'),
  },
  (t) => [index('feed_links_creator_idx').on(t.createdByUserId), index('feed_links_target_idx').on(t.kind, t.target)],
);

/**
 * Storm control: notifications held back for a person over budget are bundled into one digest per person
 * and contact method, sent when `dueAt` comes.
 */
export const digests = pgTable(
  'digests',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: int8('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    contactMethodId: int8('contact_method_id').notNull(),
    dueAt: tstz('due_at').notNull(),
    sentAt: tstz('sent_at'),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('digests_open_uq')
      .on(t.userId, t.contactMethodId)
      .where(sql`${t.sentAt} is null`),
  ],
);

/** Short links for SMS (`/s/<code>`): a code standing for a signed action on one incident. */
export const shortLinks = pgTable('short_links', {
  code: text('code').primaryKey(),
  incidentId: int8('incident_id')
    .notNull()
    .references(() => incidents.id),
  action: text('action').notNull(),
  recipient: text('recipient').notNull(),
  /** The person the page was for (null: a channel or an address of nobody); checked when the link is used. */
  userId: int8('user_id'),
  expiresAt: tstz('expires_at').notNull(),
  createdAt: tstz('created_at').notNull(),
});

/** Hand-off notices sent (`schedule:user:shiftStart`), so each is sent once across nodes. */
export const handoffNotices = pgTable('handoff_notices', {
  key: text('key').primaryKey(),
  sentAt: tstz('sent_at').notNull(),
});
