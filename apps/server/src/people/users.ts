/**
 * Users (DESIGN §7 identity): the people who sign in and get paged. Email is the stable handle, stored
 * lower-case and unique. An admin creates users and changes their server-wide role or disables them; a
 * person edits their own name, phone, time zone, locale and password. Every change is audited in its
 * transaction; passwords are stored as argon2id hashes and never returned.
 */
import { and, asc, eq, gt, inArray, or, sql, type SQL } from 'drizzle-orm';
import { IANAZone } from 'luxon';
import type { DirectoryEntry, UserCreate, UserUpdate, UserView } from '@faultline/contracts';
import type { Db } from '../db/index.ts';
import { teamMembers, users } from './tables.ts';
import { AppError } from '../lib/index.ts';
import { actorOfCtx, authorizeCtx as authorize, can, type Role, type Verb } from '../kernel/index.ts';
import { auditBy, recordAudit } from '../audit/index.ts';
import { hashPassword } from './passwords.ts';
import { issueLink } from './password-links.ts';

type UserRow = typeof users.$inferSelect;

/** Email as stored: trimmed and lower-case. */
export const normalEmail = (email: string) => email.trim().toLowerCase();

/** @throws AppError VALIDATION (field `timeZone`) unless `tz` is an IANA time zone, e.g. Europe/Berlin */
export function checkTimeZone(tz: string): void {
  if (!IANAZone.isValidZone(tz)) {
    throw new AppError('VALIDATION', `${tz} is not an IANA time zone`, [
      { path: 'timeZone', message: 'an IANA time zone, e.g. Europe/Berlin' },
    ]);
  }
}

/** @throws AppError VALIDATION (field `locale`) unless `locale` is a BCP 47 tag, e.g. de-DE */
export function checkLocale(locale: string): void {
  try {
    Intl.getCanonicalLocales(locale);
  } catch {
    throw new AppError('VALIDATION', `${locale} is not a BCP 47 language tag`, [
      { path: 'locale', message: 'a BCP 47 language tag, e.g. en or de-DE' },
    ]);
  }
}

/** The public view of a user (no secrets) with their team memberships. */
export function userView(u: UserRow, teams: UserView['teams'] = []): UserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    phone: u.phone,
    timeZone: u.timeZone,
    locale: u.locale,
    role: u.role as UserView['role'],
    source: u.source as UserView['source'],
    disabled: u.disabledAt !== null,
    hasPassword: u.passwordHash !== null,
    sso: u.oidcSubject !== null,
    teams,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

async function teamsOf(db: Db, ids: number[]): Promise<Map<number, UserView['teams']>> {
  const out = new Map<number, UserView['teams']>();
  if (ids.length === 0) return out;
  const rows = await db
    .select()
    .from(teamMembers)
    .where(inArray(teamMembers.userId, ids))
    .orderBy(asc(teamMembers.teamId));
  for (const r of rows) {
    const list = out.get(r.userId) ?? [];
    list.push({ team: r.teamId, role: r.role as UserView['teams'][number]['role'] });
    out.set(r.userId, list);
  }
  return out;
}

/** Users (disabled ones too) by email: at most `limit`, those after `afterEmail` (paging). */
export async function listUsers(db: Db, page: { limit: number; afterEmail?: string | undefined }): Promise<UserView[]> {
  const rows = await db
    .select()
    .from(users)
    .where(page.afterEmail === undefined ? undefined : gt(users.email, page.afterEmail))
    .orderBy(asc(users.email))
    .limit(page.limit);
  const teams = await teamsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => userView(r, teams.get(r.id)));
}

/** A page of users by email, for a principal with `oncall:read`. @throws AppError FORBIDDEN */
export async function listUsersFor({
  ctx,
  input,
}: Verb<{ limit: number; afterEmail?: string | undefined }>): Promise<UserView[]> {
  authorize(ctx, 'oncall:read');
  return listUsers(ctx.tx, input);
}

