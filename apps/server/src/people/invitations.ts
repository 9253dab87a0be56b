/**
 * Invitations to a team (docs/security.md "Who can change whom"): joining a team puts a person in its
 * pages and on its incidents, so it takes the person's consent. A team's managers (or an admin) invite; the
 * person is told by email, with a link to the console, and accepts or declines there, through the API or the
 * CLI; until then nothing changes. Rules:
 *
 * - An invitation is open until answered and expires `INVITATION_TTL_MS` (7 days) after it was sent.
 * - Only the invited person answers it, with a session or personal token that acts on no narrower scope
 *   than the whole person (a scoped token or one limited to another team may not); an admin adds people
 *   directly instead (people/teams.ts `addMember`).
 * - At most one open invitation per team and person: inviting again replaces its role and expiry.
 * - The team's managers or an admin cancel an open invitation.
 * - Accepting adds an API-made membership with the invited role, audited as `team-member.add` by the person.
 */
import { and, asc, desc, eq, isNull, type SQL } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { InvitationCreate, InvitationView } from '@faultline/contracts';
import type { Db } from '../db/index.ts';
import { teamInvitations, teamMembers, teams, users } from './tables.ts';
import { enqueueJob } from '../engine/index.ts';
import { AppError } from '../lib/index.ts';
import { actorOfCtx, can, type TeamRole, type Actor, type Verb } from '../kernel/index.ts';
import { auditBy, recordAudit } from '../audit/index.ts';
import { lockTeam, mayManageTeam, putMember } from './teams.ts';
import { findUserByEmail } from './users.ts';

/** How long an invitation stays open, in ms (7 days: a person on leave still sees it). */
export const INVITATION_TTL_MS = 7 * 86_400_000;

type Row = typeof teamInvitations.$inferSelect;
type Joined = { inv: Row; teamName: string; email: string; name: string };

/** Where an invitation stands at `now`. */
export function invitationStatus(inv: Pick<Row, 'answer' | 'expiresAt'>, now: Date): InvitationView['status'] {
  if (inv.answer === 'accepted' || inv.answer === 'declined' || inv.answer === 'cancelled') return inv.answer;
  return inv.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
}

function view(j: Joined, now: Date): InvitationView {
  return {
    id: j.inv.id,
    team: j.inv.teamId,
    teamName: j.teamName,
    userId: j.inv.userId,
    email: j.email,
    name: j.name,
    role: j.inv.role as TeamRole,
    invitedBy: j.inv.invitedBy,
    createdAt: j.inv.createdAt.toISOString(),
    expiresAt: j.inv.expiresAt.toISOString(),
    status: invitationStatus(j.inv, now),
    answeredAt: j.inv.answeredAt?.toISOString() ?? null,
  };
}

async function select(db: Db, where: SQL | undefined, lock = false): Promise<Joined[]> {
  const q = db
    .select({ inv: teamInvitations, teamName: teams.name, email: users.email, name: users.name })
    .from(teamInvitations)
    .innerJoin(teams, eq(teams.id, teamInvitations.teamId))
    .innerJoin(users, eq(users.id, teamInvitations.userId))
    .where(where)
    .orderBy(desc(teamInvitations.createdAt), asc(teamInvitations.id));
  return lock ? q.for('update', { of: teamInvitations }) : q;
}

/** The email that tells the person, with the console link where they answer it; times in their zone. */
export function invitationMail(
  j: { teamName: string; role: string; invitedBy: string; expiresAt: Date; timeZone: string },
  publicUrl: string,
): { subject: string; text: string } {
  const expires = DateTime.fromJSDate(j.expiresAt, { zone: j.timeZone }).toFormat('ccc d LLL yyyy HH:mm');
  return {
    subject: `${j.invitedBy} invited you to the team ${j.teamName} on Faultline`,
    text: [
      `${j.invitedBy} invited you to join the team ${j.teamName} as ${j.role}.`,
      'Members of a team may be paged for its incidents. Nothing changes unless you accept.',
      '',
      `Accept or decline in Faultline: ${publicUrl}/people/invitations`,
      `The invitation expires on ${expires} (${j.timeZone}).`,
      '',
      'If you did not expect this, decline it, or ignore this email: it expires on its own.',
    ].join('\n'),
  };
}

