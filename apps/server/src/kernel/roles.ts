/**
 * Roles and permissions (DESIGN §7 identity): one table, used by the API, the console (through
 * `GET /api/v1/session`) and the CLI (which calls the API), so all three enforce the same rules.
 *
 * - A person has a server-wide role (`users.role`) and a role in each team they belong to (`team_members`).
 *   Their role for a team's data is the stronger of the two; `admin` is only ever server-wide.
 * - A token may be limited to one team (`api_tokens.team_id`): it then acts only on that team's data, and
 *   sees other teams' data as if it had no role there. It may also carry scopes: a subset of its role's
 *   permissions.
 *
 * Pure functions, no I/O.
 */

/** Roles from least to most powerful (stakeholder < viewer < responder < manager < admin). */
export const ROLES = ['stakeholder', 'viewer', 'responder', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles a team membership may carry (admin is server-wide only). */
export const TEAM_ROLES = ['stakeholder', 'viewer', 'responder', 'manager'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/**
 * What a principal may do. Team-scoped permissions are checked against the team that owns the data (an
 * incident's team, a schedule's or policy's team); the others are server-wide.
 */
export const PERMISSIONS = {
  /** Incident summaries: title, status, level, service (what stakeholders get). */
  'incident:summary': 'stakeholder',
  /** Full incidents: alerts, timeline, deliveries, facts. */
  'incident:read': 'viewer',
  /** Acknowledge, resolve, escalate, change level, record impact facts. */
  'incident:respond': 'responder',
  /** Schedules, escalation policies, who is on call, the simulator, teams and their members. */
  'oncall:read': 'viewer',
  /**
   * Create or edit schedules, overrides and escalation policies of a team; invite people to it, change its
   * members' roles and remove members (adding someone without their consent is `people:admin`).
   */
  'oncall:write': 'manager',
  /**
   * Other people's contact methods and notification rules (one's own are always readable and editable).
   * Admin only: whoever may change where a person is paged can take over their pages (docs/security.md).
   */
  'people:contact': 'admin',
  /** Create users, change their server-wide role, disable them, add them to a team without an invitation. */
  'people:admin': 'admin',
  /** The audit log. */
  'audit:read': 'manager',
  /** Waive a postmortem checkpoint with a reason (a reviewer: the team's manager). */
  'postmortem:review': 'manager',
  /** Prometheus metrics at /metrics (give a scraper a token scoped to this alone). */
  'metrics:read': 'viewer',
  /** Tokens, config reload, providers. */
  'server:admin': 'admin',
} as const satisfies Record<string, Role>;
export type Permission = keyof typeof PERMISSIONS;

/** Who acts on a request: a person (console session or personal token) or a service token. */
export interface Principal {
  /** A person's email, or a service token's name. */
  name: string;
  /** Server-wide role. */
  role: Role;
  /** `api` for a bearer token, `session` for the console. */
  kind: 'api' | 'session';
  /** The person, when the principal is one. */
  userId: number | null;
  /** The person's role per team id. */
  teamRoles: Readonly<Record<string, TeamRole>>;
  /** A token limited to one team, or null. */
  tokenTeam: string | null;
  /** A token's scopes, or null for every permission its role has. */
  scopes: readonly Permission[] | null;
  /** The id of the token or session the request came with; absent for the server's own actor. */
  credentialId?: number;
}

/** Whether `s` names a role. */
export const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s);

const rank = (r: Role) => ROLES.indexOf(r);

/** The stronger of two roles. */
export function stronger(a: Role, b: Role): Role {
  return rank(a) >= rank(b) ? a : b;
}

/** Whether `role` has `permission` (by the table above). */
export function roleAllows(role: Role, permission: Permission): boolean {
  return rank(role) >= rank(PERMISSIONS[permission]);
}

/**
 * The principal's role for data owned by `team` (null: server-wide data, or data of no team): the stronger
 * of the server-wide role and the team role. A token limited to another team has no role there (null result
 * means "nothing").
 */
export function roleFor(p: Principal, team: string | null | undefined): Role | null {
  if (p.tokenTeam !== null && team !== p.tokenTeam) {
    // Limited tokens act only inside their team; server-wide data is out of reach too, except for admins'
    // read of their own team (handled by passing the team).
    return null;
  }
  const teamRole = team ? p.teamRoles[team] : undefined;
  return teamRole ? stronger(p.role, teamRole) : p.role;
}

/**
 * Whether the principal may do `permission` on data owned by `team` (omit for server-wide data).
 * Scopes narrow, never widen.
 */
export function can(p: Principal, permission: Permission, team?: string | null): boolean {
  if (p.scopes && !p.scopes.includes(permission)) return false;
  const role = roleFor(p, team ?? null);
  return role !== null && roleAllows(role, permission);
}

/** Teams on which the principal may do `permission` through a team role (for filtering lists). */
export function teamsWith(p: Principal, permission: Permission): string[] {
  return Object.keys(p.teamRoles).filter((t) => can(p, permission, t));
}
