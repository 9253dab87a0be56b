/**
 * Who is acting from outside the console: the person behind a Slack user, a phone number or a link's
 * recipient address. Only verified, enabled contact methods of enabled users count: a number or handle
 * someone merely typed in proves nothing.
 */
import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../../db/index.ts';
import { contactMethods } from '../tables.ts';
import { teamMembers, users } from '../../people/index.ts';
import { isRole, roleAllows, stronger, type Role } from '../../kernel/index.ts';

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

/** Who a link acts as, or why it may no longer act. */
export type LinkActor = { ok: true; by: { name: string; userId: number | null } } | { ok: false; why: string };

/**
 * The users an address belongs to: the person whose account email it is, and everyone with a verified
 * contact method at it — disabled people included, so a disabled person's link is refused rather than
 * taken for an address of nobody.
 */
async function ownersOf(db: Db, address: string): Promise<number[]> {
  const a = address.trim();
  const byEmail = a.includes('@')
    ? await db.select({ id: users.id }).from(users).where(eq(users.email, a.toLowerCase()))
    : [];
  const byMethod = await db
    .selectDistinct({ id: contactMethods.userId })
    .from(contactMethods)
    .where(
      and(eq(contactMethods.address, a.includes('@') ? a.toLowerCase() : a), isNotNull(contactMethods.verifiedAt)),
    );
  return [...new Set([...byEmail, ...byMethod].map((r) => r.id))];
}

/**
 * Decides, when an acknowledge or resolve link is used, who it acts as (docs/security.md "Who can change
 * whom"). A link made for a person — its `userId`, or for links without one a recipient address that is a
 * person's — acts as that person only while they exist and are enabled, the address it went to is still
 * theirs (their account email or one of their verified contact methods), and they may respond to incidents
 * of `team` (`incident:respond` by the roles table, the stronger of their server-wide and team role). A link
 * to a chat channel or an address of nobody acts as that address: the policy's author chose to page it there.
 * An address that is several people's acts for none of them.
 */
export async function linkActor(
  db: Db,
  link: { recipient: string; userId: number | null },
  team: string | null,
): Promise<LinkActor> {
  let userId = link.userId;
  if (userId === null) {
    const owners = await ownersOf(db, link.recipient);
    if (owners.length > 1) return { ok: false, why: `${link.recipient} belongs to more than one person` };
    if (owners.length === 0) return { ok: true, by: { name: link.recipient, userId: null } };
    userId = owners[0]!;
  }
  const [u] = await db
    .select({ ...userColumns, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!u) return { ok: false, why: 'the person this link was sent to no longer exists' };
  if (u.disabledAt) return { ok: false, why: `${u.name}'s account is disabled` };
  const address = link.recipient.trim();
  const owns =
    address.toLowerCase() === u.email ||
    (
      await db
        .select({ id: contactMethods.id })
        .from(contactMethods)
        .where(
          and(
            eq(contactMethods.userId, u.id),
            eq(contactMethods.address, address.includes('@') ? address.toLowerCase() : address),
            isNotNull(contactMethods.verifiedAt),
          ),
        )
        .limit(1)
    ).length > 0;
  if (!owns) return { ok: false, why: `${address} is no longer one of ${u.name}'s contact methods` };
  if (!mayRespond(await withRoles(db, u), team)) {
    return { ok: false, why: `${u.name} may not respond to incidents of ${team ? `team ${team}` : 'no team'}` };
  }
  return { ok: true, by: { name: u.name, userId: u.id } };
}

/**
 * Whether `person` may acknowledge or resolve an incident of `team` (permission `incident:respond`,
 * responder or above; the stronger of the server-wide and the team role, as kernel/roles.ts rules).
 */
export function mayRespond(person: KnownPerson, team: string | null): boolean {
  const teamRole = team ? person.teamRoles[team] : undefined;
  return roleAllows(teamRole ? stronger(person.role, teamRole) : person.role, 'incident:respond');
}
