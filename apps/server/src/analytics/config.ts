/**
 * The `analytics` section of the config: the monthly fault review emailed to its readers (issue 11 point 4).
 *
 * ```yaml
 * analytics:
 *   report:
 *     recipients: [ops-lead@example.com, cto@example.com]
 *     schedule: { day: 1, hour: 8, timeZone: Europe/Berlin }   # 08:00 Berlin time on the 1st of each month
 *     filters: { team: payments, level: [P1, P2] }              # optional: the review's filters
 * ```
 *
 * On the schedule's day and hour (in its zone) Faultline emails each recipient the review of the previous
 * calendar month of that zone as a PDF, with the month's notable faults (level 1 or 2) in the mail's text.
 * Without `report` nothing is sent.
 */
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { LevelFilterLabel } from '@faultline/contracts';

const id = z.string().min(1).max(200);

export const AnalyticsReportConfig = z.strictObject({
  recipients: z.array(z.email().max(254)).min(1).max(100).describe('email addresses that receive the report'),
  schedule: z
    .strictObject({
      day: z.number().int().min(1).max(28).default(1).describe('day of the month (1–28, so every month has it)'),
      hour: z.number().int().min(0).max(23).default(8).describe('hour of that day, 0–23'),
      timeZone: z
        .string()
        .refine((zone) => IANAZone.isValidZone(zone), { message: 'unknown IANA time zone' })
        .default('UTC')
        .describe('IANA zone of the day and hour, and of the reported month’s boundaries'),
    })
    .default({ day: 1, hour: 8, timeZone: 'UTC' }),
  filters: z
    .strictObject({
      sequence: z
        .string()
        .regex(/^[A-Z]$/, 'a sequence id such as P')
        .default('P'),
      team: id.optional(),
      service: id.optional(),
      businessLine: id.optional(),
      level: z.array(LevelFilterLabel).min(1).max(20).optional(),
    })
    .default({ sequence: 'P' }),
});
export type AnalyticsReportConfig = z.infer<typeof AnalyticsReportConfig>;

export const AnalyticsConfig = z.strictObject({
  report: AnalyticsReportConfig.optional().describe('the monthly review emailed as a PDF; none when absent'),
});
export type AnalyticsConfig = z.infer<typeof AnalyticsConfig>;

/** Analytics' top-level config key. */
export const analyticsConfig = { analytics: AnalyticsConfig.default({}) };
export type AnalyticsConfigPart = z.output<z.ZodObject<typeof analyticsConfig>>;

declare module '../kernel/config.ts' {
  interface FaultlineConfig extends AnalyticsConfigPart {}
}
