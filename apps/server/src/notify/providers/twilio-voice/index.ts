/**
 * Voice calls through Twilio Programmable Voice (provider `twilio-voice`).
 *
 * Calls with the Create a Call resource: `POST {apiBase}/2010-04-01/Accounts/{AccountSid}/Calls.json`, form
 * fields `To` (E.164), `From` (a Twilio number or verified caller ID) and `Twiml` (inline instructions, at
 * most 4,000 characters), optionally `Timeout` (seconds to let it ring); Twilio answers `201 Created` with
 * the call's `sid` (CA…) (https://www.twilio.com/docs/voice/api/call-resource#create-a-call-resource).
 * The TwiML reads the page and gathers one key; `1` acknowledges through the Gather callback the server
 * exposes at `/api/v1/twilio/voice/gather` (twiml.ts). Errors map as for SMS (twilio-api.ts); 21217 and
 * 21401 (invalid number) stop failover.
 *
 * "Accepted" means Twilio queued the call, not that anyone answered: an unanswered call is not acknowledged,
 * and escalation carries on.
 */
import { z } from 'zod';
import type { Message, ProviderFactory } from '../../provider.ts';
import { E164, assertE164 } from '../../phone/e164.ts';
import {
  refineTwilioCredentials,
  twilioCreate,
  twilioCredentialFields,
  twilioSecretFields,
} from '../twilio-sms/twilio-api.ts';
import { buildNoticeTwiml, buildPageTwiml, gatherActionUrl } from './twiml.ts';

export const TwilioVoiceConfig = z
  .object({
    ...twilioCredentialFields,
    /** The calling number: a Twilio number or verified caller ID, E.164. */
    from: E164,
    /** Language of the spoken text (BCP-47). */
    language: z.string().min(2).default('en-US'),
    /** Twilio voice name; Twilio's default for the language when absent. */
    voice: z.string().min(1).optional(),
    /** Times the page is read while waiting for a key. */
    repeat: z.number().int().min(1).max(5).default(2),
    /** Seconds to let the phone ring before giving up (Twilio's `Timeout`, default 60 there). */
    ringTimeoutSeconds: z.number().int().min(5).max(600).optional(),
    introText: z.string().default('This is Faultline.'),
    ackPromptText: z.string().default('Press 1 to acknowledge.'),
    goodbyeText: z.string().default('No key was pressed. Goodbye.'),
  })
  .strict()
  .superRefine(refineTwilioCredentials);
export type TwilioVoiceConfig = z.infer<typeof TwilioVoiceConfig>;

export const factory: ProviderFactory<TwilioVoiceConfig> = {
  id: 'twilio-voice',
  label: 'Twilio voice call',
  address: 'phone',
  configSchema: TwilioVoiceConfig,
  secretFields: twilioSecretFields,
  create(config, deps) {
    return {
      id: 'twilio-voice',
      configSchema: TwilioVoiceConfig,
      async send(recipient: string, message: Message) {
        const twiml =
          message.kind === 'page'
            ? buildPageTwiml(message, { ...config, actionUrl: gatherActionUrl(deps.publicUrl, message.ackUrl) })
            : buildNoticeTwiml(message, config);
        const form = new URLSearchParams({ To: assertE164(recipient), From: config.from, Twiml: twiml });
        if (config.ringTimeoutSeconds) form.set('Timeout', String(config.ringTimeoutSeconds));
        const sid = await twilioCreate('twilio-voice', deps, config, 'Calls', form);
        return { providerMessageId: sid };
      },
    };
  },
};

export {
  buildPageTwiml,
  buildNoticeTwiml,
  gatherActionUrl,
  parseTwilioGather,
  twimlSay,
  GATHER_PATH,
  type TwilioGatherCallback,
} from './twiml.ts';
export { verifyTwilioSignature } from '../twilio-sms/twilio-api.ts';
