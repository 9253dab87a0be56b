/**
 * Password links (issue 12; docs/identity.md "Invitations and password resets"): one emailed link that sets a
 * person's password once.
 *
 * - **Invite**: an admin who makes a user in the console (or later, `POST /api/v1/users/{id}/invite`) has them
 *   emailed a link to set their password; it works for `INVITE_TTL_MS` (7 days, as team invitations).
 * - **Reset**: anyone may ask for a reset of an email's password (`POST /api/v1/password/reset`); the answer
 *   is the same whether or not the address has an account (nothing to learn from it), and an account that
 *   exists and is enabled is emailed a link that works for `RESET_TTL_MS` (1 hour). At most one reset email per
 *   person per `RESET_EMAIL_GAP_MS`.
 * - A new link, and using a link, retire every earlier open link of the person. Only the SHA-256 of the token
 *   is stored; the token is in the email only. A disabled person's link does nothing.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../db/index.ts';
import { enqueueJob } from '../engine/index.ts';
import { AppError } from '../lib/index.ts';
import { actorOfCtx, authorizeCtx as authorize, type Verb } from '../kernel/index.ts';
import { auditBy, recordAudit } from '../audit/index.ts';
import { hashPassword } from './passwords.ts';
import { passwordLinks, users } from './tables.ts';
import { findUserByEmail } from './users.ts';

/** How long an invitation link works, in ms (7 days). */
export const INVITE_TTL_MS = 7 * 86_400_000;
/** How long a reset link works, in ms (1 hour). */
export const RESET_TTL_MS = 60 * 60_000;
/** The least time between two reset emails to one person, in ms (1 minute). */
export const RESET_EMAIL_GAP_MS = 60_000;

export type PasswordLinkPurpose = 'invite' | 'reset';
type User = typeof users.$inferSelect;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** The email carrying a password link; the expiry in the person's zone. */
export function passwordLinkMail(
  purpose: PasswordLinkPurpose,
  p: { name: string; by: string; link: string; expiresAt: Date; timeZone: string },
): { subject: string; text: string } {
  const expires = DateTime.fromJSDate(p.expiresAt, { zone: p.timeZone }).toFormat('ccc d LLL yyyy HH:mm');
  const until = `The link works once, until ${expires} (${p.timeZone}).`;
  if (purpose === 'invite') {
    return {
      subject: `${p.by} made you a Faultline account`,
      text: [
        `Hello ${p.name},`,
        '',
        `${p.by} made you an account on Faultline, the incident management console. Set your password here:`,
        p.link,
        '',
        until,
        'Then sign in with this email address. Pages reach you there; add other ways to be paged on your profile.',
      ].join('\n'),
    };
  }
  return {
    subject: 'Reset your Faultline password',
    text: [
      `Hello ${p.name},`,
      '',
      'Someone asked to reset the password of your Faultline account. Set a new one here:',
      p.link,
      '',
      until,
      'If it was not you, ignore this email: your password stays as it is.',
    ].join('\n'),
  };
}

/**
 * Retires the person's open links, stores a new one and queues its email, in `tx`.
 * @param publicUrl the console's address, e.g. `https://faultline.example.com`
 */
export async function issueLink(
  tx: Db,
  user: Pick<User, 'id' | 'email' | 'name' | 'timeZone'>,
  purpose: PasswordLinkPurpose,
  by: string,
  publicUrl: string,
  now: Date,
): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + (purpose === 'invite' ? INVITE_TTL_MS : RESET_TTL_MS));
  await tx
    .update(passwordLinks)
    .set({ usedAt: now })
    .where(and(eq(passwordLinks.userId, user.id), isNull(passwordLinks.usedAt)));
  await tx
    .insert(passwordLinks)
    .values({ tokenHash: hashOf(token), userId: user.id, purpose, createdBy: by, createdAt: now, expiresAt });
  const link = `${publicUrl}/set-password?token=${token}`;
  const mail = passwordLinkMail(purpose, { name: user.name, by, link, expiresAt, timeZone: user.timeZone });
  await enqueueJob(tx, 'notify.mail', { to: [user.email], ...mail }, now, now);
}

/**
 * Emails user `id` an invitation to set their password (admins), replacing any earlier open link; audited as
 * `user.invite`. Called by `createUser` with `invite` and by `POST /api/v1/users/{id}/invite`.
 * @throws AppError FORBIDDEN; NOT_FOUND; CONFLICT for a disabled user
 */
