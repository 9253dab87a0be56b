/**
 * Identity (DESIGN §7, docs/identity.md): users, teams and their members, API tokens, the audit log and the
 * console session, as the API accepts and returns them. Secrets (passwords, token hashes) never appear in an
 * answer; a token's secret appears once, in the answer that created it.
 */
import { z } from 'zod';
import { pageOf } from './page.ts';

/** Roles from least to most powerful (the server's auth/roles.ts holds the permission table). */
export const RoleName = z.enum(['stakeholder', 'viewer', 'responder', 'manager', 'admin']);
export type RoleName = z.infer<typeof RoleName>;

/** Roles a team membership may carry (admin is server-wide only). */
export const TeamRoleName = z.enum(['stakeholder', 'viewer', 'responder', 'manager']);
export type TeamRoleName = z.infer<typeof TeamRoleName>;

/** Permission names (same list as the server's PERMISSIONS table; a unit test keeps them equal). */
export const PermissionName = z.enum([
  'incident:summary',
  'incident:read',
  'incident:respond',
  'oncall:read',
  'oncall:write',
  'people:contact',
  'people:admin',
  'audit:read',
  'postmortem:review',
  'metrics:read',
  'server:admin',
]);
export type PermissionName = z.infer<typeof PermissionName>;

/** Console sign-in: an API token, or an email and password. */
export const SessionRequest = z
  .object({
    token: z.string().min(1).optional(),
    email: z.string().min(1).max(320).optional(),
    password: z.string().min(1).max(1024).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.token !== undefined) return;
    if (b.email === undefined && b.password === undefined) {
      ctx.addIssue({ code: 'custom', path: ['token'], message: 'send either {token} or {email, password}' });
    } else if (b.email === undefined) {
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'required with a password' });
    } else if (b.password === undefined) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'required with an email' });
    }
  });
export type SessionRequest = z.infer<typeof SessionRequest>;

