/**
 * SMS through Twilio Programmable Messaging (provider `twilio-sms`).
 *
 * Sends with the Create a Message resource: `POST {apiBase}/2010-04-01/Accounts/{AccountSid}/Messages.json`,
 * form fields `To` (E.164), `From` (a Twilio number or alphanumeric sender ID) or `MessagingServiceSid`, and
 * `Body`; Twilio answers `201 Created` with the message's `sid` (SM…)
 * (https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource).
 * Errors map per twilio-api.ts: 21211/21614/21610 are about the number (permanent, failover stops),
 * 429/20429 and 5xx are transient, other 4xx are permanent for this provider.
 *
 * Replies come back through the inbound webhook (inbound.ts) when the sending number's "A message comes in"
 * webhook points at Faultline.
 */
import { z } from 'zod';
import type { Message, ProviderFactory } from '../../provider.ts';
import { E164, assertE164 } from '../../phone/e164.ts';
import { refineTwilioCredentials, twilioCreate, twilioCredentialFields, twilioSecretFields } from './twilio-api.ts';
import { renderTwilioSms } from './render.ts';

export const TwilioSmsConfig = z
  .object({
    ...twilioCredentialFields,
    /** Sender: a Twilio number (E.164) or an alphanumeric sender ID (1–11 letters/digits/spaces, a letter). */
    from: z
      .union([E164, z.string().regex(/^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/, 'expected an E.164 number or sender ID')])
      .optional(),
    /** Send through a Messaging Service (MG…) instead of a fixed `from`; Twilio picks the sender. */
    messagingServiceSid: z
      .string()
      .regex(/^MG[0-9a-fA-F]{32}$/, 'expected a Messaging Service SID (MG + 32 hex digits)')
      .optional(),
    /** Most segments one page may use; 1 keeps every page a single 160-character (70 in UCS-2) SMS. */
    maxSegments: z.number().int().min(1).max(10).default(3),
    /** The number's inbound webhook points at Faultline, so pages may say "Reply ACK 42". */
    replies: z.boolean().default(false),
  })
  .strict()
  .superRefine((c, ctx) => {
    refineTwilioCredentials(c, ctx);
    if (!c.from && !c.messagingServiceSid) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'set from or messagingServiceSid' });
    }
  });
export type TwilioSmsConfig = z.infer<typeof TwilioSmsConfig>;

export const factory: ProviderFactory<TwilioSmsConfig> = {
  id: 'twilio-sms',
  label: 'Twilio SMS',
  address: 'phone',
  configSchema: TwilioSmsConfig,
  secretFields: twilioSecretFields,
  create(config, deps) {
    return {
      id: 'twilio-sms',
      configSchema: TwilioSmsConfig,
      async send(recipient: string, message: Message) {
        const form = new URLSearchParams({ To: assertE164(recipient) });
        if (config.messagingServiceSid) form.set('MessagingServiceSid', config.messagingServiceSid);
        else form.set('From', config.from!);
        form.set('Body', renderTwilioSms(message, config));
        const sid = await twilioCreate('twilio-sms', deps, config, 'Messages', form);
        return { providerMessageId: sid };
      },
    };
  },
};

export { parseTwilioInboundSms, twilioSmsReplyTwiml, type TwilioInboundSms } from './inbound.ts';
export { twilioSignature, verifyTwilioSignature } from './twilio-api.ts';
export { parseReplyCommand, type ReplyCommand } from '../../phone/reply-command.ts';
