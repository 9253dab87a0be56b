/**
 * API tokens as people manage them (DESIGN §7 identity: stored hashed, scoped, revocable). An admin creates,
 * lists and revokes any token; a person creates personal tokens for themselves (never above their own role),
 * lists and revokes their own. A token may be limited to one team and to a subset of permissions (scopes).
 * Every creation and revocation is audited, without the secret.
 */
import { and, asc, eq, gt, type SQL } from 'drizzle-orm';
import type { TokenCreate, TokenView } from '@faultline/contracts';
import type { Db } from '../db/index.ts';
import { apiTokens } from './tables.ts';
import { teams, users, findUserByEmail } from '../people/index.ts';
import { AppError } from '../lib/index.ts';
import { recordAudit, auditBy } from '../audit/index.ts';
import { type Actor, actorOfCtx, can, ROLES, type Role, type Verb } from '../kernel/index.ts';
import { hashToken, newToken, revokeTokenById } from './tokens.ts';

const rank = (r: Role) => ROLES.indexOf(r);

/** Whether the principal may manage every token (else only their own personal tokens). */
const isTokenAdmin = (a: Actor) => can(a.principal, 'server:admin');

/**
 * Creates an API token; returns its id and the secret (shown once).
 * - admin: any role, for anyone (`user` makes it a personal token acting as that person);
 * - a person: a personal token for themselves (`user` omitted or their own email), role at most their own.
 * @throws AppError FORBIDDEN; NOT_FOUND (user or team); VALIDATION
 */
export async function createApiToken({
  ctx,
  input,
}: Verb<TokenCreate>): Promise<{ id: number; token: string; name: string; role: string }> {
  const db = ctx.tx;
  const actor = actorOfCtx(ctx);
  const p = actor.principal;
  const admin = isTokenAdmin(actor);
  if (!admin) {
    if (p.userId === null) throw new AppError('FORBIDDEN', 'only an admin may create API tokens');
    if (rank(input.role) > rank(p.role)) {
      throw new AppError('FORBIDDEN', `a token may not have a stronger role (${input.role}) than yours (${p.role})`, [
        { path: 'role', message: `at most ${p.role}` },
      ]);
    }
    // A limited token or session can only make tokens limited at least as much.
    if (p.tokenTeam !== null && input.team !== p.tokenTeam) {
      throw new AppError('FORBIDDEN', `a token limited to team ${p.tokenTeam} may only create tokens limited to it`, [
        { path: 'team', message: `must be ${p.tokenTeam}` },
      ]);
    }
    const scopes = p.scopes;
    if (scopes !== null && !(input.scopes && input.scopes.every((x) => scopes.includes(x)))) {
      throw new AppError('FORBIDDEN', 'a scoped token may only create tokens with a subset of its scopes', [
        { path: 'scopes', message: `a subset of ${scopes.join(', ')}` },
      ]);
    }
  }
  return db.transaction(async (tx) => {
    let userId: number | null = null;
    if (input.user !== undefined) {
      const u = await findUserByEmail(tx, input.user);
      if (!u) throw new AppError('NOT_FOUND', `there is no user ${input.user}`, [{ path: 'user', message: 'unknown' }]);
      userId = u.id;
    } else if (!admin) {
      userId = p.userId;
    }
    if (!admin && userId !== p.userId) {
      throw new AppError('FORBIDDEN', 'only an admin may create API tokens for others', [
        { path: 'user', message: 'only yourself' },
      ]);
    }
    if (input.team !== undefined) {
      const [t] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, input.team)).limit(1);
      if (!t) throw new AppError('NOT_FOUND', `there is no team ${input.team}`, [{ path: 'team', message: 'unknown' }]);
    }
    const token = newToken();
    const [row] = await tx
      .insert(apiTokens)
      .values({
        name: input.name,
        kind: 'api',
        role: input.role,
        tokenHash: hashToken(token),
        createdAt: actor.now,
        userId,
        teamId: input.team ?? null,
        scopes: input.scopes ?? null,
      })
      .returning({ id: apiTokens.id });
    await recordAudit(tx, {
      ...auditBy(actor),
      action: 'token.create',
      targetType: 'token',
      targetId: row!.id,
      after: {
        name: input.name,
        role: input.role,
        scopes: input.scopes ?? null,
        team: input.team ?? null,
        user: input.user ?? null,
      },
    });
    return { id: row!.id, token, name: input.name, role: input.role };
  });
}

async function tokenViews(db: Db, where: SQL[], page: TokenPage): Promise<TokenView[]> {
  const rows = await db
    .select({ t: apiTokens, email: users.email })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(eq(apiTokens.kind, 'api'), ...where, page.afterId === undefined ? undefined : gt(apiTokens.id, page.afterId)),
    )
    .orderBy(asc(apiTokens.id))
    .limit(page.limit);
  return rows.map(({ t, email }) => ({
    id: t.id,
    name: t.name,
    role: t.role,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    revoked: t.revokedAt !== null,
    scopes: t.scopes ?? null,
    team: t.teamId,
    user: email,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  }));
}

/** A page of tokens: at most `limit`, those after the token with id `afterId`. */
export interface TokenPage {
  limit: number;
  afterId?: number | undefined;
}

/**
 * API tokens (not console sessions), oldest first: all for an admin, else the person's own. Never a secret.
 * @throws AppError FORBIDDEN for a service token that is not an admin's
 */
export async function listApiTokens({ ctx, input: page }: Verb<TokenPage>): Promise<TokenView[]> {
  const db = ctx.tx;
  const actor = actorOfCtx(ctx);
  if (isTokenAdmin(actor)) return tokenViews(db, [], page);
  if (actor.principal.userId === null) throw new AppError('FORBIDDEN', 'only an admin may list API tokens');
  return tokenViews(db, [eq(apiTokens.userId, actor.principal.userId)], page);
}

/**
 * Revokes an API token (an admin: any; a person: their own personal token). It stops working at once.
 * @throws AppError NOT_FOUND (also for another person's token, which a non-admin may not know of)
 */
export async function revokeApiToken({ ctx, input }: Verb<{ id: number }>): Promise<TokenView> {
  const { id } = input;
  const db = ctx.tx;
  const actor = actorOfCtx(ctx);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.id, id), eq(apiTokens.kind, 'api')))
      .limit(1);
    const mine = row && actor.principal.userId !== null && row.userId === actor.principal.userId;
    if (!row || (!isTokenAdmin(actor) && !mine)) throw new AppError('NOT_FOUND', `there is no API token ${id}`);
    const wasRevoked = row.revokedAt !== null;
    await revokeTokenById(tx, id, actor.now);
    if (!wasRevoked) {
      await recordAudit(tx, {
        ...auditBy(actor),
        action: 'token.revoke',
        targetType: 'token',
        targetId: id,
        before: { name: row.name, role: row.role, revoked: false },
        after: { name: row.name, role: row.role, revoked: true },
      });
    }
  });
  const [view] = await tokenViews(db, [eq(apiTokens.id, id)], { limit: 1 });
  return view!;
}
