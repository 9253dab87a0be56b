/**
 * The `analytics` section of the config: the monthly fault review emailed to its readers (issue 11 point 4).
 *
 * ```yaml
 * analytics:
 *   report:
 *     recipients: [ops-lead@example.com, cto@example.com]
 *     schedule: { day: 1, hour: 8, timeZone: Europe/Berlin }   # 08:00 Berlin time on the 1st of each month
 *     filters: { team: payments, level: [P1, P2] }              # optional: the review's filters
 *   hours:                                                       # the on-call load's bands (these are the defaults)
 *     business: { days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }
 *     sleep: { from: '22:00', to: '07:00' }
 * ```
 *
 * On the schedule's day and hour (in its zone) Faultline emails each recipient the review of the previous
 * calendar month of that zone as a PDF, with the month's notable faults (level 1 or 2) in the mail's text.
 * Without `report` nothing is sent.
 */
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { LevelFilterLabel } from '@faultline/contracts';
import type { HourBands } from './oncall-load.ts';

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

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time HH:MM')
  .transform((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3)));

/**
 * The on-call load's hour bands in each person's own zone. A band whose `from` is after its `to` runs past
 * midnight; sleep wins where the bands overlap.
 */
export const AnalyticsHoursConfig = z.strictObject({
  business: z
    .strictObject({
      days: z
        .array(z.number().int().min(1).max(7))
        .min(1)
        .max(7)
        .default([1, 2, 3, 4, 5])
        .describe('ISO weekdays, 1 = Monday'),
      from: clockTime.default(9 * 60),
      to: clockTime.default(18 * 60),
    })
    .default({ days: [1, 2, 3, 4, 5], from: 9 * 60, to: 18 * 60 }),
  sleep: z
    .strictObject({ from: clockTime.default(22 * 60), to: clockTime.default(7 * 60) })
    .default({ from: 22 * 60, to: 7 * 60 }),
});
export type AnalyticsHoursConfig = z.output<typeof AnalyticsHoursConfig>;

/** The config's bands in the form the on-call load reads. */
export function hourBands(h: AnalyticsHoursConfig): HourBands {
  return {
    businessDays: h.business.days,
    businessFrom: h.business.from,
    businessTo: h.business.to,
    sleepFrom: h.sleep.from,
    sleepTo: h.sleep.to,
  };
}

const DEFAULT_HOURS = {
  business: { days: [1, 2, 3, 4, 5], from: 9 * 60, to: 18 * 60 },
  sleep: { from: 22 * 60, to: 7 * 60 },
};

export const AnalyticsConfig = z.strictObject({
  report: AnalyticsReportConfig.optional().describe('the monthly review emailed as a PDF; none when absent'),
  hours: AnalyticsHoursConfig.default(DEFAULT_HOURS).describe("the on-call load's business and sleep hours"),
});
export type AnalyticsConfig = z.infer<typeof AnalyticsConfig>;

/** Analytics' top-level config key. */
export const analyticsConfig = { analytics: AnalyticsConfig.default({ hours: DEFAULT_HOURS }) };
export type AnalyticsConfigPart = z.output<z.ZodObject<typeof analyticsConfig>>;

declare module '../kernel/config.ts' {
  interface FaultlineConfig extends AnalyticsConfigPart {}
}