/**
 * Invites a user (by email) to a team with a role; emails them. Needs `oncall:write` on the team (its
 * managers) or an admin.
 * @throws AppError FORBIDDEN; NOT_FOUND (team or user, field `email`); CONFLICT when the person is already
 *   a member or is disabled
 */
export async function inviteMember({
  ctx,
  input,
}: Verb<InvitationCreate & { teamId: string }>): Promise<InvitationView> {
  const { rt } = ctx;
  const { teamId } = input;
  const actor = actorOfCtx(ctx);
  const now = actor.now;
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const id = await ctx.tx.transaction(async (tx) => {
    const team = await lockTeam(tx, actor, teamId);
    const user = await findUserByEmail(tx, input.email);
    if (!user)
      throw new AppError('NOT_FOUND', `there is no user ${input.email}`, [{ path: 'email', message: 'unknown' }]);
    if (user.disabledAt)
      throw new AppError('CONFLICT', `${user.email} is disabled`, [{ path: 'email', message: 'disabled' }]);
    const [member] = await tx
      .select({ role: teamMembers.role })
      .from(teamMembers)
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, user.id)))
      .limit(1);
    if (member) {
      throw new AppError(
        'CONFLICT',
        `${user.email} is already a member of ${teamId} (${member.role}); change their role instead`,
        [{ path: 'email', message: 'already a member' }],
      );
    }
    const values = {
      role: input.role,
      invitedBy: actor.principal.name,
      invitedByUserId: actor.principal.userId,
      createdAt: now,
      expiresAt,
    };
    const [open] = await tx
      .select({ id: teamInvitations.id })
      .from(teamInvitations)
      .where(
        and(eq(teamInvitations.teamId, teamId), eq(teamInvitations.userId, user.id), isNull(teamInvitations.answer)),
      )
      .limit(1);
    const [row] = open
      ? await tx.update(teamInvitations).set(values).where(eq(teamInvitations.id, open.id)).returning()
      : await tx
          .insert(teamInvitations)
          .values({ teamId, userId: user.id, ...values })
          .returning();
    await recordAudit(tx, {
      ...auditBy(actor),
      action: 'team-invitation.create',
      targetType: 'team',
      targetId: teamId,
      after: { invitation: row!.id, team: teamId, email: user.email, role: input.role, expiresAt },
    });
    const mail = invitationMail(
      { teamName: team.name, role: input.role, invitedBy: actor.principal.name, expiresAt, timeZone: user.timeZone },
      rt.publicUrl,
    );
    await enqueueJob(tx, 'notify.mail', { to: [user.email], ...mail }, now, now);
    return row!.id;
  });
  rt.wakeEngine();
  const [j] = await select(ctx.tx, eq(teamInvitations.id, id));
  return view(j!, now);
}

/** The open (pending) invitations of a team, newest first; needs `oncall:read` on it. @throws AppError FORBIDDEN */
export async function teamInvitationList({ ctx, input }: Verb<{ teamId: string }>): Promise<InvitationView[]> {
  const { teamId } = input;
  const db = ctx.tx;
  const actor = actorOfCtx(ctx);
  if (!can(actor.principal, 'oncall:read', teamId) && !mayManageTeam(actor.principal, teamId)) {
    throw new AppError('FORBIDDEN', `${actor.principal.name} may not read team ${teamId}`);
  }
  const rows = await select(db, and(eq(teamInvitations.teamId, teamId), isNull(teamInvitations.answer)));
  return rows.map((j) => view(j, actor.now)).filter((v) => v.status === 'pending');
}

/** The caller's own pending invitations, newest first (none for a service token). */
export async function myInvitations({ ctx }: Verb<Record<string, never>>): Promise<InvitationView[]> {
  const db = ctx.tx;
  const actor = actorOfCtx(ctx);
  const me = actor.principal.userId;
  if (me === null) return [];
  const rows = await select(db, and(eq(teamInvitations.userId, me), isNull(teamInvitations.answer)));
  return rows.map((j) => view(j, actor.now)).filter((v) => v.status === 'pending');
}