/**
 * The people directory (`GET /api/v1/people`): id, email and name only — no phone, contact methods, role or
 * teams — so that the console can show a name where the API gives an email, for callers without `oncall:read`
 * (a viewer or stakeholder of some teams). Who is listed: everyone for a principal who sees incidents
 * server-wide (`incident:summary` without a team); otherwise the members of each team on which the principal
 * has `incident:summary` (their own teams, or a token's team), and the caller themself. By email, at most
 * `limit`, those after `afterEmail`.
 * @throws AppError FORBIDDEN when the principal sees no team at all
 */
export async function listDirectory({
  ctx,
  input,
}: Verb<{ limit: number; afterEmail?: string | undefined }>): Promise<DirectoryEntry[]> {
  const p = ctx.principal;
  let visible: SQL | undefined;
  if (!can(p, 'incident:summary')) {
    const teams = [...new Set([...Object.keys(p.teamRoles), ...(p.tokenTeam ? [p.tokenTeam] : [])])].filter((t) =>
      can(p, 'incident:summary', t),
    );
    if (teams.length === 0) authorize(ctx, 'incident:summary');
    const onTeams = sql`exists (select 1 from ${teamMembers} where ${teamMembers.userId} = ${users.id} and ${inArray(teamMembers.teamId, teams)})`;
    visible = p.userId === null ? onTeams : or(onTeams, eq(users.id, p.userId));
  }
  return ctx.tx
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(and(visible, input.afterEmail === undefined ? undefined : gt(users.email, input.afterEmail)))
    .orderBy(asc(users.email))
    .limit(input.limit);
}

/** One user, for themself or a principal with `oncall:read`. @throws AppError FORBIDDEN; NOT_FOUND */
export async function readUser({ ctx, input }: Verb<{ id: number }>): Promise<UserView> {
  if (ctx.principal.userId !== input.id) authorize(ctx, 'oncall:read');
  return getUser(ctx.tx, input.id);
}

/** One user. @throws AppError NOT_FOUND */
export async function getUser(db: Db, id: number): Promise<UserView> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  if (!row) throw new AppError('NOT_FOUND', `there is no user ${id}`);
  return userView(row, (await teamsOf(db, [id])).get(id));
}

/** The user with this email, or null. */
export async function findUserByEmail(db: Db, email: string): Promise<UserRow | null> {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(users.email, normalEmail(email)))
    .limit(1);
  return row ?? null;
}

/**
 * The signed-in person. @throws AppError NOT_FOUND for a service token (it is no person)
 */
export async function me({ ctx }: Verb<Record<string, never>>): Promise<UserView> {
  if (ctx.principal.userId === null) {
    throw new AppError('NOT_FOUND', `${ctx.principal.name} is a service token, not a person`);
  }
  return getUser(ctx.tx, ctx.principal.userId);
}

/**
 * Creates a user (admin: `people:admin`), source `api`, role `responder` unless given.
 * @throws AppError FORBIDDEN; VALIDATION (time zone, locale, password); CONFLICT when the email is taken
 */
export async function createUser({ ctx, input }: Verb<UserCreate>): Promise<UserView> {
  authorize(ctx, 'people:admin');
  const actor = actorOfCtx(ctx);
  const timeZone = input.timeZone ?? 'UTC';
  const locale = input.locale ?? 'en';
  checkTimeZone(timeZone);
  checkLocale(locale);
  if (input.invite && input.password !== undefined) {
    throw new AppError('VALIDATION', 'either set a password or invite the person to set one', [
      { path: 'invite', message: 'not with a password' },
    ]);
  }
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  return ctx.tx.transaction(async (tx) => {
    if (await findUserByEmail(tx, input.email)) {
      throw new AppError('CONFLICT', `a user with email ${normalEmail(input.email)} exists`, [
        { path: 'email', message: 'taken' },
      ]);
    }
    const [row] = await tx
      .insert(users)
      .values({
        email: normalEmail(input.email),
        name: input.name,
        phone: input.phone ?? null,
        timeZone,
        locale,
        role: input.role ?? 'responder',
        passwordHash,
        source: 'api',
        createdAt: actor.now,
        updatedAt: actor.now,
      })
      .returning();
    const view = userView(row!);
    await recordAudit(tx, {
      ...auditBy(actor),
      action: 'user.create',
      targetType: 'user',
      targetId: row!.id,
      after: { ...view, passwordSet: passwordHash !== null, invited: input.invite === true },
    });
    if (input.invite) await issueLink(tx, row!, 'invite', actor.principal.name, ctx.rt.publicUrl, actor.now);
    return view;
  });
}

