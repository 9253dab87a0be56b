/**
 * Email that belongs to no incident (e.g. "new level rules approved for checkout"), sent through the
 * email provider with the same retry policy as pages; or the same notice through another configured channel
 * (`channel`, e.g. a stakeholder list's chat channel).
 */
import type { Runtime } from '../kernel/index.ts';
import type { JobOutcome } from '../engine/index.ts';
import { MAX_ATTEMPTS, retryDelayMs } from './deliver.ts';
import { PermanentSendError, type NoticeAttachment } from './provider.ts';

/** Sends `payload` to every recipient; retries the whole job on a transient failure. */
export async function sendMail(
  rt: Runtime,
  payload: {
    to: string[];
    subject: string;
    text: string;
    calendar?: string | undefined;
    attachments?: NoticeAttachment[] | undefined;
    channel?: string | undefined;
  },
  attempt: number,
): Promise<JobOutcome> {
  const via = payload.channel ?? 'email';
  const provider = Object.hasOwn(rt.providers, via) ? rt.providers[via] : null;
  if (!provider) {
    rt.log.warn({ subject: payload.subject, channel: via }, 'no provider for this channel: notice not sent');
    return { kind: 'done' };
  }
  try {
    for (const to of payload.to)
      await provider.send(to, {
        kind: 'notice',
        subject: payload.subject,
        text: payload.text,
        ...(payload.calendar ? { calendar: payload.calendar } : {}),
        ...(payload.attachments?.length ? { attachments: payload.attachments } : {}),
      });
    return { kind: 'done' };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    if (e instanceof PermanentSendError || attempt >= MAX_ATTEMPTS) {
      rt.log.error({ subject: payload.subject, error }, 'notice not sent');
      return { kind: 'done' };
    }
    return { kind: 'retry', at: new Date(rt.clock.now().getTime() + retryDelayMs(attempt)), error };
  }
}
