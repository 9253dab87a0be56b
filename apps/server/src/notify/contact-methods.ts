/**
 * Contact methods (DESIGN §7): the ways to reach a person — an email address, an E.164 number for SMS or
 * voice calls, or a chat handle on a configured chat channel. A method is paged only once verified
 * (verification.ts) and while not disabled. docs/notifications.md.
 *
 * Access: a person may always read and edit their own methods; anyone else needs `people:contact`, which only
 * an admin holds (server-wide: a team role never grants it). Whoever may change where a person is paged can
 * take their pages over, so a team manager may not (docs/security.md "Who can change whom").
 */
import { and, asc, eq, gt, inArray, isNotNull, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { ContactMethodCreate, ContactMethodView } from '@faultline/contracts';
import type { Db } from '../db/index.ts';
import type { Principal, Verb } from '../kernel/index.ts';
import { can } from '../kernel/index.ts';
import { contactMethods, notificationRules, verificationCodes } from './tables.ts';
import { users } from '../people/index.ts';
import { AppError, validationError } from '../lib/index.ts';
import { isE164 } from './phone/e164.ts';
import { isChatChannel } from './route-contact.ts';
import { recordAudit } from '../audit/index.ts';

export type ContactMethodRow = typeof contactMethods.$inferSelect;

/** Who acts, for the audit log. */
export interface Actor {
  principal: Principal;
  requestId?: string | null;
}

/** Whether `p` may read and edit the contact methods and rules of user `userId`: their own, or an admin's. */
export const mayManageContacts = (p: Principal, userId: number): boolean =>
  p.userId === userId || can(p, 'people:contact');

/**
 * Checks that user `userId` exists and that `p` may read and edit their contact methods and rules: their
 * own, or `people:contact` server-wide (an admin; no team role grants it).
 * @returns the user's row
 * @throws AppError NOT_FOUND, FORBIDDEN
 */
export async function assertContactAccess(db: Db, p: Principal, userId: number): Promise<typeof users.$inferSelect> {
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user) throw new AppError('NOT_FOUND', `user ${userId} does not exist`);
  if (mayManageContacts(p, userId)) return user;
  throw new AppError(
    'FORBIDDEN',
    `${p.name} (${p.role}) may not read or change the contact methods of ${user.email}: only they or an admin may`,
  );
}

/**
 * A page of user `userId`'s contact methods, oldest first (see `listContactMethods`), for themself or an
 * admin.
 * @throws AppError NOT_FOUND, FORBIDDEN
 */
export async function readContactMethods({
  ctx,
  input,
}: Verb<{ userId: number; limit: number; afterId?: number | undefined }>): Promise<ContactMethodView[]> {
  await assertContactAccess(ctx.tx, ctx.principal, input.userId);
  return listContactMethods(ctx.tx, input.userId, { limit: input.limit, afterId: input.afterId });
}

/**
 * An address shown to someone who may not read it (the simulator's "how"): enough to tell two methods
 * apart, not to reach the person — `a•••@example.com`, `•••23` for a number, `•••` for a chat handle.
 */
