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
import type { Locale } from '@faultline/i18n';
import type { Message, ProviderFactory } from '../../provider.ts';
import { translatorOf } from '../../words.ts';
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
    /**
     * Language of `<Say>` (BCP-47) for every call; when absent, the reader's: `en-US` for English, `zh-CN` for
     * Simplified Chinese (Twilio's Mandarin).
     */
    language: z.string().min(2).optional(),
    /** Twilio voice name; Twilio's default for the language when absent. */
    voice: z.string().min(1).optional(),
    /** Times the page is read while waiting for a key. */
    repeat: z.number().int().min(1).max(5).default(2),
    /** Seconds to let the phone ring before giving up (Twilio's `Timeout`, default 60 there). */
    ringTimeoutSeconds: z.number().int().min(5).max(600).optional(),
    /** Said first, for every reader; when absent, the catalog's words in the reader's language ("This is Faultline."). */
    introText: z.string().optional(),
    /** Said after the page; default the catalog's "Press 1 to acknowledge." in the reader's language. */
    ackPromptText: z.string().optional(),
    /** Said when no key was pressed; default the catalog's "No key was pressed. Goodbye." in the reader's language. */
    goodbyeText: z.string().optional(),
  })
  .strict()
  .superRefine(refineTwilioCredentials);
export type TwilioVoiceConfig = z.infer<typeof TwilioVoiceConfig>;

/** `<Say>` languages per shipped language (Twilio's text-to-speech language codes). */
const SPEECH_LANGUAGE: Record<Locale, string> = { en: 'en-US', 'zh-CN': 'zh-CN' };

/** The call's language, voice and fixed sentences: the channel's when configured, else the reader's catalog. */
function spokenWords(config: TwilioVoiceConfig, message: Message) {
  const t = translatorOf(message.kind === 'notice' ? {} : message);
  return {
    language: config.language ?? SPEECH_LANGUAGE[t.locale],
    voice: config.voice,
    introText: config.introText ?? t.t('page.voice.intro'),
    ackPromptText: config.ackPromptText ?? t.t('page.voice.ackPrompt'),
    goodbyeText: config.goodbyeText ?? t.t('page.voice.goodbye'),
  };
}

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
        const spoken = spokenWords(config, message);
        const twiml =
          message.kind === 'page'
            ? buildPageTwiml(message, {
                ...spoken,
                repeat: config.repeat,
                actionUrl: gatherActionUrl(deps.publicUrl, message.ackUrl),
              })
            : buildNoticeTwiml(message, spoken);
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
