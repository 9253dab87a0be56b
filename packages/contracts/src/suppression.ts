/**
 * Suppression (DESIGN §5 step 3): silences and why an alert is muted. Matchers are Alertmanager's: text
 * (`severity="critical"`, `instance=~"db-.*"`, several in one `{…}`) or API v2's structured form.
 */
import { z } from 'zod';
import { pageOf } from './page.ts';

/** One matcher entry: Alertmanager text (one or more matchers) or Alertmanager API v2's structured matcher. */
export const MatcherInput = z.union([
  z.string().min(1).max(1000).describe('Alertmanager matcher text: name="value", !=, =~ (RE2, anchored), !~'),
  z.object({
    name: z.string().min(1).max(200),
    value: z.string().max(1000),
    isRegex: z.boolean(),
    isEqual: z.boolean().optional().describe('false negates (!= or !~); default true'),
  }),
]);
export type MatcherInput = z.infer<typeof MatcherInput>;

const Instant = z.iso.datetime({ offset: true });

/** A new or replaced silence. */
export const SilenceInput = z.object({
  matchers: z.array(MatcherInput).max(50).describe('all must match; at least one must need a value'),
  startsAt: Instant.optional().describe('ISO 8601; default: now'),
  endsAt: Instant.describe('ISO 8601, after startsAt and in the future'),
  createdBy: z.string().max(200).optional().describe("who silences; default: the caller's name"),
  comment: z.string().max(2000).describe('why (required, so every muted alert can be explained)'),
  annotations: z.record(z.string().max(200), z.string().max(2000)).optional(),
});
export type SilenceInput = z.infer<typeof SilenceInput>;

/** Alertmanager's silence states: before startsAt, within [startsAt, endsAt), after. */
export const SilenceStateName = z.enum(['pending', 'active', 'expired']);
export type SilenceStateName = z.infer<typeof SilenceStateName>;

