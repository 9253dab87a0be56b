/**
 * Delivering a person's notification (DESIGN §7; docs/notifications.md), in order:
 *
 * 1. **Cancel** a delayed rule notification (e.g. "SMS after 2 min") whose incident was acknowledged,
 *    mitigated or resolved after the page and before it was due: it and every other such notification of the
 *    incident become `cancelled`, with one timeline note.
 * 2. **Budget** (storm control, notify/budget.ts): over the person's budget, a LOW-urgency notification is `held` in
 *    the open digest of that person and method (notify/digest.ts). A high-urgency one (notify/urgency.ts, judged on the
 *    incident's levels now) is never held: it is sent at once and still counts in the window (issue 12 §5).
 * 3. **Send** through the contact method (route-contact.ts): email by SMTP, SMS/voice by the phone routing
 *    with provider failover, chat by the channel's provider to the handle; `provider` and
 *    `providerMessageId` are recorded.
 * 4. **On failure**: a transient one retries with backoff; a permanent one (or the last attempt) marks it
 *    `failed` and moves on to the person's next method at once (move-on.ts).
 */
import { and, eq, gt, isNotNull, lte } from 'drizzle-orm';
import type { Runtime } from '../kernel/index.ts';
import { contactMethods, notifications } from './tables.ts';
import { users } from '../people/index.ts';
import { addTimeline } from '../incident/index.ts';
import { reserveBudget } from './budget.ts';
import { holdInDigest } from './digest.ts';
import { urgencyOf } from './urgency.ts';
import { failureOf, recordFailure, recordSent } from './outcome.ts';
import type { Db } from '../db/index.ts';
import { sendToContact, type ContactKind } from './route-contact.ts';
import { buildPageMessage, type DeliveryOutcome, type IncidentRow, type NotificationRow } from './page-message.ts';
import { moveOnAfterFailure } from './move-on.ts';
import { describeDelivery } from './describe.ts';

/** When the incident stopped needing pages (acknowledged, mitigated, resolved, closed), or null while triggered. */
export function stoppedAt(incident: IncidentRow): Date | null {
  switch (incident.status) {
    case 'triggered':
      return null;
    case 'acknowledged':
      return incident.acknowledgedAt ?? incident.updatedAt;
    case 'mitigated':
      return incident.mitigatedAt ?? incident.acknowledgedAt ?? incident.updatedAt;
    default:
      return incident.resolvedAt ?? incident.closedAt ?? incident.updatedAt;
  }
}

/**
 * Cancels the incident's delayed person notifications made before `stop` that have not been tried yet;
 * one timeline note when any were cancelled.
 */
async function cancelDelayed(rt: Runtime, incident: IncidentRow, stop: Date, now: Date): Promise<void> {
  await rt.db.transaction(async (tx) => {
    const cancelled = await tx
      .update(notifications)
      .set({ status: 'cancelled', nextAttemptAt: null, lastError: `the incident was ${incident.status} first` })
      .where(
        and(
          eq(notifications.incidentId, incident.id),
          eq(notifications.status, 'pending'),
          eq(notifications.attempts, 0),
          isNotNull(notifications.userId),
          lte(notifications.createdAt, stop),
          gt(notifications.nextAttemptAt, notifications.createdAt),
        ),
      )
      .returning({ id: notifications.id });
    if (cancelled.length === 0) return;
    await addTimeline(tx, {
      incidentId: incident.id,
      at: now,
      kind: 'note',
      actor: 'system',
      message: `${cancelled.length} delayed notification(s) cancelled: the incident was ${incident.status} before they were due`,
      data: { cancelled: cancelled.map((c) => c.id) },
    });
  });
}

/** Delivers person notification `n` (it has `userId` and `contactMethodId`); see the module comment. */
export async function deliverToPerson(
  rt: Runtime,
  n: NotificationRow,
  incident: IncidentRow,
  attempt: number,
  /** The `sending` marker an earlier attempt left (notify/sending.ts), or null. */
  previousSendingAt: Date | null = null,
): Promise<DeliveryOutcome> {
  const now = rt.clock.now();
  const cfg = rt.config();
  const userId = n.userId!;
  const stop = stoppedAt(incident);
  const delayed = n.nextAttemptAt !== null && n.nextAttemptAt.getTime() > n.createdAt.getTime();
  if (stop && n.attempts === 0 && delayed && stop.getTime() >= n.createdAt.getTime()) {
    await cancelDelayed(rt, incident, stop, now);
    return { kind: 'cancelled', incidentId: incident.id };
  }
  // The person's name and the contact method in one statement (the method may have been removed meanwhile).
  const [found] = await rt.db
    .select({ name: users.name, cm: contactMethods })
    .from(users)
    .leftJoin(contactMethods, eq(contactMethods.id, n.contactMethodId!))
    .where(eq(users.id, userId))
    .limit(1);
  const cm = found?.cm ?? undefined;
  const name = found?.name ?? `user ${userId}`;
  const what = describeDelivery(cm?.kind ?? n.channel, name, n.recipient, cm?.channelId ?? null);

  const a = { notificationId: n.id, incidentId: incident.id, attempt, now, what };
  const giveUp = (tx: Db) =>
    moveOnAfterFailure(tx, cfg, { n, incident, now }).then((next) => next ?? `${name} has no other method to try`);
  if (!cm || cm.verifiedAt === null || cm.disabledAt !== null) {
    const error = !cm ? 'the contact method was removed' : 'the contact method is no longer verified or is disabled';
    return recordFailure(rt, a, { error, permanent: true }, giveUp);
  }
  const budget = cfg.config.notify.budget;
  const urgent = urgencyOf(incident, cfg.config.notify.urgency) === 'high';
  const held = await rt.db.transaction(async (tx) => {
    if (urgent) return null;
    const decision = await reserveBudget(tx, { userId, notificationId: n.id, now, budget });
    if (decision.allowed) return null;
    const digest = await holdInDigest(tx, {
      notificationId: n.id,
      userId,
      contactMethodId: cm.id,
      until: decision.until,
      now,
    });
    await addTimeline(tx, {
      incidentId: incident.id,
      at: now,
      kind: 'note',
      actor: 'system',
      message: `${what} held: ${name} is over the budget of ${budget.max} notifications per ${budget.perMinutes} min; it goes in a digest at ${digest.dueAt.toISOString()}`,
      data: { notificationId: n.id, digestId: digest.digestId },
    });
    return digest;
  });
  if (held) return { kind: 'held', incidentId: incident.id };
  const message = await buildPageMessage(rt, incident, n, now);
  try {
    const r = await sendToContact(
      cfg,
      rt.providers,
      { kind: cm.kind as ContactKind, address: cm.address, channelId: cm.channelId },
      message,
    );
    const via =
      r.provider === 'smtp'
        ? ''
        : ` via ${r.provider}${r.failedOver.length ? ` (after ${r.failedOver.map((f) => `${f.providerId}: ${f.error}`).join('; ')})` : ''}`;
    return await recordSent(rt, a, {
      provider: r.provider,
      providerMessageId: r.providerMessageId,
      suffix: via,
      resumed: previousSendingAt ? { kind: cm.kind, previousSendingAt } : null,
      data: {
        userId,
        contactMethodId: cm.id,
        channel: n.channel,
        recipient: n.recipient,
        provider: r.provider,
        providerMessageId: r.providerMessageId,
        failedOver: r.failedOver,
      },
    });
  } catch (e) {
    return recordFailure(rt, a, failureOf(e), giveUp);
  }
}
