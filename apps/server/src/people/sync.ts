/**
 * Config teams → the people tables, on every config load and reload (DESIGN §7 identity). Config-as-code is
 * the source of truth for what it declares, and only for that:
 *
 * - each config team is upserted into `teams` (source `config`, name from the config);
 * - each member is upserted into `users` by email (source `config` for new users). Name, time zone and
 *   server-wide role follow the config for users the config created; users made through the API or single
 *   sign-on keep theirs. The server-wide role is `viewer` (read every team's incidents and on-call data;
 *   what a member may do in their own team comes from their team role), or `stakeholder` for someone every
 *   config team lists as a stakeholder — else the viewer role would show them every team's alerts, timeline
 *   and deliveries, where a stakeholder sees headers only (docs/identity.md). A role an admin raised above
 *   viewer is kept;
 * - each membership is upserted into `team_members` (source `config`, role from the member's `role` key,
 *   default `responder`, position = config order); config memberships the config no longer lists are
 *   deleted. Users, teams and API-made memberships are never deleted;
 * - then `seed` runs in the same transaction with the synced users (the composition root passes notify's
 *   `seedConfigContactMethods`: a synced user with no contact method at all gets their email as a verified
 *   email contact method and default notification rules; the config author vouches for the address).
 *
 * One transaction under an advisory lock, so nodes starting together on one PostgreSQL do not race;
 * idempotent, so running it twice changes nothing.
 */
import { and, eq, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { teamMembers, teams, users } from './tables.ts';
import type { FaultlineConfig } from '../kernel/index.ts';
import { normalEmail } from './users.ts';

/** What one sync did (for the log). */
export interface SyncResult {
  teams: number;
  members: number;
  usersCreated: number;
  contactMethodsSeeded: number;
  membershipsRemoved: number;
}

/** Arbitrary constant key of the advisory lock that serialises syncs across nodes. */
const SYNC_LOCK_KEY = 4_004_001;

/** What runs after the sync in its transaction, with the synced users' ids; returns how many it seeded. */
export type SyncSeed = (tx: Db, userIds: number[], now: Date) => Promise<number>;

/** Mirrors the config's teams and members into the database (see the module comment). */
export async function syncConfigPeople(
  db: Db,
  config: FaultlineConfig,
  now: Date,
  seed: SyncSeed = async () => 0,
): Promise<SyncResult> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SYNC_LOCK_KEY})`);
    const result: SyncResult = {
      teams: 0,
      members: 0,
      usersCreated: 0,
      contactMethodsSeeded: 0,
      membershipsRemoved: 0,
    };
    const seen = new Set<string>();
    const synced = new Set<number>();
    const serverRole = configServerRoles(config);
    for (const team of config.teams) {
      if (seen.has(team.id)) continue; // first declaration wins, as in the escalation index
      seen.add(team.id);
      result.teams++;
      await tx
        .insert(teams)
        .values({ id: team.id, name: team.name ?? team.id, source: 'config', createdAt: now, updatedAt: now })
        .onConflictDoUpdate({
          target: teams.id,
          set: { name: team.name ?? team.id, source: 'config', updatedAt: now },
          setWhere: sql`${teams.name} is distinct from ${team.name ?? team.id} or ${teams.source} <> 'config'`,
        });
      const memberIds: number[] = [];
      for (const [position, m] of team.members.entries()) {
        const email = normalEmail(m.email);
        const role = serverRole.get(email) ?? 'viewer';
        const [created] = await tx
          .insert(users)
          .values({
            email,
            name: m.name,
            timeZone: m.timeZone,
            role,
            source: 'config',
            createdAt: now,
            updatedAt: now,
          })
          .onConflictDoNothing({ target: users.email })
          .returning({ id: users.id });
        if (created) result.usersCreated++;
        const [user] = await tx.select().from(users).where(eq(users.email, email)).limit(1);
        if (!user) continue;
        // An admin's promotion above viewer stays; between the two roles the sync gives, the config decides.
        const followRole = SYNC_ROLES.has(user.role) && user.role !== role;
        if (
          !created &&
          user.source === 'config' &&
          (user.name !== m.name || user.timeZone !== m.timeZone || followRole)
        ) {
          await tx
            .update(users)
            .set({ name: m.name, timeZone: m.timeZone, ...(followRole ? { role } : {}), updatedAt: now })
            .where(eq(users.id, user.id));
        }
        memberIds.push(user.id);
        synced.add(user.id);
        result.members++;
        const teamRole = m.role ?? 'responder';
        await tx
          .insert(teamMembers)
          .values({ teamId: team.id, userId: user.id, role: teamRole, position, source: 'config' })
          .onConflictDoUpdate({
            target: [teamMembers.teamId, teamMembers.userId],
            set: { role: teamRole, position, source: 'config' },
          });
      }
      const stale = await tx
        .delete(teamMembers)
        .where(
          and(
            eq(teamMembers.teamId, team.id),
            eq(teamMembers.source, 'config'),
            memberIds.length ? notInArray(teamMembers.userId, memberIds) : undefined,
          ),
        )
        .returning({ userId: teamMembers.userId });
      result.membershipsRemoved += stale.length;
    }
    // Teams dropped from the config lose their config memberships; the team row and API members stay.
    const gone = await tx
      .delete(teamMembers)
      .where(and(eq(teamMembers.source, 'config'), seen.size ? notInArray(teamMembers.teamId, [...seen]) : undefined))
      .returning({ userId: teamMembers.userId });
    result.membershipsRemoved += gone.length;
    result.contactMethodsSeeded = await seed(tx, [...synced], now);
    return result;
  });
}

/** The server-wide roles the sync gives config-made users (others are an admin's and kept). */
const SYNC_ROLES = new Set(['viewer', 'stakeholder']);

/**
 * The server-wide role of each config member (lower-cased email): `stakeholder` when every config team
 * lists them as a stakeholder, else `viewer`. Pure.
 */
export function configServerRoles(config: Pick<FaultlineConfig, 'teams'>): Map<string, 'viewer' | 'stakeholder'> {
  const out = new Map<string, 'viewer' | 'stakeholder'>();
  const seen = new Set<string>();
  for (const team of config.teams) {
    if (seen.has(team.id)) continue; // first declaration wins, as in the sync
    seen.add(team.id);
    for (const m of team.members) {
      const email = normalEmail(m.email);
      const onlyStakeholder = (m.role ?? 'responder') === 'stakeholder' && out.get(email) !== 'viewer';
      out.set(email, onlyStakeholder ? 'stakeholder' : 'viewer');
    }
  }
  return out;
}
