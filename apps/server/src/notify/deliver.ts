/**
 * Delivery of one notification (the `notify.deliver` job): render, send through the channel's provider,
 * record the outcome on the notification and the incident timeline. Transient failures retry with
 * exponential backoff; a permanent failure or the last attempt marks the notification failed.
 */
import { createHash } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { Runtime } from '../runtime.ts';
import { alerts, incidents, notifications } from '../db/schema/index.ts';
import { addTimeline } from '../incident/timeline.ts';
import { signLink } from '../auth/signed-link.ts';
import { PermanentSendError, type PageMessage } from './provider.ts';
import { formatLevels } from '../incident/view.ts';

/** Attempts before a notification is given up as failed. */
export const MAX_ATTEMPTS = 8;

/** Delay before attempt `attempt + 1`, in ms: 5 s doubling per attempt, capped at 10 min. */
export function retryDelayMs(attempt: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempt - 1), 600_000);
}

/** Ack links stay valid for 7 days. */
const ACK_LINK_TTL_S = 7 * 24 * 3600;

export type DeliveryOutcome =
  | { kind: 'sent'; incidentId: number }
  | { kind: 'retry'; incidentId: number; at: Date; error: string }
  | { kind: 'failed'; incidentId: number; error: string }
  | { kind: 'skip' };

/**
 * Sends notification `id`. `attempt` is the job's attempt number (1-based).
 * Never throws for a send failure: the outcome says whether the job should be retried.
 */
export async function deliverNotification(rt: Runtime, id: number, attempt: number): Promise<DeliveryOutcome> {
  const [n] = await rt.db.select().from(notifications).where(eq(notifications.id, id)).limit(1);
  if (!n || n.status === 'sent' || n.status === 'failed') return { kind: 'skip' };
  const [incident] = await rt.db.select().from(incidents).where(eq(incidents.id, n.incidentId)).limit(1);
  if (!incident) return { kind: 'skip' };
  // `email`, or the id of a configured channel (own keys only: a channel id is never an Object.prototype name).
  const provider = Object.hasOwn(rt.providers, n.channel) ? rt.providers[n.channel] : null;
  const isEmail = n.channel === 'email';
  // A channel target's row names the channel as its recipient; the provider then posts to its configured
  // robot, webhook or default chat channel (an empty address).
  const address = !isEmail && n.recipient === n.channel ? '' : n.recipient;
  const what = isEmail ? `email to ${n.recipient}` : `page to channel ${n.channel}`;
  const now = rt.clock.now();
  let error: string;
  let permanent = false;
  if (!provider) {
    error = isEmail
      ? `no ${n.channel} provider is configured (set smtp.url in the config or FAULTLINE_SMTP_URL)`
      : `channel ${n.channel} is not configured (see channels in the config)`;
  } else {
    const firstAlerts = await rt.db
      .select({ summary: alerts.summary, labels: alerts.labels })
      .from(alerts)
      .where(eq(alerts.incidentId, incident.id))
      .orderBy(asc(alerts.id))
      .limit(5);
    const token = signLink(
      {
        action: 'ack',
        incidentId: incident.id,
        recipient: n.recipient,
        exp: Math.floor(now.getTime() / 1000) + ACK_LINK_TTL_S,
      },
      rt.linkSecret,
    );
    const message: PageMessage = {
      kind: 'page',
      incidentId: incident.id,
      title: incident.title,
      levelText: incident.risk ? 'risk' : formatLevels(incident.levels) || 'ungraded',
      status: incident.status,
      service: incident.service,
      step: n.idempotencyKey.split(':')[1] ?? 'initial',
      incidentUrl: `${rt.publicUrl}/incidents/${incident.id}`,
      ackUrl: `${rt.publicUrl}/ack/${token}`,
      alerts: firstAlerts,
      deliveryId: createHash('sha256').update(n.idempotencyKey).digest('hex').slice(0, 32),
    };
    try {
      const result = await provider.send(address, message);
      await rt.db.transaction(async (tx) => {
        await tx
          .update(notifications)
          .set({
            status: 'sent',
            attempts: attempt,
            sentAt: now,
            lastError: null,
            nextAttemptAt: null,
            providerMessageId: result.providerMessageId,
          })
          .where(eq(notifications.id, id));
        await addTimeline(tx, {
          incidentId: incident.id,
          at: now,
          kind: 'notification_sent',
          actor: 'system',
          message: `${isEmail ? `email sent to ${n.recipient}` : `page posted to channel ${n.channel}`}${attempt > 1 ? ` (attempt ${attempt})` : ''}`,
          data: {
            notificationId: id,
            channel: n.channel,
            recipient: n.recipient,
            providerMessageId: result.providerMessageId,
          },
        });
      });
      return { kind: 'sent', incidentId: incident.id };
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
      permanent = e instanceof PermanentSendError;
    }
  }
  const giveUp = permanent || attempt >= MAX_ATTEMPTS;
  const at = new Date(now.getTime() + retryDelayMs(attempt));
  await rt.db.transaction(async (tx) => {
    await tx
      .update(notifications)
      .set({
        status: giveUp ? 'failed' : 'retrying',
        attempts: attempt,
        lastError: error,
        nextAttemptAt: giveUp ? null : at,
      })
      .where(eq(notifications.id, id));
    await addTimeline(tx, {
      incidentId: incident.id,
      at: now,
      kind: 'notification_failed',
      actor: 'system',
      message: giveUp
        ? `${what} failed after ${attempt} attempt(s): ${error}`
        : `${what} failed (attempt ${attempt}/${MAX_ATTEMPTS}), retrying at ${at.toISOString()}: ${error}`,
      data: { notificationId: id, attempt, error, final: giveUp },
    });
  });
  return giveUp
    ? { kind: 'failed', incidentId: incident.id, error }
    : { kind: 'retry', incidentId: incident.id, at, error };
}
