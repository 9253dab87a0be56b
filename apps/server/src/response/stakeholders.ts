/**
 * Internal stakeholders (issue 17 point 7; DESIGN §7 "audiences: internal stakeholders (business, customer
 * service, PR, legal)"): lists of people and chat channels per business line that receive every status update
 * published to the `internal` audience: people by email, channels (configured `channels[]` ids, e.g. a DingTalk
 * robot) as a notice through the channel's provider. Seed 003 (Youzan): "progress updates to business stakeholders every half
 * hour"; the cadence is the room's (`cadence.ts`), the delivery is here.
 *
 * ```yaml
 * response:
 *   stakeholders:
 *     commerce:                                   # a business line id
 *       - { name: Customer service, emails: [cs-lead@example.com] }
 *       - { name: PR, emails: [press@example.com] }
 *       - { name: Business ops, channels: [commerce-ops-ding] }   # configured chat channels, posted to
 *     "*":                                        # every business line
 *       - { name: Legal, emails: [legal@example.com] }
 * ```
 */
import { z } from 'zod';
import { createTranslator, DEFAULT_LOCALE, type Translator } from '@faultline/i18n';

export const StakeholderList = z
  .strictObject({
    name: z.string().min(1).max(200).describe('who they are, e.g. Customer service'),
    emails: z.array(z.email()).default([]).describe('people emailed every internal update'),
    channels: z
      .array(z.string().min(1))
      .default([])
      .describe('ids of configured chat channels (e.g. a DingTalk or Slack webhook) posted every internal update'),
  })
  .refine((l) => l.emails.length > 0 || l.channels.length > 0, {
    message: 'list at least one email or channel',
    path: ['emails'],
  });
export type StakeholderList = z.infer<typeof StakeholderList>;

/** Business line id (or `*` for every line) → its stakeholder lists. */
export const StakeholdersConfig = z.record(z.string().min(1), z.array(StakeholderList)).default({});
export type StakeholdersConfig = z.infer<typeof StakeholdersConfig>;

/**
 * The addresses that hear of an internal update of an incident in `businessLine` (null: no service, so only
 * the `*` lists): the line's lists and the `*` lists, lower-cased, each once, in config order.
 */
export function stakeholderEmails(config: StakeholdersConfig, businessLine: string | null): string[] {
  const lists = [...(businessLine ? (config[businessLine] ?? []) : []), ...(config['*'] ?? [])];
  return [...new Set(lists.flatMap((l) => l.emails.map((e) => e.toLowerCase())))];
}

/**
 * The chat channels that hear of an internal update of an incident in `businessLine`: the line's lists' and the
 * `*` lists' channels, each once, in config order.
 */
export function stakeholderChannels(config: StakeholdersConfig, businessLine: string | null): string[] {
  const lists = [...(businessLine ? (config[businessLine] ?? []) : []), ...(config['*'] ?? [])];
  return [...new Set(lists.flatMap((l) => l.channels))];
}

/**
 * What the email says: the update's fields, who published it and when, and where the incident is — in the reader's
 * language and time zone (`t`, default English in UTC; docs/i18n.md). Times show as ISO 8601 for a UTC reader, else
 * as a medium date and short time in the reader's zone. `levels` is already in the reader's words.
 */
export function stakeholderMail(
  u: {
    incidentId: number;
    title: string;
    levels: string;
    phase: string;
    impact: string;
    actions: string;
    nextUpdateBy: Date | null;
    by: string;
    at: Date;
    url: string;
    /** A drill's updates are marked "[DRILL]". */
    drill?: boolean;
  },
  t: Translator = createTranslator(DEFAULT_LOCALE),
): { subject: string; text: string } {
  const levels = u.levels ? ` ${u.levels}` : '';
  const when = (d: Date) =>
    t.timeZone === 'UTC' ? d.toISOString() : t.intl.formatDate(d, { dateStyle: 'medium', timeStyle: 'short' });
  const zone = t.timeZone;
  return {
    subject: `${u.drill ? '[DRILL] ' : ''}${t.t('update.subject', { id: u.incidentId, levels, phase: u.phase, title: u.title })}`,
    text: [
      t.t('update.heading', { id: u.incidentId, levels, title: u.title }),
      '',
      t.t('update.phase', { phase: u.phase }),
      t.t('update.impact', { impact: u.impact }),
      ...(u.actions ? [t.t('update.actions', { actions: u.actions })] : []),
      u.nextUpdateBy ? t.t('update.next', { at: when(u.nextUpdateBy), zone }) : t.t('update.nextCadence'),
      '',
      t.t('update.published', { by: u.by, at: when(u.at), zone }),
      t.t('update.link', { url: u.url }),
    ].join('\n'),
  };
}
