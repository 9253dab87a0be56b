/**
 * Who a token or console session acts as (DESIGN §7 identity).
 *
 * - A service token (no user) is what it was created as: its stored role, no team roles.
 * - A console session or personal token of a person acts as the person: their current server-wide role and
 *   their role in each team they belong to, read on every request, so a demotion, a new team role or a
 *   disabled account takes effect at once.
 * - Never above the role the token or session was created with: when that role is weaker than the person's
 *   current one (a personal token made deliberately weak, or a session from before a promotion), it caps
 *   the server-wide role and every team role. A promotion therefore applies from the next sign-in.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { teamMembers, users } from '../people/index.ts';
import { isRole, ROLES, type Permission, type Principal, type Role, type TeamRole } from '../kernel/index.ts';

/** What verifyToken read from `api_tokens`. */
export interface TokenRow {
  id: number;
  name: string;
  role: Role;
  kind: string;
  userId: number | null;
  teamId: string | null;
  scopes: unknown;
  /** The token's person (joined in the same query), all null for a service token or a deleted person. */
  userEmail: string | null;
  userRole: string | null;
  userDisabledAt: Date | null;
}

const rank = (r: Role) => ROLES.indexOf(r);
const weaker = <R extends Role>(a: R, b: Role): R | Role => (rank(a) <= rank(b) ? a : b);

/**
 * The principal of a token row (with its person joined), reading the person's team roles for a session or
 * personal token.
 * @returns null when the token's person no longer exists or is disabled
 */
export async function principalOf(db: Db, row: TokenRow): Promise<Principal | null> {
  const kind = row.kind === 'session' ? 'session' : 'api';
  const scopes = Array.isArray(row.scopes) ? (row.scopes as Permission[]) : null;
  if (row.userId === null) {
    return {
      name: row.name,
      role: row.role,
      kind,
      userId: null,
      teamRoles: {},
      tokenTeam: row.teamId,
      scopes,
      credentialId: row.id,
    };
  }
  const user = { email: row.userEmail, role: row.userRole, disabledAt: row.userDisabledAt };
  if (user.email === null || user.role === null || user.disabledAt !== null || !isRole(user.role)) return null;
  const memberships = await db
    .select({ teamId: teamMembers.teamId, role: teamMembers.role })
    .from(teamMembers)
    .where(eq(teamMembers.userId, row.userId));
  const cap: Role | null = rank(row.role) < rank(user.role) ? row.role : null;
  const teamRoles: Record<string, TeamRole> = {};
  for (const m of memberships) {
    if (!isRole(m.role) || m.role === 'admin') continue;
    teamRoles[m.teamId] = (cap ? weaker(m.role, cap) : m.role) as TeamRole;
  }
  return {
    name: user.email,
    role: cap ?? user.role,
    kind,
    userId: row.userId,
    teamRoles,
    tokenTeam: row.teamId,
    scopes,
    credentialId: row.id,
  };
}

/**
 * The principal of person `userId` as themself — their current server-wide and team roles, no token limit
 * or scope — for checks made outside a request: whether the person a link was made for still may use it.
 * @returns null when the person does not exist or is disabled
 */
export async function personPrincipal(db: Db, userId: number): Promise<Principal | null> {
  const [u] = await db
    .select({ email: users.email, role: users.role, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!u || !isRole(u.role)) return null;
  return principalOf(db, {
    // Not a stored credential: no token id to bind to.
    id: 0,
    name: u.email,
    role: u.role,
    kind: 'api',
    userId,
    teamId: null,
    scopes: null,
    userEmail: u.email,
    userRole: u.role,
    userDisabledAt: u.disabledAt,
  });
}
