/**
 * Notify's job kinds: deliver one notification, send one email that belongs to no incident, send one
 * storm-control digest. All run in the engine's delivery lane (kinds starting `notify.`), so a backlog of
 * messages never delays an escalation timer.
 */
import { z } from 'zod';
import type { JobDefinition } from '../engine/index.ts';
import type { Runtime } from '../kernel/index.ts';
import { deliverNotification } from './deliver.ts';
import { sendMail } from './mail.ts';
import { sendDigest } from './digest.ts';

const DeliverPayload = z.object({ notificationId: z.number().int().positive() });
const MailPayload = z.object({
  to: z.array(z.string()).min(1),
  subject: z.string(),
  text: z.string(),
  /** An iCalendar REQUEST sent as the mail's calendar part (NoticeMessage.calendar). */
  calendar: z.string().optional(),
  /**
   * The configured channel to send through (default `email`): e.g. a stakeholder list's chat channel, with `to`
   * its channel id (a webhook channel posts to its one group whatever the address).
   */
  channel: z.string().optional(),
  /** Files attached to the mail (NoticeMessage.attachments). */
  attachments: z
    .array(z.object({ filename: z.string(), contentType: z.string(), contentBase64: z.string() }))
    .optional(),
});
const DigestPayload = z.object({ digestId: z.number().int().positive() });

declare module '../engine/jobs.ts' {
  interface JobPayloads {
    /** Deliver one notification row (notify/deliver.ts). */
    'notify.deliver': z.infer<typeof DeliverPayload>;
    /** Send one email that belongs to no incident, e.g. "new level rules approved" (notify/mail.ts). */
    'notify.mail': z.infer<typeof MailPayload>;
    /** Send one storm-control digest: the notifications held for a person over budget. */
    'notify.digest': z.infer<typeof DigestPayload>;
  }
}

export const notifyJobs: {
  'notify.deliver': JobDefinition<Runtime, 'notify.deliver'>;
  'notify.mail': JobDefinition<Runtime, 'notify.mail'>;
  'notify.digest': JobDefinition<Runtime, 'notify.digest'>;
} = {
  'notify.deliver': {
    payload: DeliverPayload,
    async run(rt, { notificationId }, job) {
      // The previous claim lapsed: that node may have handed the message to the provider before it died. The
      // delivery runs again (a page must not be lost) with the same idempotency key, Message-ID and delivery
      // id, so a receiver that de-duplicates shows it once; the log names the possible re-send.
      if (job.abandonedBy)
        rt.log.warn(
          { notification: notificationId, abandonedBy: job.abandonedBy, attempt: job.attempts },
          'resuming a delivery whose node stopped mid-job; if it had reached the provider this is a re-send',
        );
      const outcome = await deliverNotification(rt, notificationId, job.attempts);
      if (outcome.kind === 'skip') return { kind: 'done' };
      if (outcome.kind === 'retry')
        return { kind: 'retry', at: outcome.at, error: outcome.error, incidentIds: [outcome.incidentId] };
      return { kind: 'done', incidentIds: [outcome.incidentId] };
    },
  },
  'notify.mail': { payload: MailPayload, run: (rt, payload, job) => sendMail(rt, payload, job.attempts) },
  'notify.digest': { payload: DigestPayload, run: (rt, { digestId }, job) => sendDigest(rt, digestId, job.attempts) },
};