export async function inviteUser({ ctx, input }: Verb<{ id: number }>): Promise<{ expiresAt: string }> {
  authorize(ctx, 'people:admin');
  const actor = actorOfCtx(ctx);
  return ctx.tx.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, input.id)).limit(1);
    if (!user) throw new AppError('NOT_FOUND', `there is no user ${input.id}`);
    if (user.disabledAt) throw new AppError('CONFLICT', `${user.email} is disabled; enable them first`);
    await issueLink(tx, user, 'invite', actor.principal.name, ctx.rt.publicUrl, actor.now);
    await recordAudit(tx, {
      ...auditBy(actor),
      action: 'user.invite',
      targetType: 'user',
      targetId: user.id,
      after: { email: user.email, expiresAt: new Date(actor.now.getTime() + INVITE_TTL_MS).toISOString() },
    });
    return { expiresAt: new Date(actor.now.getTime() + INVITE_TTL_MS).toISOString() };
  });
}

/**
 * A reset asked for `email` by anyone: emails the person a link when the address has an enabled account and
 * no reset email went to it in the last `RESET_EMAIL_GAP_MS`; otherwise does nothing. Never says which.
 */
export async function requestPasswordReset(db: Db, publicUrl: string, email: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const user = await findUserByEmail(tx, email);
    if (!user || user.disabledAt) return;
    const [recent] = await tx
      .select({ at: passwordLinks.createdAt })
      .from(passwordLinks)
      .where(
        and(
          eq(passwordLinks.userId, user.id),
          eq(passwordLinks.purpose, 'reset'),
          gt(passwordLinks.createdAt, new Date(now.getTime() - RESET_EMAIL_GAP_MS)),
        ),
      )
      .orderBy(desc(passwordLinks.createdAt))
      .limit(1);
    if (recent) return;
    await issueLink(tx, user, 'reset', user.email, publicUrl, now);
    await recordAudit(tx, {
      at: now,
      actor: user.email,
      actorUserId: user.id,
      requestId: null,
      action: 'user.password-reset-requested',
      targetType: 'user',
      targetId: user.id,
      after: { email: user.email },
    });
  });
}

/**
 * Sets the password of the link's person and retires the link (and any other open one of theirs); audited
 * as `user.password-set`. `endSessions` ends the person's console sessions (auth's, handed in by the route):
 * whoever held the old password is signed out. `emailProven` (notify's, through the runtime) gives a person
 * with no contact method their email as a verified one: the link reached them there.
 * @returns the person's email (to sign in with)
 * @throws AppError VALIDATION `token` for an unknown, used or expired link or a disabled person; VALIDATION
 *   `password` for a password outside the policy
 */
export async function setPasswordWithLink(
  db: Db,
  input: { token: string; password: string },
  now: Date,
  endSessions: (tx: Db, userId: number, now: Date) => Promise<void>,
  emailProven: (tx: Db, userId: number, now: Date) => Promise<void>,
): Promise<{ email: string }> {
  const refuse = (why: string) =>
    new AppError('VALIDATION', `this link ${why}: ask for a new one`, [{ path: 'token', message: why }]);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [link] = await tx
      .select()
      .from(passwordLinks)
      .where(eq(passwordLinks.tokenHash, hashOf(input.token)))
      .for('update')
      .limit(1);
    if (!link) throw refuse('is not known');
    if (link.usedAt) throw refuse('was used already');
    if (link.expiresAt.getTime() <= now.getTime()) throw refuse('has expired');
    const [user] = await tx.select().from(users).where(eq(users.id, link.userId)).limit(1);
    if (!user || user.disabledAt) throw refuse('belongs to a disabled account');
    await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, user.id));
    await tx
      .update(passwordLinks)
      .set({ usedAt: now })
      .where(and(eq(passwordLinks.userId, user.id), isNull(passwordLinks.usedAt)));
    await endSessions(tx, user.id, now);
    await emailProven(tx, user.id, now);
    await recordAudit(tx, {
      at: now,
      actor: user.email,
      actorUserId: user.id,
      requestId: null,
      action: 'user.password-set',
      targetType: 'user',
      targetId: user.id,
      after: { purpose: link.purpose },
    });
    return { email: user.email };
  });
}