/** Who is signed in, and what they may do (the console hides what is not allowed). */
export const SessionInfo = z.object({
  name: z.string().describe("a person's email or a service token's name"),
  role: z.string().describe('server-wide role'),
  userId: z.number().int().nullable().optional(),
  /** The person's role per team id. */
  teamRoles: z.record(z.string(), TeamRoleName).optional(),
  /** A token limited to one team. */
  tokenTeam: z.string().nullable().optional(),
  scopes: z.array(PermissionName).nullable().optional(),
  /** Permissions held server-wide (on data of any team). */
  permissions: z.array(PermissionName).optional(),
  /** Permissions held per team (server-wide ones plus those the team role adds). */
  teamPermissions: z.record(z.string(), z.array(PermissionName)).optional(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/** Which sign-in methods the server offers (no authentication needed). */
export const SignInMethods = z.object({ password: z.boolean(), oidc: z.boolean() });
export type SignInMethods = z.infer<typeof SignInMethods>;

/** A user's membership as shown on the user. */
export const UserTeam = z.object({ team: z.string(), role: TeamRoleName });

export const UserView = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  phone: z.string().nullable().describe('E.164'),
  timeZone: z.string().describe('IANA time zone'),
  locale: z.string().describe('BCP 47'),
  role: RoleName,
  source: z.enum(['config', 'api', 'oidc']),
  disabled: z.boolean(),
  /** Whether a password is set (the password itself is never returned). */
  hasPassword: z.boolean(),
  sso: z.boolean().describe('linked to a single sign-on identity'),
  teams: z.array(UserTeam),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type UserView = z.infer<typeof UserView>;

export const UserList = pageOf('users', UserView);
export type UserList = z.infer<typeof UserList>;

/**
 * One person in the directory (`GET /api/v1/people`): only what names them — no phone, contact methods, role
 * or teams. For showing a name where the API gives an email.
 */
export const DirectoryEntry = z.object({ id: z.number().int(), email: z.string(), name: z.string() });
export type DirectoryEntry = z.infer<typeof DirectoryEntry>;
export const PeopleDirectory = pageOf('people', DirectoryEntry);
export type PeopleDirectory = z.infer<typeof PeopleDirectory>;

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number, e.g. +14155550100');
const password = z.string().min(12, 'at least 12 characters').max(1024);

export const UserCreate = z.strictObject({
  email: z.email().max(320),
  name: z.string().trim().min(1).max(200),
  phone: e164.nullish(),
  timeZone: z.string().min(1).max(64).optional().describe('IANA time zone; default UTC'),
  locale: z.string().min(2).max(35).optional().describe('BCP 47; default en'),
  role: RoleName.optional().describe('default responder'),
  password: password.optional(),
  invite: z
    .boolean()
    .optional()
    .describe('email the person a link to set their password (works once, for 7 days); not with password'),
});
export type UserCreate = z.infer<typeof UserCreate>;

/** An invitation to set a password was emailed; the link works until `expiresAt`. */
export const UserInvited = z.object({ expiresAt: z.string() });
export type UserInvited = z.infer<typeof UserInvited>;

/** Ask for a password reset link by email (the answer never says whether the address has an account). */
export const PasswordResetRequest = z.strictObject({ email: z.email().max(320) });
export type PasswordResetRequest = z.infer<typeof PasswordResetRequest>;

/** Set a password with the token of an emailed invitation or reset link. */
export const PasswordSet = z.strictObject({
  token: z.string().trim().min(20, 'the token from the link').max(200),
  password,
});
export type PasswordSet = z.infer<typeof PasswordSet>;

/** The password was set: sign in with this email. */
export const PasswordSetDone = z.object({ email: z.string() });
export type PasswordSetDone = z.infer<typeof PasswordSetDone>;

/** A person may change their own name, phone, time zone, locale and password; an admin also role and disabled. */
export const UserUpdate = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  phone: e164.nullish(),
  timeZone: z.string().min(1).max(64).optional(),
  locale: z.string().min(2).max(35).optional(),
  password: password.optional(),
  role: RoleName.optional(),
  disabled: z.boolean().optional(),
});
export type UserUpdate = z.infer<typeof UserUpdate>;

export const TeamMemberView = z.object({
  userId: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: TeamRoleName,
  source: z.string().describe('config (from the config file) or api'),
});
export type TeamMemberView = z.infer<typeof TeamMemberView>;

export const TeamView = z.object({
  id: z.string(),
  name: z.string(),
  source: z.string().describe('config or api'),
  escalationPolicy: z
    .object({
      id: z.string(),
      source: z.enum(['config', 'api']).describe('config: named in the config file (read-only); api: linked'),
    })
    .nullable()
    .describe("the escalation policy the team's incidents are paged through; null: its on-call list"),
  members: z.array(TeamMemberView),
});
export type TeamView = z.infer<typeof TeamView>;

export const TeamList = pageOf('teams', TeamView);
export type TeamList = z.infer<typeof TeamList>;

export const TeamCreate = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes'),
  name: z.string().trim().min(1).max(200),
});
export type TeamCreate = z.infer<typeof TeamCreate>;

/** Links an escalation policy to a team (null unlinks); a policy the config file names is changed there. */
export const TeamUpdate = z.strictObject({
  escalationPolicy: z.string().trim().min(1).max(200).nullable(),
});
export type TeamUpdate = z.infer<typeof TeamUpdate>;

export const MemberAdd = z.strictObject({
  email: z.email(),
  role: TeamRoleName.default('responder'),
});
export type MemberAdd = z.infer<typeof MemberAdd>;

export const MemberUpdate = z.strictObject({ role: TeamRoleName });
export type MemberUpdate = z.infer<typeof MemberUpdate>;

/** Where an invitation to a team stands; `expired` is an open invitation past its expiry. */
export const InvitationStatus = z.enum(['pending', 'accepted', 'declined', 'cancelled', 'expired']);
export type InvitationStatus = z.infer<typeof InvitationStatus>;

