/**
 * The intake quarantine (docs/intake.md#quarantine): events convergence could not apply after a bounded
 * number of tries, set aside with the reason so the events behind them go on, and replayable once fixed.
 */
import { z } from 'zod';
import { pageOf } from './page.ts';

export const QuarantinedEvent = z.object({
  id: z.number().int().describe('the event id (intake answered it as eventId)'),
  integration: z.string(),
  source: z.string(),
  receivedAt: z.string(),
  quarantinedAt: z.string(),
  attempts: z.number().int().describe('failed tries before it was set aside'),
  reason: z.string().describe('the last error, shortened; never the payload'),
  alerts: z.number().int().describe('signals (alerts) the event carries'),
  payloadPreview: z.string().describe('the start of the raw body as received (at most 2,000 characters)'),
  payloadLength: z
    .number()
    .int()
    .describe('characters (UTF-16 code units in JavaScript, code points in PostgreSQL) of the raw body'),
});
export type QuarantinedEvent = z.infer<typeof QuarantinedEvent>;

/** Quarantined events, oldest first, a page at a time. */
export const QuarantineList = pageOf('events', QuarantinedEvent);
export type QuarantineList = z.infer<typeof QuarantineList>;

export const QuarantineReplayed = z.object({
  status: z.literal('replayed'),
  eventId: z.number().int(),
  alerts: z.number().int().describe('signals the event carries after it was parsed again'),
});
export type QuarantineReplayed = z.infer<typeof QuarantineReplayed>;

export const QuarantineDiscarded = z.object({ status: z.literal('discarded'), eventId: z.number().int() });
export type QuarantineDiscarded = z.infer<typeof QuarantineDiscarded>;
