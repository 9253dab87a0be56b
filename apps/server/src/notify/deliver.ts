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
import { failureOf, recordFailure, recordSent } from './outcome.ts';
import { deliverToPerson } from './deliver-person.ts';
import { claimForSending } from './sending.ts';
import { buildPageMessage, type DeliveryOutcome } from './page-message.ts';

export { MAX_ATTEMPTS, retryDelayMs } from './retry.ts';

export type { DeliveryOutcome };

/**
 * Sends notification `id`. `attempt` is the job's attempt number (1-based). The first statement reads the
 * notification and sets its `sending` marker (notify/sending.ts): a settled notification, or one whose job is
 * early (a retry or a move-on rescheduled it, and the job due then sends it), is skipped.
 * Never throws for a send failure: the outcome says whether the job should be retried.
 */
export async function deliverNotification(rt: Runtime, id: number, attempt: number): Promise<DeliveryOutcome> {
  const claim = await claimForSending(rt.db, id, rt.clock.now());
  if (!claim) return { kind: 'skip' };
  const { n, previousSendingAt } = claim;
  const [incident] = await rt.db.select().from(incidents).where(eq(incidents.id, n.incidentId)).limit(1);
  if (!incident) return { kind: 'skip' };
  if (previousSendingAt)
    rt.log.warn(
      { notification: id, attempt, previousSendingAt },
      'an earlier attempt of this delivery stopped mid-send; sending again (the timeline says it may be a second copy)',
    );
  if (n.userId !== null && n.contactMethodId !== null)
    return deliverToPerson(rt, n, incident, attempt, previousSendingAt);
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
      resumed: previousSendingAt ? { kind: isEmail ? 'email' : provider.id, previousSendingAt } : null,
      data: { channel: n.channel, recipient: n.recipient, providerMessageId: result.providerMessageId },
    });
  } catch (e) {
    return recordFailure(rt, a, failureOf(e));
  }
}
