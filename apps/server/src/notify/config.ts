/**
 * The config's `notify` section (docs/notifications.md): which incidents are high urgency for personal
 * notification rules, and the per-person notification budget (storm control). The SMS/voice routing tables
 * are the top-level `phoneRouting` (docs/channels.md, notify/phone/routing.ts).
 *
 * ```yaml
 * notify:
 *   urgency: { high: [P1, P2, S1] }     # default: level 1 or 2 of any sequence
 *   budget: { max: 10, perMinutes: 10 } # the default
 * ```
 */
import { z } from 'zod';
import { LOCALES } from '@faultline/i18n';
import { configId as id } from '../kernel/index.ts';
import { CHANNEL_TYPES, providerFactories } from './factories.ts';
import { PhoneRouting } from './phone/routing.ts';

/** A level label: a sequence letter (or word) and a number, e.g. `P1`, `S2`. */
const LevelLabel = z.string().regex(/^[A-Za-z][A-Za-z_-]*\d+$/, 'expected a level label such as P1 or S2');

export const UrgencyConfig = z.strictObject({
  high: z
    .array(LevelLabel)
    .optional()
    .describe('level labels notified as high urgency; default: level 1 or 2 of any sequence. Risks are low.'),
});
export type UrgencyConfig = z.infer<typeof UrgencyConfig>;

/** Storm control: at most `max` notifications per person per `perMinutes` minutes; more go into a digest. */
export const BudgetConfig = z.strictObject({
  max: z.number().int().min(1).max(10_000).default(10).describe('notifications per person per window'),
  perMinutes: z.number().int().min(1).max(1440).default(10).describe('the window, in minutes'),
});
export type BudgetConfig = z.infer<typeof BudgetConfig>;

export const NotifyConfig = z.strictObject({
  urgency: UrgencyConfig.default({}),
  budget: BudgetConfig.default({ max: 10, perMinutes: 10 }),
});
export type NotifyConfig = z.infer<typeof NotifyConfig>;

/** The section's value when the config has none. */
export const DEFAULT_NOTIFY: NotifyConfig = NotifyConfig.parse({});

export const SmtpConfig = z.strictObject({
  url: z.string().regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL'),
  from: z.string().default('Faultline <faultline@localhost>'),
});

/**
 * A channel (DESIGN §7): one configured instance of a provider, e.g. the payments team's DingTalk robot.
 * `config` is checked against the provider's own zod schema (notify/providers/<type>/config.ts); its
 * problems are reported at `channels.N.config.<field>`, and the parsed value (defaults applied) replaces it.
 */
export const ChannelConfig = z
  .strictObject({
    id,
    name: z.string().optional(),
    type: z.enum(CHANNEL_TYPES).describe('provider id (email is configured under smtp, not as a channel)'),
    language: z
      .enum(LOCALES)
      .optional()
      .describe(
        'language of what is posted to the group (en, zh-CN; docs/i18n.md); default en. A person reached through the channel reads their own',
      ),
    config: z.record(z.string(), z.unknown()).default({}).describe("the provider's settings (docs/channels.md)"),
  })
  .superRefine((c, ctx) => {
    const parsed = providerFactories[c.type].configSchema.safeParse(c.config);
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      const path = ['config', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys)
          ctx.addIssue({ code: 'custom', path: [...path, key], message: `unknown key "${key}"` });
      } else ctx.addIssue({ code: 'custom', path, message: issue.message });
    }
  })
  .transform((c) => {
    const parsed = providerFactories[c.type].configSchema.safeParse(c.config);
    return { ...c, config: (parsed.success ? parsed.data : c.config) as Record<string, unknown> };
  });
export type ChannelConfig = z.infer<typeof ChannelConfig>;

/** Notify's top-level config keys. */
export const notifyConfig = {
  smtp: SmtpConfig.optional(),
  channels: z.array(ChannelConfig).default([]),
  /** Personal notifications: urgency, budget (storm control) (docs/notifications.md). */
  notify: NotifyConfig.prefault({}),
  /** SMS and voice routing per number prefix with failover; without a table, every channel of the medium. */
  phoneRouting: PhoneRouting.optional(),
};
export type NotifyConfigPart = z.output<z.ZodObject<typeof notifyConfig>>;

declare module '../kernel/config.ts' {
  interface FaultlineConfig extends NotifyConfigPart {}
}
