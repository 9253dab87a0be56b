/**
 * Suppression's part of the config file (DESIGN §5 step 3): silences kept as code (next to the rules they
 * mute), and how long expired silences stay listed.
 */
import { z } from 'zod';

const Instant = z.iso.datetime({ offset: true });

/** A silence in the config file: the API's fields plus a stable id (`config:<id>` in the API). */
export const SilenceConfig = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes')
    .describe('stable id; the API shows it as config:<id>'),
  matchers: z.array(z.string().min(1)).min(1).describe('Alertmanager matcher text, all must match'),
  startsAt: Instant,
  endsAt: Instant,
  createdBy: z.string().min(1).default('config'),
  comment: z.string().min(1).describe('why (required)'),
  annotations: z.record(z.string(), z.string()).default({}),
});
export type SilenceConfig = z.output<typeof SilenceConfig>;

const TimeIntervalConfig = z.strictObject({
  times: z.array(z.strictObject({ start_time: z.string(), end_time: z.string() })).optional(),
  weekdays: z.array(z.string()).optional(),
  days_of_month: z.array(z.union([z.string(), z.number()])).optional(),
  months: z.array(z.union([z.string(), z.number()])).optional(),
  years: z.array(z.union([z.string(), z.number()])).optional(),
  location: z.string().optional(),
});

/**
 * A maintenance window in the config file: one-off (`startsAt`–`endsAt`) or recurring (`timeIntervals`, with
 * Alertmanager's `time_interval` fields), scoped to services, modules, business lines or label matchers.
 * Effects: `suppress-notifications`, `suppress-incidents`, `pause-escalations` (docs/convergence.md#maintenance-windows).
 */
export const MaintenanceWindowConfig = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes')
    .describe('stable id; mute reasons show it as maintenance:<id>'),
  name: z.string().min(1),
  startsAt: Instant.optional().describe('one-off window: its start (with endsAt)'),
  endsAt: Instant.optional().describe('one-off window: its end'),
  timeIntervals: z.array(TimeIntervalConfig).optional().describe("recurring window: Alertmanager's time_interval"),
  scope: z.strictObject({
    services: z.array(z.string()).optional(),
    modules: z.array(z.string()).optional(),
    businessLines: z.array(z.string()).optional(),
    matchers: z.array(z.string().min(1)).optional(),
  }),
  effect: z
    .enum(['suppress-notifications', 'suppress-incidents', 'pause-escalations'])
    .default('suppress-notifications'),
  comment: z.string().default(''),
  statusPage: z
    .strictObject({
      show: z.boolean().default(true),
      title: z.string().min(1).max(200).describe('the public title'),
      components: z.array(z.string()).default([]).describe('status page component ids in maintenance while open'),
    })
    .optional()
    .describe('show it on the public status page as scheduled maintenance'),
});
export type MaintenanceWindowConfig = z.output<typeof MaintenanceWindowConfig>;

/**
 * An inhibition rule, with Alertmanager's field names (`inhibit_rules[]`), so rules move over as they are:
 * while an alert matching `source_matchers` fires, alerts matching `target_matchers` with the same values of
 * the `equal` labels are muted.
 */
export const InhibitRuleConfig = z.strictObject({
  name: z.string().min(1).optional().describe('shown in mute reasons; default #<index>'),
  source_matchers: z.array(z.string().min(1)),
  target_matchers: z.array(z.string().min(1)),
  equal: z.array(z.string()).default([]),
});

/** Suppression's top-level config keys. */
export const suppressionConfig = {
  silences: z.array(SilenceConfig).default([]).describe('silences kept in the config file'),
  inhibitRules: z.array(InhibitRuleConfig).default([]).describe("inhibition rules (Alertmanager's inhibit_rules)"),
  maintenanceWindows: z.array(MaintenanceWindowConfig).default([]).describe('maintenance windows'),
  suppression: z
    .strictObject({
      silenceRetentionHours: z
        .number()
        .int()
        .min(0)
        .max(24 * 366)
        .default(120)
        .describe('how long an expired silence stays listed (Alertmanager: 120 h)'),
      maintenanceRetentionHours: z
        .number()
        .int()
        .min(0)
        .max(24 * 366)
        .default(120)
        .describe('how long an ended one-off maintenance window stays listed'),
    })
    .default({ silenceRetentionHours: 120, maintenanceRetentionHours: 120 }),
};

export type SuppressionConfigPart = z.output<z.ZodObject<typeof suppressionConfig>>;
declare module '../kernel/config.ts' {
  interface FaultlineConfig extends SuppressionConfigPart {}
}
