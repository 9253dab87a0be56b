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

/** Suppression's top-level config keys. */
export const suppressionConfig = {
  silences: z.array(SilenceConfig).default([]).describe('silences kept in the config file'),
  suppression: z
    .strictObject({
      silenceRetentionHours: z
        .number()
        .int()
        .min(0)
        .max(24 * 366)
        .default(120)
        .describe('how long an expired silence stays listed (Alertmanager: 120 h)'),
    })
    .default({ silenceRetentionHours: 120 }),
};

export type SuppressionConfigPart = z.output<z.ZodObject<typeof suppressionConfig>>;
declare module '../kernel/config.ts' {
  interface FaultlineConfig extends SuppressionConfigPart {}
}
