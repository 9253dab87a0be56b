/**
 * Delivery of one notification (the `notify.deliver` job): render, send, record the outcome on the
 * notification and the incident timeline. Transient failures retry with exponential backoff; a permanent
 * failure or the last attempt marks the notification failed.
 *
 * A person's notification (it names a user and a contact method) is delivered by deliver-person.ts: by the
 * method's kind, within the person's budget, cancelled when it was delayed and the incident was acknowledged
 * first, and moving on to the person's next method when it fails for good. Any other notification — a
 * channel post, or an email to an address that is no user's — goes through `rt.providers[channel]`.
 */
import { eq } from 'drizzle-orm';
import type { Runtime } from '../kernel/index.ts';
import { incidents } from '../incident/index.ts';
import { notifications } from './tables.ts';
import { failureOf, recordFailure, recordSent } from './outcome.ts';
import { deliverToPerson } from './deliver-person.ts';
import { buildPageMessage, type DeliveryOutcome } from './page-message.ts';

export { MAX_ATTEMPTS, retryDelayMs } from './retry.ts';

export type { DeliveryOutcome };

/** Statuses after which a delivery job has nothing to do. */
/** Delivery states after which nothing more happens to a notification (retention may delete it later). */
export const SETTLED_STATES = ['sent', 'failed', 'cancelled', 'held'] as const;
const SETTLED = new Set<string>(SETTLED_STATES);

/**
 * Sends notification `id`. `attempt` is the job's attempt number (1-based).
 * Never throws for a send failure: the outcome says whether the job should be retried.
 */
export async function deliverNotification(rt: Runtime, id: number, attempt: number): Promise<DeliveryOutcome> {
  const [n] = await rt.db.select().from(notifications).where(eq(notifications.id, id)).limit(1);
  if (!n || SETTLED.has(n.status)) return { kind: 'skip' };
  // A job early for its notification is stale: a retry or a move-on rescheduled it, and the job due then sends
  // it (a notification's own job never runs before its `next_attempt_at`).
  if (n.nextAttemptAt && n.nextAttemptAt.getTime() > rt.clock.now().getTime()) return { kind: 'skip' };
  const [incident] = await rt.db.select().from(incidents).where(eq(incidents.id, n.incidentId)).limit(1);
  if (!incident) return { kind: 'skip' };
  if (n.userId !== null && n.contactMethodId !== null) return deliverToPerson(rt, n, incident, attempt);
  // `email`, or the id of a configured channel (own keys only: a channel id is never an Object.prototype name).
  const provider = Object.hasOwn(rt.providers, n.channel) ? rt.providers[n.channel] : null;
  const isEmail = n.channel === 'email';
  // A channel target's row names the channel as its recipient; the provider then posts to its configured
  // robot, webhook or default chat channel (an empty address).
  const address = !isEmail && n.recipient === n.channel ? '' : n.recipient;
  const what = isEmail ? `email to ${n.recipient}` : `page to channel ${n.channel}`;
  const now = rt.clock.now();
  const a = { notificationId: id, incidentId: incident.id, attempt, now, what };
  if (!provider) {
    const error = isEmail
      ? `no ${n.channel} provider is configured (set smtp.url in the config or FAULTLINE_SMTP_URL)`
      : `channel ${n.channel} is not configured (see channels in the config)`;
    return recordFailure(rt, a, { error, permanent: false });
  }
  const message = await buildPageMessage(rt, incident, n, now);
  try {
    const result = await provider.send(address, message);
    return await recordSent(rt, a, {
      provider: null,
      providerMessageId: result.providerMessageId,
      text: isEmail ? `email sent to ${n.recipient}` : `page posted to channel ${n.channel}`,
      data: { channel: n.channel, recipient: n.recipient, providerMessageId: result.providerMessageId },
    });
  } catch (e) {
    return recordFailure(rt, a, failureOf(e));
  }
}