/** An invitation to join a team: nothing changes until the person accepts it. */
export const InvitationView = z.object({
  id: z.number().int(),
  team: z.string(),
  teamName: z.string(),
  userId: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: TeamRoleName.describe('the team role on accepting'),
  invitedBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  status: InvitationStatus,
  answeredAt: z.string().nullable(),
});
export type InvitationView = z.infer<typeof InvitationView>;

export const InvitationList = z.object({ invitations: z.array(InvitationView) });
export type InvitationList = z.infer<typeof InvitationList>;

export const InvitationCreate = z.strictObject({
  email: z.email(),
  role: TeamRoleName.default('responder'),
});
export type InvitationCreate = z.infer<typeof InvitationCreate>;

export const TokenCreate = z.strictObject({
  name: z.string().trim().min(1).max(200).describe('who acts with the token: an email for people'),
  role: RoleName,
  scopes: z.array(PermissionName).min(1).optional().describe('limit the token to these permissions'),
  team: z.string().min(1).optional().describe('limit the token to this team'),
  user: z.email().optional().describe("a personal token: acts as this user (never above the user's role)"),
});
export type TokenCreate = z.infer<typeof TokenCreate>;

export const TokenCreated = z.object({
  id: z.number().int(),
  token: z.string().describe('the secret; shown only in this answer'),
  name: z.string(),
  role: z.string(),
});
export type TokenCreated = z.infer<typeof TokenCreated>;

export const TokenView = z.object({
  id: z.number().int(),
  name: z.string(),
  role: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revoked: z.boolean(),
  scopes: z.array(z.string()).nullable(),
  team: z.string().nullable(),
  user: z.string().nullable().describe("the person's email for a personal token"),
  lastUsedAt: z.string().nullable().describe('to the minute'),
});
export type TokenView = z.infer<typeof TokenView>;

export const TokenList = pageOf('tokens', TokenView);
export type TokenList = z.infer<typeof TokenList>;

export const AuditEntryView = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditList = pageOf('entries', AuditEntryView);
export type AuditList = z.infer<typeof AuditList>;

/** A saved view of the incident list (issue 12): a person's name for a list address query, kept on the server. */
export const SavedViewView = z.object({
  name: z.string(),
  query: z.string().describe('the list address query, e.g. level=P1&team=payments'),
  updatedAt: z.string(),
});
export type SavedViewView = z.infer<typeof SavedViewView>;

export const SavedViewList = z.object({ views: z.array(SavedViewView) });
export type SavedViewList = z.infer<typeof SavedViewList>;

/** Saves a view under `name` (trimmed), replacing one of the same name. */
export const SavedViewPut = z.strictObject({
  name: z.string().trim().min(1, 'name is empty').max(60),
  query: z
    .string()
    .max(2000)
    .refine((q) => !q.startsWith('?'), 'the query without its leading "?"'),
});
export type SavedViewPut = z.infer<typeof SavedViewPut>;

/**
 * A service of the catalog as the console shows it (`GET /api/v1/services`): its owning team and the
 * escalation policy its incidents are paged through before the team's (issue 12).
 */
export const ServiceView = z.object({
  id: z.string(),
  name: z.string(),
  team: z.string().describe('owning team id'),
  module: z.string(),
  businessLine: z.string(),
  escalationPolicy: z
    .object({
      id: z.string(),
      source: z.enum(['config', 'api']).describe('config: named in the config file (read-only); api: linked'),
    })
    .nullable()
    .describe("the service's own escalation policy; null: its incidents are paged through the team's"),
  teamPolicy: z.string().nullable().describe("the owning team's escalation policy (used when the service has none)"),
});
export type ServiceView = z.infer<typeof ServiceView>;
export const ServiceList = pageOf('services', ServiceView);
export type ServiceList = z.infer<typeof ServiceList>;

/** Links an escalation policy to a service (null unlinks); a policy the config file names is changed there. */
export const ServiceUpdate = z.strictObject({
  escalationPolicy: z.string().trim().min(1).max(200).nullable(),
});
export type ServiceUpdate = z.infer<typeof ServiceUpdate>;
