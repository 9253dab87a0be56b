/**
 * Teams and their members (DESIGN §7 identity: roles are scoped to teams). Config teams are mirrored by
 * people/sync.ts; here are the API verbs: create a team, list teams with their members, and add, change or
 * remove a member.
 *
 * Who may change whom (docs/security.md): a person joins a team only with their consent — a team's manager
 * invites them and they accept (people/invitations.ts) — or because an admin added them (`people:admin`,
 * audited). A team's managers (`oncall:write` on it) change members' roles and remove members: that only
 * narrows who the team pages. Memberships that come from the config file are changed in the file (the config
 * author vouches for them): the API refuses to edit them, since the next config load would put them back.
 */
import { and, asc, eq, gt, inArray, max } from 'drizzle-orm';
import type { MemberAdd, TeamCreate, TeamView } from '@faultline/contracts';
import type { Db } from '../db/index.ts';
import { teamMembers, teams, users } from './tables.ts';
import { AppError } from '../lib/index.ts';
import {
  actorOfCtx,
  authorizeCtx as authorize,
  can,
  type Principal,
  type TeamRole,
  type Actor,
  type Verb,
  type LoadedConfig,
} from '../kernel/index.ts';
import { auditBy, recordAudit } from '../audit/index.ts';
import { findUserByEmail } from './users.ts';

type TeamRow = typeof teams.$inferSelect;

/**
 * Teams with their members (in round-robin order), by id; `ids` narrows the list, `page` gives at most `limit`
 * teams after `afterId` (paging).
 */
export async function listTeams(
  db: Db,
  cfg: LoadedConfig,
  ids?: readonly string[],
  page: { limit: number; afterId?: string | undefined } = { limit: Number.MAX_SAFE_INTEGER },
): Promise<TeamView[]> {
  if (ids && ids.length === 0) return [];
  const rows = await db
    .select()
    .from(teams)
    .where(
      and(
        ids ? inArray(teams.id, [...ids]) : undefined,
        page.afterId === undefined ? undefined : gt(teams.id, page.afterId),
      ),
    )
    .orderBy(asc(teams.id))
    .limit(page.limit);
  if (rows.length === 0) return [];
  const pageIds = rows.map((t) => t.id);
  const members = await db
    .select({
      teamId: teamMembers.teamId,
      userId: teamMembers.userId,
      role: teamMembers.role,
      source: teamMembers.source,
      email: users.email,
      name: users.name,
    })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(inArray(teamMembers.teamId, pageIds))
    .orderBy(asc(teamMembers.teamId), asc(teamMembers.position), asc(users.email));
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    source: t.source,
    escalationPolicy: teamPolicy(cfg, t.id, t.escalationPolicy),
    members: members
      .filter((m) => m.teamId === t.id)
      .map((m) => ({ userId: m.userId, email: m.email, name: m.name, role: m.role as TeamRole, source: m.source })),
  }));
}

/**
 * The teams the principal may read (`oncall:read` server-wide, or on each team), a page of at most `limit`
 * after `afterId`.
 * @throws AppError FORBIDDEN when the principal may read no team
 */
export async function listReadableTeams({
  ctx,
  input,
}: Verb<{ limit: number; afterId?: string | undefined }>): Promise<TeamView[]> {
  const p = ctx.principal;
  let readable: string[] | undefined;
  if (!can(p, 'oncall:read')) {
    const mine = [...new Set([...Object.keys(p.teamRoles), ...(p.tokenTeam ? [p.tokenTeam] : [])])];
    readable = mine.filter((t) => can(p, 'oncall:read', t));
    if (readable.length === 0) authorize(ctx, 'oncall:read');
  }
  return listTeams(ctx.tx, ctx.config, readable, input);
}

/** One team with its members, for a principal with `oncall:read` on it. @throws AppError FORBIDDEN; NOT_FOUND */
export async function readTeam({ ctx, input }: Verb<{ id: string }>): Promise<TeamView> {
  authorize(ctx, 'oncall:read', input.id);
  return getTeam(ctx.tx, ctx.config, input.id);
}

/** One team with its members. @throws AppError NOT_FOUND */
export async function getTeam(db: Db, cfg: LoadedConfig, id: string): Promise<TeamView> {
  const [team] = await listTeams(db, cfg, [id]);
  if (!team) throw new AppError('NOT_FOUND', `there is no team ${id}`);
  return team;
}

/** Whether the principal may manage the team's members: `oncall:write` on it, or an admin. */
export const mayManageTeam = (p: Principal, team: string) => can(p, 'oncall:write', team) || can(p, 'people:admin');