export function maskAddress(kind: string, address: string): string {
  if (kind === 'email') {
    const at = address.lastIndexOf('@');
    return at > 0 ? `${address[0]}•••${address.slice(at)}` : '•••';
  }
  if (kind === 'sms' || kind === 'voice') return `•••${address.slice(-2)}`;
  return '•••';
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A contact method row (and its pending code's times) as the API shows it; never the code. */
export function toContactMethodView(
  cm: ContactMethodRow,
  code: { sentAt: Date; expiresAt: Date } | null = null,
): ContactMethodView {
  return {
    id: cm.id,
    userId: cm.userId,
    kind: cm.kind as ContactMethodView['kind'],
    address: cm.address,
    channelId: cm.channelId,
    label: cm.label,
    verified: cm.verifiedAt !== null,
    verifiedAt: iso(cm.verifiedAt),
    disabledAt: iso(cm.disabledAt),
    disabledReason: cm.disabledReason,
    createdAt: cm.createdAt.toISOString(),
    codeSentAt: iso(code?.sentAt ?? null),
    codeExpiresAt: iso(code?.expiresAt ?? null),
  };
}

/** The contact methods of user `userId`, oldest first. */
export async function listContactMethods(
  db: Db,
  userId: number,
  page: { limit: number; afterId?: number | undefined } = { limit: Number.MAX_SAFE_INTEGER },
): Promise<ContactMethodView[]> {
  const list = await db
    .select({ cm: contactMethods, code: { sentAt: verificationCodes.sentAt, expiresAt: verificationCodes.expiresAt } })
    .from(contactMethods)
    .leftJoin(verificationCodes, eq(verificationCodes.contactMethodId, contactMethods.id))
    .where(
      and(
        eq(contactMethods.userId, userId),
        page.afterId === undefined ? undefined : gt(contactMethods.id, page.afterId),
      ),
    )
    .orderBy(asc(contactMethods.id))
    .limit(page.limit);
  return list.map(({ cm, code }) => toContactMethodView(cm, code));
}

/** One contact method of one user. @throws AppError NOT_FOUND */
export async function getContactMethod(db: Db, userId: number, id: number): Promise<ContactMethodRow> {
  const [cm] = await db
    .select()
    .from(contactMethods)
    .where(and(eq(contactMethods.id, id), eq(contactMethods.userId, userId)))
    .limit(1);
  if (!cm) throw new AppError('NOT_FOUND', `user ${userId} has no contact method ${id}`);
  return cm;
}

const Email = z.email();

/**
 * The normalised address of a new method: an email address (lower-cased), an E.164 number, or a chat handle
 * on a configured chat channel.
 * @throws AppError VALIDATION naming `address` or `channelId`
 */
export function normaliseContact(
  input: ContactMethodCreate,
  isChat: (channelId: string) => boolean,
): { address: string; channelId: string | null } {
  const address = input.address.trim();
  switch (input.kind) {
    case 'email':
      if (!Email.safeParse(address).success)
        throw validationError([{ path: 'address', message: 'expected an email address' }]);
      return { address: address.toLowerCase(), channelId: null };
    case 'sms':
    case 'voice':
      if (!isE164(address))
        throw validationError([{ path: 'address', message: 'expected an E.164 phone number such as +14155550100' }]);
      return { address, channelId: null };
    case 'chat':
      if (!input.channelId)
        throw validationError([
          { path: 'channelId', message: 'a chat contact method names a configured chat channel' },
        ]);
      if (!isChat(input.channelId))
        throw validationError([{ path: 'channelId', message: `${input.channelId} is not a configured chat channel` }]);
      return { address, channelId: input.channelId };
  }
}

/**
 * Adds an unverified contact method to user `userId` (then: send-code, verify).
 * @throws AppError NOT_FOUND, FORBIDDEN, VALIDATION, CONFLICT (the person already has this method)
 */
export async function createContactMethod({
  ctx,
  input,
}: Verb<ContactMethodCreate & { userId: number }>): Promise<ContactMethodView> {
  const { userId } = input;
  const actor: Actor = { principal: ctx.principal, requestId: ctx.requestId };
  const cfg = ctx.config;
  const now = ctx.clock.now();
  return ctx.tx.transaction(async (tx) => {
    await assertContactAccess(tx, actor.principal, userId);
    const { address, channelId } = normaliseContact(input, (id) => isChatChannel(cfg, id));
    const inserted = await tx
      .insert(contactMethods)
      .values({ userId, kind: input.kind, address, channelId, label: input.label ?? null, createdAt: now })
      .onConflictDoNothing()
      .returning();
    const cm = inserted[0];
    if (!cm) throw new AppError('CONFLICT', `user ${userId} already has the ${input.kind} contact method ${address}`);
    await recordAudit(tx, {
      at: now,
      actor: actor.principal.name,
      actorUserId: actor.principal.userId,
      action: 'contact-method.create',
      targetType: 'contact-method',
      targetId: cm.id,
      after: toContactMethodView(cm),
      requestId: actor.requestId ?? null,
    });
    return toContactMethodView(cm);
  });
}

/**
 * Deletes a contact method and the notification rules that use it.
 * @throws AppError NOT_FOUND, FORBIDDEN
 */
export async function deleteContactMethod({ ctx, input }: Verb<{ userId: number; id: number }>): Promise<void> {
  const { userId, id } = input;
  const actor: Actor = { principal: ctx.principal, requestId: ctx.requestId };
  const now = ctx.clock.now();
  await ctx.tx.transaction(async (tx) => {
    await assertContactAccess(tx, actor.principal, userId);
    const cm = await getContactMethod(tx, userId, id);
    await tx.delete(contactMethods).where(eq(contactMethods.id, id));
    await recordAudit(tx, {
      at: now,
      actor: actor.principal.name,
      actorUserId: actor.principal.userId,
      action: 'contact-method.delete',
      targetType: 'contact-method',
      targetId: id,
      before: toContactMethodView(cm),
      requestId: actor.requestId ?? null,
    });
  });
}

/**
 * A person who set their password from an emailed link has shown they read that address: with no contact
 * method yet, they get it as a verified email method and rules for both urgencies, as a synced person does
 * (issue 12: a user made in the console could then be paged by their team at once). Runs in `tx`.
 */
export async function seedProvenEmail(tx: Db, userId: number, now: Date): Promise<void> {
  await seedConfigContactMethods(tx, [userId], now, 'email (from the set-password link)');
}

/**
 * For each user the config sync names who has no contact method at all: their email as a verified email
 * contact method (the config author vouches for the address, docs/identity.md) and notification rules for
 * both urgencies (that email at once). Runs inside the sync's transaction.
 */
export async function seedConfigContactMethods(
  tx: Db,
  userIds: number[],
  now: Date,
  label = 'email (from the config)',
): Promise<number> {
  if (userIds.length === 0) return 0;
  const having = await tx
    .selectDistinct({ userId: contactMethods.userId })
    .from(contactMethods)
    .where(inArray(contactMethods.userId, userIds));
  const has = new Set(having.map((r) => r.userId));
  const bare = userIds.filter((id) => !has.has(id));
  if (bare.length === 0) return 0;
  const people = await tx.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, bare));
  for (const p of people) {
    const [cm] = await tx
      .insert(contactMethods)
      .values({
        userId: p.id,
        kind: 'email',
        address: p.email,
        label,
        verifiedAt: now,
        createdAt: now,
      })
      .returning({ id: contactMethods.id });
    await tx.insert(notificationRules).values([
      { userId: p.id, contactMethodId: cm!.id, urgency: 'high', delayMinutes: 0, createdAt: now },
      { userId: p.id, contactMethodId: cm!.id, urgency: 'low', delayMinutes: 0, createdAt: now },
    ]);
  }
  return people.length;
}

/**
 * The chat handles of people (by email, lower-cased) on the configured chat channels `channelIds`: the address
 * of each person's verified, enabled `chat` contact method on one of them (the first such method when a person
 * has several). People without one are absent from the map. Used to find a person's DingTalk or WeCom userid.
 */
export async function chatHandles(
  db: Db,
  channelIds: readonly string[],
  emails: readonly string[],
): Promise<Map<string, string>> {
  if (channelIds.length === 0 || emails.length === 0) return new Map();
  const rows = await db
    .select({ email: users.email, address: contactMethods.address })
    .from(contactMethods)
    .innerJoin(users, eq(users.id, contactMethods.userId))
    .where(
      and(
        eq(contactMethods.kind, 'chat'),
        inArray(contactMethods.channelId, [...channelIds]),
        inArray(
          users.email,
          emails.map((e) => e.toLowerCase()),
        ),
        isNotNull(contactMethods.verifiedAt),
        isNull(contactMethods.disabledAt),
      ),
    )
    .orderBy(asc(contactMethods.id));
  const out = new Map<string, string>();
  for (const r of rows) if (!out.has(r.email.toLowerCase())) out.set(r.email.toLowerCase(), r.address);
  return out;
}
