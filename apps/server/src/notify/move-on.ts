/**
 * "A permanent failure moves on to the person's next method" (DESIGN §7, issue 4 §5): when a person's
 * notification fails for good, the person is not left unreached until their next rule's delay runs out.
 *
 * - If another notification of the same page to the same person is still waiting (e.g. "SMS after 2 min"),
 *   the first of them is made due now.
 * - Otherwise their next verified method that this page has not tried yet — in rule order (rules of the
 *   incident's urgency by delay, then their other rules, then any other verified method) — gets a new
 *   notification due now, key slot `after<failed notification id>`.
 */
import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import type { LoadedConfig } from '../kernel/index.ts';
import { contactMethods, notificationRules, notifications } from './tables.ts';
import { enqueueJob } from '../engine/index.ts';
import { insertPersonNotification, prefixOfKey } from './person-page.ts';
import { urgencyOf } from './urgency.ts';
import type { IncidentRow, NotificationRow } from './page-message.ts';
import { describeMethod, kindOfChannel } from './describe.ts';

/**
 * Schedules the person's next method after notification `n` failed for good. Call inside the transaction
 * that marks it failed.
 * @returns what was done, for the timeline (`trying SMS to … now`), or null when nothing is left to try
 */
export async function moveOnAfterFailure(
  db: Db,
  cfg: LoadedConfig,
  opts: { n: NotificationRow; incident: IncidentRow; now: Date },
): Promise<string | null> {
  const { n, incident, now } = opts;
  const prefix = prefixOfKey(n.idempotencyKey);
  if (!prefix || n.userId === null) return null;
  const userId = n.userId;
  const siblings = (
    await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.incidentId, incident.id), eq(notifications.userId, userId)))
      .orderBy(asc(notifications.nextAttemptAt), asc(notifications.id))
  ).filter((s) => s.idempotencyKey.startsWith(prefix) && s.id !== n.id);
  const waiting = siblings.find((s) => s.status === 'pending' && s.attempts === 0);
  if (waiting) {
    await db.update(notifications).set({ nextAttemptAt: now }).where(eq(notifications.id, waiting.id));
    await enqueueJob(db, 'notify.deliver', { notificationId: waiting.id }, now, now);
    const { kind, channelId } = kindOfChannel(waiting.channel);
    return `trying ${describeMethod(kind, waiting.recipient, channelId)} now instead of at ${waiting.nextAttemptAt?.toISOString() ?? 'its time'}`;
  }
  const tried = new Set([n.contactMethodId, ...siblings.map((s) => s.contactMethodId)]);
  const urgency = urgencyOf(incident, cfg.config.notify.urgency);
  // One query after another: `db` may be a transaction, whose one connection runs one query at a time.
  const methods = await db
    .select()
    .from(contactMethods)
    .where(
      and(eq(contactMethods.userId, userId), isNotNull(contactMethods.verifiedAt), isNull(contactMethods.disabledAt)),
    )
    .orderBy(asc(contactMethods.id));
  const rules = await db
    .select()
    .from(notificationRules)
    .where(eq(notificationRules.userId, userId))
    .orderBy(asc(notificationRules.delayMinutes), asc(notificationRules.id));
  const order = [
    ...rules.filter((r) => r.urgency === urgency).map((r) => r.contactMethodId),
    ...rules.filter((r) => r.urgency !== urgency).map((r) => r.contactMethodId),
    ...methods.map((m) => m.id),
  ];
  const nextId = order.find((id) => !tried.has(id) && methods.some((m) => m.id === id));
  const next = methods.find((m) => m.id === nextId);
  if (!next) return null;
  await insertPersonNotification(db, {
    incidentId: incident.id,
    prefix,
    slot: `after${n.id}`,
    userId,
    method: next,
    due: now,
    now,
  });
  return `trying ${describeMethod(next.kind, next.address, next.channelId)} now`;
}