/**
 * Creates a team (source `api`); needs `oncall:write` server-wide (a manager) or an admin.
 * @throws AppError FORBIDDEN; CONFLICT when the id is taken
 */
export async function createTeam({ ctx, input }: Verb<TeamCreate>): Promise<TeamView> {
  const actor = actorOfCtx(ctx);
  if (!can(actor.principal, 'oncall:write') && !can(actor.principal, 'people:admin')) {
    throw new AppError('FORBIDDEN', `${actor.principal.name} may not create teams`);
  }
  return ctx.tx.transaction(async (tx) => {
    const [row] = await tx
      .insert(teams)
      .values({ id: input.id, name: input.name, source: 'api', createdAt: actor.now, updatedAt: actor.now })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('CONFLICT', `a team ${input.id} exists`, [{ path: 'id', message: 'taken' }]);
    const view: TeamView = { id: row.id, name: row.name, source: row.source, escalationPolicy: null, members: [] };
    await recordAudit(tx, {
      ...auditBy(actor),
      action: 'team.create',
      targetType: 'team',
      targetId: row.id,
      after: view,
    });
    return view;
  });
}

/**
 * Checks that the actor may manage team `id`'s members and locks the team row for the transaction (so
 * membership changes and invitations of one team are serialised).
 * @throws AppError FORBIDDEN; NOT_FOUND
 */
export async function lockTeam(tx: Db, actor: Actor, id: string): Promise<TeamRow> {
  if (!mayManageTeam(actor.principal, id)) {
    throw new AppError('FORBIDDEN', `${actor.principal.name} may not manage the members of team ${id}`);
  }
  const [team] = await tx.select().from(teams).where(eq(teams.id, id)).for('update').limit(1);
  if (!team) throw new AppError('NOT_FOUND', `there is no team ${id}`);
  return team;
}

/**
 * Puts user `user` on team `teamId` with `role`, or changes the role of their API-made membership; the
 * caller has checked the permission and locked the team. Audited as `team-member.add` or `…update`.
 * @returns the membership before the change, or null when there was none
 * @throws AppError CONFLICT when the membership comes from the config
 */
export async function putMember(
  tx: Db,
  actor: Actor,
  teamId: string,
  user: { id: number; email: string },
  role: TeamRole,
  why: Record<string, unknown> = {},
): Promise<{ role: string } | null> {
  const [existing] = await tx
    .select()
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, user.id)))
    .limit(1);
  if (existing?.source === 'config') throw configOwned(teamId, user.email);
  if (existing) {
    await tx
      .update(teamMembers)
      .set({ role })
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, user.id)));
  } else {
    const [{ last } = { last: null }] = await tx
      .select({ last: max(teamMembers.position) })
      .from(teamMembers)
      .where(eq(teamMembers.teamId, teamId));
    await tx.insert(teamMembers).values({ teamId, userId: user.id, role, position: (last ?? -1) + 1, source: 'api' });
  }
  await recordAudit(tx, {
    ...auditBy(actor),
    action: existing ? 'team-member.update' : 'team-member.add',
    targetType: 'team',
    targetId: teamId,
    before: existing ? { team: teamId, email: user.email, role: existing.role } : null,
    after: { team: teamId, email: user.email, role, ...why },
  });
  return existing ?? null;
}

/**
 * Adds a user (by email) to a team with a role without asking them, or changes the role of an API-made
 * membership: an admin's act (`people:admin`), audited. Anyone else invites (people/invitations.ts).
 * @throws AppError FORBIDDEN; NOT_FOUND (team or user); CONFLICT when the membership comes from the config
 */
export async function addMember({ ctx, input }: Verb<MemberAdd & { teamId: string }>): Promise<TeamView> {
  const { teamId } = input;
  const db = ctx.tx;
  const actor = actorOfCtx(ctx);
  const p = actor.principal;
  if (!can(p, 'people:admin')) {
    throw new AppError(
      'FORBIDDEN',
      `${p.name} may not add people to team ${teamId} without their consent: invite them instead ` +
        `(POST /api/v1/teams/${teamId}/invitations); only an admin adds people directly`,
    );
  }
  await db.transaction(async (tx) => {
    await lockTeam(tx, actor, teamId);
    const user = await findUserByEmail(tx, input.email);
    if (!user)
      throw new AppError('NOT_FOUND', `there is no user ${input.email}`, [{ path: 'email', message: 'unknown' }]);
    await putMember(tx, actor, teamId, user, input.role);
  });
  return getTeam(db, ctx.config, teamId);
}

const configOwned = (team: string, email: string) =>
  new AppError('CONFLICT', `${email} is a member of ${team} through the config file; change it there`);

