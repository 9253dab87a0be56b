/**
 * Contact methods and personal notification rules (DESIGN §7), as `/api/v1/users/{id}/contact-methods` and
 * `/api/v1/users/{id}/notification-rules` take and return them. docs/notifications.md.
 */
import { z } from 'zod';
import { pageOf } from './page.ts';

/** How a person is reached: an email address, an E.164 number by SMS or voice call, or a chat handle. */
export const ContactMethodKind = z.enum(['email', 'sms', 'voice', 'chat']);
export type ContactMethodKind = z.infer<typeof ContactMethodKind>;

export const ContactMethodView = z.object({
  id: z.number().int(),
  userId: z.number().int(),
  kind: ContactMethodKind,
  address: z.string().describe('email address, E.164 number, or chat handle (e.g. a Slack member id)'),
  channelId: z.string().nullable().describe('for chat: the configured channel it is reached through'),
  label: z.string().nullable(),
  verified: z.boolean().describe('only verified methods are ever paged'),
  verifiedAt: z.string().nullable(),
  disabledAt: z.string().nullable(),
  disabledReason: z.string().nullable(),
  createdAt: z.string(),
  /** When the pending code (if any) was sent and expires; null without one. */
  codeSentAt: z.string().nullable(),
  codeExpiresAt: z.string().nullable(),
});
export type ContactMethodView = z.infer<typeof ContactMethodView>;

export const ContactMethodList = pageOf('contactMethods', ContactMethodView);
export type ContactMethodList = z.infer<typeof ContactMethodList>;

export const ContactMethodCreate = z.strictObject({
  kind: ContactMethodKind,
  address: z.string().trim().min(1).max(320),
  channelId: z.string().trim().min(1).max(100).optional().describe('required for chat: a configured channel id'),
  label: z.string().trim().max(100).optional(),
});
export type ContactMethodCreate = z.infer<typeof ContactMethodCreate>;

export const VerifyRequest = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'expected the 6-digit code'),
});
export type VerifyRequest = z.infer<typeof VerifyRequest>;

export const CodeSent = z.object({
  contactMethodId: z.number().int(),
  sentAt: z.string(),
  expiresAt: z.string(),
  /** Seconds before another code may be requested. */
  resendAfterSeconds: z.number().int(),
});
export type CodeSent = z.infer<typeof CodeSent>;

export const Urgency = z.enum(['high', 'low']);
export type Urgency = z.infer<typeof Urgency>;

export const NotificationRule = z.strictObject({
  contactMethodId: z.number().int().positive(),
  urgency: Urgency,
  delayMinutes: z.number().int().min(0).max(1440).describe('minutes after the page'),
});
export type NotificationRule = z.infer<typeof NotificationRule>;

export const NotificationRuleView = NotificationRule.extend({
  id: z.number().int(),
  contactMethod: z.object({ kind: ContactMethodKind, address: z.string(), verified: z.boolean() }),
});
export type NotificationRuleView = z.infer<typeof NotificationRuleView>;

export const NotificationRulesPut = z.strictObject({ rules: z.array(NotificationRule).max(50) });
export type NotificationRulesPut = z.infer<typeof NotificationRulesPut>;

export const NotificationRuleList = z.object({ rules: z.array(NotificationRuleView) });
export type NotificationRuleList = z.infer<typeof NotificationRuleList>;

/** One planned notification of a person (the simulator's "how and when"). */
export const PlannedNotification = z.object({
  userId: z.number().int(),
  name: z.string(),
  email: z.string(),
  contactMethodId: z.number().int(),
  kind: ContactMethodKind,
  address: z.string(),
  channelId: z.string().nullable(),
  delayMinutes: z.number().int(),
  /** True when the person has no rule for this urgency and their first verified method is used. */
  fallback: z.boolean(),
});
export type PlannedNotification = z.infer<typeof PlannedNotification>;
