/**
 * Who is acting from outside the console: the person behind a Slack user, a phone number or a link's
 * recipient address. Only verified, enabled contact methods of enabled users count: a number or handle
 * someone merely typed in proves nothing.
 */
import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { contactMethods } from '../tables.ts';
import { teamMembers, users } from '../../people/tables.ts';
import { incidents } from '../../incident/tables.ts';
import { AppError } from '../../lib/errors.ts';
import { isRole, roleAllows, stronger, type Role } from '../../kernel/roles.ts';

/** A Faultline user found for an inbound action. */
export interface KnownPerson {
  userId: number;
  /** Display name, used on the timeline ("acknowledged by Ana via Slack"). */
  name: string;
  email: string;
  /** Server-wide role. */
  role: Role;
  /** Role per team id. */
  teamRoles: Record<string, Role>;
}

/** Kinds of contact method (people.ts `contact_methods.kind`) an inbound action is matched on. */
export type InboundKind = 'sms' | 'voice' | 'chat';

async function withRoles(db: Db, u: { id: number; name: string; email: string; role: string }): Promise<KnownPerson> {
  const memberships = await db
    .select({ teamId: teamMembers.teamId, role: teamMembers.role })
    .from(teamMembers)
    .where(eq(teamMembers.userId, u.id));
  const teamRoles: Record<string, Role> = {};
  for (const m of memberships) if (isRole(m.role)) teamRoles[m.teamId] = m.role;
  return { userId: u.id, name: u.name, email: u.email, role: isRole(u.role) ? u.role : 'viewer', teamRoles };
}

const userColumns = { id: users.id, name: users.name, email: users.email, role: users.role };

/** The enabled user with this email (case-insensitive), or null. */
export async function personByEmail(db: Db, email: string): Promise<KnownPerson | null> {
  const [u] = await db
    .select(userColumns)
    .from(users)
    .where(and(eq(users.email, email.trim().toLowerCase()), isNull(users.disabledAt)))
    .limit(1);
  return u ? withRoles(db, u) : null;
}

/**
 * The enabled user owning a verified, enabled contact method of one of `kinds` whose address is `address`
 * (an E.164 number for sms/voice, a Slack member id for chat). Null when nobody does, or when the address
 * is verified by more than one person (an action must not pick one of them at random).
 */
export async function personByContact(db: Db, kinds: InboundKind[], address: string): Promise<KnownPerson | null> {
  const found = await db
    .selectDistinct(userColumns)
    .from(contactMethods)
    .innerJoin(users, eq(users.id, contactMethods.userId))
    .where(
      and(
        inArray(contactMethods.kind, kinds),
        eq(contactMethods.address, address.trim()),
        isNotNull(contactMethods.verifiedAt),
        isNull(contactMethods.disabledAt),
        isNull(users.disabledAt),
      ),
    )
    .limit(2);
  return found.length === 1 ? withRoles(db, found[0]!) : null;
}

/** Ids of `userId`'s contact methods at `address` (to find the pages sent to that number). */
export async function contactMethodIds(db: Db, userId: number, address: string): Promise<number[]> {
  const rows = await db
    .select({ id: contactMethods.id })
    .from(contactMethods)
    .where(and(eq(contactMethods.userId, userId), eq(contactMethods.address, address)));
  return rows.map((r) => r.id);
}

/**
 * Who a signed link's recipient is: the user with that email, or with a verified contact method at that
 * address; else the address itself (a chat channel a page was posted to, an address of nobody known).
 * The link's signature, not a role, is what lets its holder act: the page was sent to them.
 */
export async function linkHolder(db: Db, recipient: string): Promise<{ name: string; userId: number | null }> {
  const person = recipient.includes('@')
    ? await personByEmail(db, recipient)
    : await personByContact(db, ['sms', 'voice', 'chat'], recipient);
  return person ? { name: person.name, userId: person.userId } : { name: recipient, userId: null };
}

/**
 * Whether `person` may acknowledge or resolve an incident of `team` (permission `incident:respond`,
 * responder or above; the stronger of the server-wide and the team role, as auth/roles.ts rules).
 */
export function mayRespond(person: KnownPerson, team: string | null): boolean {
  const teamRole = team ? person.teamRoles[team] : undefined;
  return roleAllows(teamRole ? stronger(person.role, teamRole) : person.role, 'incident:respond');
}

/**
 * The owning team of incident `id` (null when it has none), for the permission check before acting.
 * @throws AppError NOT_FOUND
 */
export async function incidentTeam(db: Db, id: number): Promise<string | null> {
  const [row] = await db.select({ team: incidents.team }).from(incidents).where(eq(incidents.id, id)).limit(1);
  if (!row) throw new AppError('NOT_FOUND', `incident ${id} does not exist`);
  return row.team;
}
