/**
 * The `postmortem` section of the config (config as code, CONVENTIONS §4): which incidents need a
 * postmortem, its deadline in working days by level, the working-day calendars, the root-cause
 * classification and the checkpoints.
 *
 * ```yaml
 * postmortem:
 *   required: [P1, P2, P3, P4]           # level keys that open one on mitigate/resolve (others: by hand)
 *   dueWorkingDays: { P1: 1, P2: 1, P3: 3, P4: 3 }
 *   reviewMeetingHours: 24
 *   calendars:
 *     - id: cn
 *       timeZone: Asia/Shanghai
 *       country: CN                      # public holidays (date-holidays) and, for CN, make-up working days
 *       extraDaysOff: ["2026-12-31"]
 *       extraWorkingDays: []
 *   teamCalendars: { payments: cn }
 *   defaultCalendar: cn
 *   templates:                           # sections by level (P4, or 4 for level 4 of every sequence)
 *     "4": [summary, impact, timeline, rootCause, improvement]
 *   defaultTemplate: [summary, impact, …] # other levels: the full template of the articles
 * ```
 *
 * Defaults come from the source articles (seed 000, DESIGN §8): P1–P2 within 1 working day, P3–P4 within 3;
 * the review meeting within 24 hours; the ten root-cause classes. Strict objects: an unknown key is an error.
 */
import { z } from 'zod';
import { POSTMORTEM_SECTION_IDS } from '@faultline/contracts';
import { TrackerConfig } from './trackers/config.ts';

/** A level key: `P1` (sequence P, level 1) or `1` (level 1 of every sequence). */
export const PM_LEVEL_KEY = /^([A-Z])?([1-9])$/;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

/** One working-day calendar. */
export const CalendarConfig = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lowercase letters, digits, - and _'),
  timeZone: z.string().min(1).describe('IANA time zone the days are counted in, e.g. Asia/Shanghai'),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code, e.g. CN, DE, US')
    .optional()
    .describe('public holidays of this country (and, for CN, its make-up working days); none when absent'),
  region: z.string().min(1).optional().describe('a state or region code of the country, e.g. BY for Bavaria'),
  weekend: z
    .array(z.number().int().min(1).max(7))
    .default([6, 7])
    .describe('ISO weekdays that are weekend days (1 = Monday … 7 = Sunday)'),
  extraDaysOff: z.array(isoDate).default([]).describe("the organisation's own days off"),
  extraWorkingDays: z
    .array(isoDate)
    .default([])
    .describe("the organisation's own working days (e.g. a make-up Saturday)"),
});
export type CalendarConfig = z.infer<typeof CalendarConfig>;

/** The ten root-cause classes of DESIGN §8 (seed 000's classification). */
export const DEFAULT_CLASSIFICATIONS = [
  'hardware',
  'code',
  'change',
  'configuration',
  'capacity',
  'dependency',
  'network',
  'security',
  'process',
  'disaster-recovery',
] as const;

/** A section id as written in the config (lint names the unknown ones: `lintPostmortem`). */
const SectionList = z
  .array(z.string().regex(/^[a-zA-Z]{1,40}$/, 'a section id such as rootCause'))
  .min(1)
  .max(POSTMORTEM_SECTION_IDS.length);

export const PostmortemConfig = z.strictObject({
  required: z
    .array(z.string().regex(PM_LEVEL_KEY, 'a level key such as P1, or 1 for level 1 of every sequence'))
    .default(['1', '2', '3', '4'])
    .describe('levels whose incidents get a postmortem opened automatically on mitigate or resolve'),
  dueWorkingDays: z
    .record(
      z.string().regex(PM_LEVEL_KEY, 'a level key such as P1, or 1 for level 1 of every sequence'),
      z.number().int().min(0).max(60),
    )
    .default({ '1': 1, '2': 1, '3': 3, '4': 3 })
    .describe('working days until the postmortem is due, by level'),
  defaultDueWorkingDays: z.number().int().min(0).max(60).default(3),
  actionDueWorkingDays: z
    .record(
      z.string().regex(PM_LEVEL_KEY, 'a level key such as P1, or 1 for level 1 of every sequence'),
      z.number().int().min(1).max(365),
    )
    .default({ '1': 10, '2': 10, '3': 20, '4': 20 })
    .describe("default due date of an improvement action, in working days from its creation, by the incident's level"),
  reviewMeetingHours: z.number().positive().max(168).default(24),
  remindBeforeHours: z
    .number()
    .positive()
    .max(168)
    .default(4)
    .describe('remind the owner this long before the due time'),
  checkEveryMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60)
    .describe("how often an action's machine check is re-run"),
  publishTo: z
    .array(z.email())
    .default([])
    .describe('who receives a published postmortem by email (the rendered report and a link), e.g. all engineering'),
  inviteToReview: z
    .boolean()
    .default(true)
    .describe("email the review meeting's iCal invitation to the participants when the postmortem opens"),
  remindEveryHours: z
    .number()
    .min(0)
    .max(24 * 30)
    .default(24)
    .describe('after the due time, remind the owner of an overdue postmortem or action again this often (0: once)'),
  digestEveryHours: z
    .number()
    .min(0)
    .max(24 * 30)
    .default(24)
    .describe("send each incident's coordinator and each tracker a digest of overdue actions this often (0: never)"),
  trackers: z
    .array(TrackerConfig)
    .default([])
    .describe('issue trackers improvement actions can be mirrored to (an action names one in `sync`)'),
  calendars: z.array(CalendarConfig).default([]),
  defaultCalendar: z
    .string()
    .optional()
    .describe('calendar of teams not in teamCalendars (default: UTC, weekends off)'),
  teamCalendars: z.record(z.string(), z.string()).default({}),
  templates: z
    .record(z.string().regex(PM_LEVEL_KEY, 'a level key such as P4, or 4 for level 4 of every sequence'), SectionList)
    .default({})
    .describe(
      "the template's sections by level, in order (e.g. a short one for P4); a postmortem takes its level's when opened",
    ),
  defaultTemplate: SectionList.default([...POSTMORTEM_SECTION_IDS]).describe(
    'the sections of levels not in templates (default: the full template of the source articles)',
  ),
  classifications: z
    .array(z.string().regex(/^[a-z][a-z0-9-]{0,40}$/, 'lowercase letters, digits and -'))
    .min(1)
    .default([...DEFAULT_CLASSIFICATIONS]),
});
export type PostmortemConfig = z.infer<typeof PostmortemConfig>;

export const postmortemConfig = {
  /** Postmortems and their deadlines (DESIGN §8). */
  postmortem: PostmortemConfig.default(PostmortemConfig.parse({})),
};
export type PostmortemConfigPart = z.output<z.ZodObject<typeof postmortemConfig>>;

declare module '../kernel/config.ts' {
  interface FaultlineConfig extends PostmortemConfigPart {}
}