/**
 * Updates a user. A person may change their own name, phone, time zone, locale and password; an admin may
 * change anyone's, and also the server-wide role and whether the account is disabled (not their own, so the
 * last admin cannot lock everyone out by accident). Disabling stops the person's personal tokens at their
 * next request and ends their console sessions for good (enabling them again does not bring those back); a
 * new password ends the person's other sessions (all of them when someone else set it).
 * @throws AppError FORBIDDEN; NOT_FOUND; VALIDATION (time zone, locale, password)
 */
/**
 * Ends a person's console sessions (all, or all but `keep`), in the caller's transaction: auth's
 * `endSessionsOf`, handed in by the route (auth is above people: people does not import it).
 */
export type EndSessions = (tx: Db, userId: number, now: Date, keep?: number | null) => Promise<void>;

export async function updateUser({
  ctx,
  input,
}: Verb<{ id: number; patch: UserUpdate; endSessionsOf: EndSessions }>): Promise<UserView> {
  const { id, patch, endSessionsOf } = input;
  const actor = actorOfCtx(ctx);
  const p = actor.principal;
  const self = p.userId === id;
  const admin = can(p, 'people:admin');
  if (!self && !admin) throw new AppError('FORBIDDEN', `${p.name} may only change their own account`);
  if (!admin && (patch.role !== undefined || patch.disabled !== undefined)) {
    throw new AppError('FORBIDDEN', 'only an admin may change a role or disable an account');
  }
  if (self && (patch.role !== undefined || patch.disabled !== undefined)) {
    throw new AppError('FORBIDDEN', 'an admin may not change their own role or disable themselves');
  }
  if (patch.timeZone !== undefined) checkTimeZone(patch.timeZone);
  if (patch.locale !== undefined) checkLocale(patch.locale);
  const passwordHash = patch.password === undefined ? undefined : await hashPassword(patch.password);
  return ctx.tx.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, id)).for('update').limit(1);
    if (!before) throw new AppError('NOT_FOUND', `there is no user ${id}`);
    const set: Partial<UserRow> = { updatedAt: actor.now };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.phone !== undefined) set.phone = patch.phone;
    if (patch.timeZone !== undefined) set.timeZone = patch.timeZone;
    if (patch.locale !== undefined) set.locale = patch.locale;
    if (patch.role !== undefined) set.role = patch.role satisfies Role;
    if (patch.disabled !== undefined) set.disabledAt = patch.disabled ? (before.disabledAt ?? actor.now) : null;
    if (passwordHash !== undefined) set.passwordHash = passwordHash;
    const [after] = await tx.update(users).set(set).where(eq(users.id, id)).returning();
    if (patch.disabled === true) await endSessionsOf(tx, id, actor.now);
    else if (passwordHash !== undefined) {
      const current = self && p.kind === 'session' ? p.credentialId : null;
      await endSessionsOf(tx, id, actor.now, current);
    }
    const teams = (await teamsOf(tx, [id])).get(id);
    const entries = [];
    const { password: _secret, ...visible } = patch;
    if (Object.keys(visible).length > 0) {
      entries.push({
        ...auditBy(actor),
        action: patch.disabled === true ? 'user.disable' : 'user.update',
        targetType: 'user',
        targetId: id,
        before: userView(before, teams),
        after: userView(after!, teams),
      });
    }
    if (passwordHash !== undefined) {
      // Says that the password changed, never what it is or was.
      entries.push({
        ...auditBy(actor),
        action: 'user.password',
        targetType: 'user',
        targetId: id,
        after: { passwordChanged: true },
      });
    }
    await recordAudit(tx, ...entries);
    return userView(after!, teams);
  });
}
