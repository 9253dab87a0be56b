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
