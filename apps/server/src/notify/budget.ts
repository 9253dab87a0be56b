/**
 * Storm control, the budget (DESIGN §7: "per-person notification budget (N per M minutes), beyond which
 * messages are bundled into a digest"). Config `notify.budget` (default 10 per 10 minutes).
 *
 * A person's budget counts the notifications sent to them (any method, any incident) in the last
 * `perMinutes` minutes, digests' contents excluded (a digest is the bundle, not more noise). A notification
 * that would be the `max + 1`-th is held into a digest due when the oldest counted one leaves the window.
 */
import { and, asc, eq, gt, isNull, ne } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { notifications } from './tables.ts';
import { users } from '../people/index.ts';
import type { BudgetConfig } from './config.ts';

export type BudgetDecision = { allowed: true } | { allowed: false; until: Date };

/**
 * Whether one more notification may be sent at `now`, given the send times already counted in the window
 * (oldest first). Pure.
 * @returns allowed, or not before `until` (the oldest counted send + the window)
 */
export function budgetDecision(sentAts: readonly Date[], now: Date, budget: BudgetConfig): BudgetDecision {
  const windowMs = budget.perMinutes * 60_000;
  const counted = sentAts
    .filter((t) => t.getTime() > now.getTime() - windowMs)
    .sort((a, b) => a.getTime() - b.getTime());
  if (counted.length < budget.max) return { allowed: true };
  // The (count - max + 1)-th oldest must leave the window before there is room again.
  const leaving = counted[counted.length - budget.max]!;
  return { allowed: false, until: new Date(leaving.getTime() + windowMs) };
}

/**
 * Decides the budget for notification `notificationId` of user `userId` and, when allowed, reserves its slot
 * (sets its `sent_at` to `now`; `releaseBudget` frees it after a failed send). The person's row is locked, so
 * two nodes delivering to one person at once cannot both take the last slot. Call inside a transaction.
 */
export async function reserveBudget(
  db: Db,
  opts: { userId: number; notificationId: number; now: Date; budget: BudgetConfig },
): Promise<BudgetDecision> {
  await db.select({ id: users.id }).from(users).where(eq(users.id, opts.userId)).for('update');
  const since = new Date(opts.now.getTime() - opts.budget.perMinutes * 60_000);
  const sent = await db
    .select({ sentAt: notifications.sentAt })
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, opts.userId),
        gt(notifications.sentAt, since),
        isNull(notifications.digestId),
        ne(notifications.id, opts.notificationId),
      ),
    )
    .orderBy(asc(notifications.sentAt));
  const decision = budgetDecision(
    sent.flatMap((r) => (r.sentAt ? [r.sentAt] : [])),
    opts.now,
    opts.budget,
  );
  if (decision.allowed)
    await db.update(notifications).set({ sentAt: opts.now }).where(eq(notifications.id, opts.notificationId));
  return decision;
}
