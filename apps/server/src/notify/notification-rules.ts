/**
 * Personal notification rules (DESIGN §7: "per urgency: email now, SMS after 2 min, voice after 5"): for
 * incidents of an urgency (notify/urgency.ts), notify a contact method a number of minutes after the page.
 * The list is read and replaced whole. docs/notifications.md.
 */
import { asc, eq } from 'drizzle-orm';
import type { NotificationRule, NotificationRuleView } from '@faultline/contracts';
import type { Db } from '../db/index.ts';
import type { Verb } from '../kernel/index.ts';
import { contactMethods, notificationRules } from './tables.ts';
import { validationError } from '../lib/index.ts';
import { assertContactAccess, type Actor } from './contact-methods.ts';
import { recordAudit } from '../audit/index.ts';

/**
 * The rules of user `userId`, in their order of use: high before low, then by delay, then as entered.
 * That order is also "the person's next method" when a delivery fails permanently.
 */
export async function listNotificationRules(db: Db, userId: number): Promise<NotificationRuleView[]> {
  const list = await db
    .select({ r: notificationRules, cm: contactMethods })
    .from(notificationRules)
    .innerJoin(contactMethods, eq(contactMethods.id, notificationRules.contactMethodId))
    .where(eq(notificationRules.userId, userId))
    .orderBy(asc(notificationRules.urgency), asc(notificationRules.delayMinutes), asc(notificationRules.id));
  return list.map(({ r, cm }) => ({
    id: r.id,
    contactMethodId: r.contactMethodId,
    urgency: r.urgency as NotificationRule['urgency'],
    delayMinutes: r.delayMinutes,
    contactMethod: {
      kind: cm.kind as NotificationRuleView['contactMethod']['kind'],
      address: cm.address,
      verified: cm.verifiedAt !== null,
    },
  }));
}

/** The rules of user `userId` (see `listNotificationRules`), for themself or an admin. @throws AppError NOT_FOUND, FORBIDDEN */
export async function readNotificationRules({ ctx, input }: Verb<{ userId: number }>): Promise<NotificationRuleView[]> {
  await assertContactAccess(ctx.tx, ctx.principal, input.userId);
  return listNotificationRules(ctx.tx, input.userId);
}

/**
 * Replaces the rules of user `userId` with `rules` (input already shape-checked: urgency, delay 0–1440).
 * Each rule's contact method must be one of the person's; a duplicate (same method, urgency and delay) is
 * refused. Rules may name unverified methods: they are skipped until the method is verified.
 * @throws AppError NOT_FOUND, FORBIDDEN, VALIDATION (`rules.N.contactMethodId`, `rules.N`)
 */
export async function replaceNotificationRules({
  ctx,
  input,
}: Verb<{ userId: number; rules: NotificationRule[] }>): Promise<NotificationRuleView[]> {
  const { userId, rules } = input;
  const actor: Actor = { principal: ctx.principal, requestId: ctx.requestId };
  const now = ctx.clock.now();
  return ctx.tx.transaction(async (tx) => {
    await assertContactAccess(tx, actor.principal, userId);
    const own = new Set(
      (await tx.select({ id: contactMethods.id }).from(contactMethods).where(eq(contactMethods.userId, userId))).map(
        (c) => c.id,
      ),
    );
    const problems: { path: string; message: string }[] = [];
    const seen = new Set<string>();
    rules.forEach((r, i) => {
      if (!own.has(r.contactMethodId))
        problems.push({
          path: `rules.${i}.contactMethodId`,
          message: `user ${userId} has no contact method ${r.contactMethodId}`,
        });
      const key = `${r.contactMethodId}:${r.urgency}:${r.delayMinutes}`;
      if (seen.has(key)) problems.push({ path: `rules.${i}`, message: 'the same rule is listed twice' });
      seen.add(key);
    });
    if (problems.length) throw validationError(problems);
    const before = await listNotificationRules(tx, userId);
    await tx.delete(notificationRules).where(eq(notificationRules.userId, userId));
    if (rules.length) {
      await tx.insert(notificationRules).values(
        rules.map((r) => ({
          userId,
          contactMethodId: r.contactMethodId,
          urgency: r.urgency,
          delayMinutes: r.delayMinutes,
          createdAt: now,
        })),
      );
    }
    const after = await listNotificationRules(tx, userId);
    await recordAudit(tx, {
      at: now,
      actor: actor.principal.name,
      actorUserId: actor.principal.userId,
      action: 'notification-rules.replace',
      targetType: 'user',
      targetId: userId,
      before,
      after,
      requestId: actor.requestId ?? null,
    });
    return after;
  });
}
