/**
 * Recording a delivery attempt's outcome, one place for every kind of notification (a person's, a channel
 * post, an email to a bare address): the notification row and its timeline entry change in one transaction.
 *
 * Retry rule (retry.ts): a transient failure retries with exponential backoff until MAX_ATTEMPTS; a permanent
 * failure (PermanentSendError) or the last attempt marks the notification `failed`, and the caller's `onGiveUp`
 * may then arrange what comes next (a person's next contact method, move-on.ts).
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import type { Runtime } from '../kernel/index.ts';
import { notifications } from './tables.ts';
import { addTimeline, withTimeline } from '../incident/index.ts';
import { resumeNote } from './sending.ts';
import { PermanentSendError } from './provider.ts';
import { redactText } from '../lib/index.ts';
import { MAX_ATTEMPTS, retryDelayMs } from './retry.ts';
import type { DeliveryOutcome } from './page-message.ts';

/** The attempt being recorded. */
export interface Attempt {
  notificationId: number;
  incidentId: number;
  /** 1-based attempt number (the job's). */
  attempt: number;
  now: Date;
  /** How the timeline names the delivery, e.g. `email to Ann (ann@example.com)`, `page to channel ops`. */
  what: string;
}

/**
 * Marks the notification sent, with the provider that accepted it and its id, clears its `sending` marker and
 * adds the `notification_sent` timeline entry (`<what> sent<suffix> (attempt N)`), in one statement. A send
 * after an attempt that stopped mid-send (`resumed`) says on the timeline that it may be a second copy.
 */
export async function recordSent(
  rt: Runtime,
  a: Attempt,
  sent: {
    provider: string | null;
    providerMessageId: string | null;
    /** Appended to the timeline message, e.g. ` via twilio-sms`. */
    suffix?: string;
    /** The timeline message instead of `<what> sent<suffix>`, e.g. `page posted to channel ops`. */
    text?: string;
    /** The timeline entry's data besides the notification id. */
    data: Record<string, unknown>;
    /** The channel kind and the marker of an earlier attempt that stopped mid-send (notify/sending.ts). */
    resumed?: { kind: string; previousSendingAt: Date } | null;
  },
): Promise<DeliveryOutcome> {
  const r = sent.resumed;
  const message =
    `${sent.text ?? `${a.what} sent${sent.suffix ?? ''}`}${r ? resumeNote(r.kind, r.previousSendingAt) : ''}` +
    `${a.attempt > 1 ? ` (attempt ${a.attempt})` : ''}`;
  await rt.db.execute(
    withTimeline(
      sql`update notifications set status = 'sent', attempts = ${a.attempt}, sent_at = ${a.now.toISOString()}::timestamptz,
            last_error = null, next_attempt_at = null, sending_at = null,
            provider = coalesce(${sent.provider}, provider), provider_message_id = ${sent.providerMessageId}
          where id = ${a.notificationId}`,
      {
        incidentId: a.incidentId,
        at: a.now,
        kind: 'notification_sent',
        actor: 'system',
        message,
        data: {
          notificationId: a.notificationId,
          ...sent.data,
          ...(r ? { mayBeSecondCopy: true, previousSendingAt: r.previousSendingAt.toISOString() } : {}),
        },
      },
    ),
  );
  return { kind: 'sent', incidentId: a.incidentId };
}

/**
 * The error of a failed send, and whether retrying can help. The message is what the notification row and the
 * timeline keep, so URL credentials in it are redacted (providers never put a URL in it; this is the net below).
 */
export function failureOf(e: unknown): { error: string; permanent: boolean } {
  return { error: redactText(e instanceof Error ? e.message : String(e)), permanent: e instanceof PermanentSendError };
}

/**
 * Records a failed attempt: `retrying` with the next attempt's time, or `failed` when the error is permanent
 * or this was attempt MAX_ATTEMPTS, with one `notification_failed` timeline entry. `onGiveUp` runs in the same
 * transaction when the notification fails for good and returns what happens instead (for the timeline), or
 * null for nothing.
 */
export async function recordFailure(
  rt: Runtime,
  a: Attempt,
  failure: { error: string; permanent: boolean },
  onGiveUp?: (tx: Db) => Promise<string | null>,
): Promise<DeliveryOutcome> {
  const { error, permanent } = failure;
  const giveUp = permanent || a.attempt >= MAX_ATTEMPTS;
  const at = new Date(a.now.getTime() + retryDelayMs(a.attempt));
  await rt.db.transaction(async (tx) => {
    await tx
      .update(notifications)
      .set({
        status: giveUp ? 'failed' : 'retrying',
        attempts: a.attempt,
        lastError: error,
        nextAttemptAt: giveUp ? null : at,
        // Not sent: a budget slot reserved for this send (notify/budget.ts) is given back.
        sentAt: null,
        sendingAt: null,
      })
      .where(eq(notifications.id, a.notificationId));
    const next = giveUp && onGiveUp ? await onGiveUp(tx) : null;
    const how = permanent ? ' permanently' : ` after ${a.attempt} attempts`;
    await addTimeline(tx, {
      incidentId: a.incidentId,
      at: a.now,
      kind: 'notification_failed',
      actor: 'system',
      message: giveUp
        ? `${a.what} failed${how}: ${error}${next ? `; ${next}` : ''}`
        : `${a.what} failed (attempt ${a.attempt}/${MAX_ATTEMPTS}), retrying at ${at.toISOString()}: ${error}`,
      data: {
        notificationId: a.notificationId,
        attempt: a.attempt,
        error,
        final: giveUp,
        ...(giveUp && onGiveUp ? { next } : {}),
      },
    });
  });
  return giveUp
    ? { kind: 'failed', incidentId: a.incidentId, error }
    : { kind: 'retry', incidentId: a.incidentId, at, error };
}