/**
 * Removes a user (by id) from a team (its managers, or an admin): it only narrows who the team pages.
 * @throws AppError FORBIDDEN; NOT_FOUND (team or membership); CONFLICT when the membership comes from the config
 */
export async function removeMember({ ctx, input }: Verb<{ teamId: string; userId: number }>): Promise<TeamView> {
  const { teamId, userId } = input;
  const db = ctx.tx;
  const actor = actorOfCtx(ctx);
  await db.transaction(async (tx) => {
    await lockTeam(tx, actor, teamId);
    const [m] = await tx
      .select({ role: teamMembers.role, source: teamMembers.source, email: users.email })
      .from(teamMembers)
      .innerJoin(users, eq(users.id, teamMembers.userId))
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
      .limit(1);
    if (!m) throw new AppError('NOT_FOUND', `user ${userId} is not a member of team ${teamId}`);
    if (m.source === 'config') throw configOwned(teamId, m.email);
    await tx.delete(teamMembers).where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
    await recordAudit(tx, {
      ...auditBy(actor),
      action: 'team-member.remove',
      targetType: 'team',
      targetId: teamId,
      before: { team: teamId, email: m.email, role: m.role },
      after: null,
    });
  });
  return getTeam(db, ctx.config, teamId);
}

/**
 * Changes a member's role in a team (its managers, or an admin): the person already agreed to be on the team.
 * @throws AppError FORBIDDEN; NOT_FOUND (team or membership); CONFLICT when the membership comes from the config
 */
export async function updateMember({
  ctx,
  input,
}: Verb<{ teamId: string; userId: number; role: TeamRole }>): Promise<TeamView> {
  const { teamId, userId, role } = input;
  const db = ctx.tx;
  const actor = actorOfCtx(ctx);
  await db.transaction(async (tx) => {
    await lockTeam(tx, actor, teamId);
    const [m] = await tx
      .select({ id: users.id, email: users.email })
      .from(teamMembers)
      .innerJoin(users, eq(users.id, teamMembers.userId))
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
      .limit(1);
    if (!m) throw new AppError('NOT_FOUND', `user ${userId} is not a member of team ${teamId}`);
    await putMember(tx, actor, teamId, m, role);
  });
  return getTeam(db, ctx.config, teamId);
}

/**
 * The escalation policy team `id` is paged through: the one the config file names for it (read-only here),
 * else the one linked in the console or API (`link`, the team row's `escalation_policy`), else null.
 */
export function teamPolicy(cfg: LoadedConfig, id: string, link: string | null): TeamView['escalationPolicy'] {
  const inFile = cfg.config.teams.find((t) => t.id === id)?.escalationPolicy;
  if (inFile !== undefined) return { id: inFile, source: 'config' };
  return link ? { id: link, source: 'api' } : null;
}

/**
 * Links escalation policy `escalationPolicy` to team `teamId` (null unlinks): the team's incidents are paged
 * through it. For the team's managers or an admin; audited as `team.policy`. The node's directory is
 * refreshed, so the next page uses it.
 * @throws AppError FORBIDDEN; NOT_FOUND (team); CONFLICT when the config file names the team's policy (it is
 *   changed there); VALIDATION `escalationPolicy` for a policy that does not exist
 */
export async function linkTeamPolicy({
  ctx,
  input,
}: Verb<{ teamId: string; escalationPolicy: string | null }>): Promise<TeamView> {
  const { teamId, escalationPolicy } = input;
  const actor = actorOfCtx(ctx);
  const inFile = ctx.config.config.teams.find((t) => t.id === teamId)?.escalationPolicy;
  await ctx.tx.transaction(async (tx) => {
    const team = await lockTeam(tx, actor, teamId);
    if (inFile !== undefined) {
      throw new AppError(
        'CONFLICT',
        `team ${teamId} is paged through escalation policy "${inFile}" set in the config file (teams[].escalationPolicy); change it there`,
      );
    }
    if (escalationPolicy !== null && !ctx.config.escalation.policies.has(escalationPolicy)) {
      throw new AppError('VALIDATION', `there is no escalation policy ${escalationPolicy}`, [
        { path: 'escalationPolicy', message: 'unknown escalation policy' },
      ]);
    }
    await tx.update(teams).set({ escalationPolicy, updatedAt: actor.now }).where(eq(teams.id, teamId));
    await recordAudit(tx, {
      ...auditBy(actor),
      action: 'team.policy',
      targetType: 'team',
      targetId: teamId,
      before: { escalationPolicy: team.escalationPolicy },
      after: { escalationPolicy },
    });
  });
  await ctx.rt.refreshOncall();
  return getTeam(ctx.tx, ctx.rt.config(), teamId);
}