export const SilenceView = z.object({
  id: z.string(),
  matchers: z.array(z.string()).describe('in Alertmanager text form'),
  startsAt: z.string(),
  endsAt: z.string(),
  createdBy: z.string(),
  comment: z.string(),
  annotations: z.record(z.string(), z.string()),
  state: SilenceStateName,
  source: z.enum(['api', 'config']).describe('config silences are changed in the config file'),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type SilenceView = z.infer<typeof SilenceView>;
export const SilenceList = pageOf('silences', SilenceView);
export type SilenceList = z.infer<typeof SilenceList>;

/** Which firing alerts a set of matchers would mute now ("preview" in the console). */
export const MatcherPreviewInput = z.object({ matchers: z.array(MatcherInput).max(50) });
export const MatchedAlert = z.object({
  id: z.number().int(),
  incidentId: z.number().int(),
  summary: z.string(),
  labels: z.record(z.string(), z.string()),
});
export const MatcherPreview = z.object({
  matched: z.number().int().describe('firing alerts the matchers accept'),
  alerts: z.array(MatchedAlert).describe('the first 50 of them, newest first'),
});
export type MatcherPreview = z.infer<typeof MatcherPreview>;

/** One reason an alert is muted (or was, when it last fired). */
export const MuteView = z.object({
  kind: z.enum(['silence', 'maintenance', 'inhibition']),
  id: z.string().describe('the silence, maintenance window or inhibition rule'),
  until: z.string().nullable().describe('when this reason stops muting on its own; null: only an event ends it'),
  reason: z.string().describe('one sentence: "muted by silence … until …"'),
});
export type MuteView = z.infer<typeof MuteView>;

/** Alertmanager's `time_interval`, with its field names (docs/convergence.md#maintenance-windows). */
export const TimeIntervalInput = z.object({
  times: z
    .array(z.object({ start_time: z.string().max(10), end_time: z.string().max(10) }))
    .max(50)
    .optional()
    .describe('HH:MM ranges, end exclusive (24:00 allowed)'),
  weekdays: z.array(z.string().max(40)).max(14).optional().describe('monday, monday:friday'),
  days_of_month: z
    .array(z.union([z.string().max(20), z.number().int()]))
    .max(62)
    .optional()
    .describe('1:5, -1 (the last day), -3:-1'),
  months: z
    .array(z.union([z.string().max(40), z.number().int()]))
    .max(24)
    .optional(),
  years: z
    .array(z.union([z.string().max(20), z.number().int()]))
    .max(50)
    .optional(),
  location: z.string().max(100).optional().describe('an IANA zone; default UTC'),
});
export type TimeIntervalInput = z.infer<typeof TimeIntervalInput>;

/** What a maintenance window does while it is open. */
export const MaintenanceEffectName = z.enum(['suppress-notifications', 'suppress-incidents', 'pause-escalations']);

/** A new maintenance window: one-off (`startsAt`, `endsAt`) or recurring (`timeIntervals`), as in the config. */
/** How a maintenance window shows on the public status page: a public title and the components it affects. */
export const MaintenanceStatusPageInput = z
  .strictObject({
    show: z.boolean().describe('false: not shown (the same as leaving statusPage out)'),
    title: z.string().trim().max(200).optional().describe('the public title; required when show is true'),
    components: z
      .array(z.string().max(100))
      .max(50)
      .default([])
      .describe('status page component ids shown in maintenance while it is open'),
  })
  .refine((v) => !v.show || (v.title !== undefined && v.title.length > 0), {
    message: 'a window shown on the status page needs a public title',
    path: ['title'],
  });

export const MaintenanceWindowInput = z.object({
  name: z.string().max(200),
  startsAt: Instant.optional().describe('one-off window: its start (ISO 8601); default now'),
  endsAt: Instant.optional().describe('one-off window: its end, after startsAt and in the future'),
  timeIntervals: z
    .array(TimeIntervalInput)
    .max(20)
    .optional()
    .describe("recurring window: Alertmanager's time_interval"),
  scope: z
    .object({
      services: z.array(z.string().max(200)).max(200).optional(),
      modules: z.array(z.string().max(200)).max(200).optional(),
      businessLines: z.array(z.string().max(200)).max(200).optional(),
      matchers: z.array(MatcherInput).max(50).optional(),
    })
    .describe('all given parts must hold; a scope must name something'),
  effect: MaintenanceEffectName.optional().describe('default suppress-notifications'),
  comment: z.string().max(2000).optional(),
  createdBy: z.string().max(200).optional().describe("default: the caller's name"),
  statusPage: MaintenanceStatusPageInput.optional().describe(
    'show it on the public status page as scheduled maintenance (only the title, times and components are public)',
  ),
});
export type MaintenanceWindowInput = z.infer<typeof MaintenanceWindowInput>;

export const MaintenanceStatusName = z.enum(['scheduled', 'in-progress', 'completed']);

export const MaintenanceWindowView = z.object({
  id: z.string().describe('a UUID, or maintenance:<id> for a config window'),
  name: z.string(),
  startsAt: z.string().nullable().describe('one-off window'),
  endsAt: z.string().nullable().describe('one-off window'),
  timeIntervals: z.array(TimeIntervalInput).nullable().describe('recurring window'),
  scope: z.object({
    services: z.array(z.string()),
    modules: z.array(z.string()),
    businessLines: z.array(z.string()),
    matchers: z.array(z.string()).describe('in Alertmanager text form'),
  }),
  effect: MaintenanceEffectName,
  comment: z.string(),
  createdBy: z.string(),
  status: MaintenanceStatusName,
  openUntil: z.string().nullable().describe('in progress: when the current opening ends'),
  nextStartsAt: z.string().nullable().describe('when the next opening starts'),
  closedUntil: z.string().nullable().describe('ended early by hand: not open before this instant'),
  source: z.enum(['api', 'config']).describe('config windows are changed in the config file'),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  statusPage: z
    .object({ title: z.string(), components: z.array(z.string()) })
    .nullable()
    .describe('shown on the public status page as scheduled maintenance; null: not shown'),
});
export type MaintenanceWindowView = z.infer<typeof MaintenanceWindowView>;
export const MaintenanceWindowList = pageOf('windows', MaintenanceWindowView);
export type MaintenanceWindowList = z.infer<typeof MaintenanceWindowList>;