/** Whether the principal speaks for the whole person: their session or an unscoped personal token. */
function isWholePerson(actor: Actor, inv: Row): boolean {
  const p = actor.principal;
  return p.userId === inv.userId && p.scopes === null && (p.tokenTeam === null || p.tokenTeam === inv.teamId);
}

/**
 * Accepts or declines invitation `id` as the invited person.
 * @throws AppError NOT_FOUND (no such invitation, or not the caller's); CONFLICT when it was already answered
 *   or cancelled; PRECONDITION_FAILED when it has expired
 */
export async function answerInvitation({
  ctx,
  input,
}: Verb<{ id: number; answer: 'accepted' | 'declined' }>): Promise<InvitationView> {
  const { id, answer } = input;
  const db = ctx.tx;
  const actor = actorOfCtx(ctx);
  const now = actor.now;
  await db.transaction(async (tx) => {
    const [j] = await select(tx, eq(teamInvitations.id, id), true);
    // Someone else's invitation is not shown: its existence is the invitee's business.
    if (!j || !isWholePerson(actor, j.inv)) throw new AppError('NOT_FOUND', `you have no invitation ${id}`);
    const status = invitationStatus(j.inv, now);
    if (status === 'expired') throw new AppError('PRECONDITION_FAILED', `invitation ${id} expired; ask for a new one`);
    if (status !== 'pending') throw new AppError('CONFLICT', `invitation ${id} is already ${status}`);
    await tx
      .update(teamInvitations)
      .set({ answer, answeredAt: now, answeredBy: actor.principal.name })
      .where(eq(teamInvitations.id, id));
    await recordAudit(tx, {
      ...auditBy(actor),
      action: answer === 'accepted' ? 'team-invitation.accept' : 'team-invitation.decline',
      targetType: 'team',
      targetId: j.inv.teamId,
      after: { invitation: id, team: j.inv.teamId, email: j.email, role: j.inv.role },
    });
    // An admin may have added the person meanwhile: their membership stays as it is.
    const [member] = await tx
      .select({ role: teamMembers.role })
      .from(teamMembers)
      .where(and(eq(teamMembers.teamId, j.inv.teamId), eq(teamMembers.userId, j.inv.userId)))
      .limit(1);
    if (answer === 'accepted' && !member) {
      await putMember(tx, actor, j.inv.teamId, { id: j.inv.userId, email: j.email }, j.inv.role as TeamRole, {
        invitation: id,
        invitedBy: j.inv.invitedBy,
      });
    }
  });
  const [j] = await select(db, eq(teamInvitations.id, id));
  return view(j!, now);
}

/**
 * Cancels an open invitation (the team's managers, or an admin).
 * @throws AppError NOT_FOUND; FORBIDDEN; CONFLICT when it was already answered
 */
export async function cancelInvitation({ ctx, input }: Verb<{ id: number }>): Promise<void> {
  const { id } = input;
  const actor = actorOfCtx(ctx);
  await ctx.tx.transaction(async (tx) => {
    const [j] = await select(tx, eq(teamInvitations.id, id), true);
    if (!j) throw new AppError('NOT_FOUND', `there is no invitation ${id}`);
    await lockTeam(tx, actor, j.inv.teamId);
    if (j.inv.answer !== null) throw new AppError('CONFLICT', `invitation ${id} is already ${j.inv.answer}`);
    await tx
      .update(teamInvitations)
      .set({ answer: 'cancelled', answeredAt: actor.now, answeredBy: actor.principal.name })
      .where(eq(teamInvitations.id, id));
    await recordAudit(tx, {
      ...auditBy(actor),
      action: 'team-invitation.cancel',
      targetType: 'team',
      targetId: j.inv.teamId,
      before: { invitation: id, team: j.inv.teamId, email: j.email, role: j.inv.role },
    });
  });
}
