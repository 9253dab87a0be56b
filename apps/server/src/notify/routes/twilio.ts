/**
 * Twilio webhooks: `POST /api/v1/twilio/sms` (a number's "A message comes in" webhook: SMS replies such as
 * `ACK 42`) and `POST /api/v1/twilio/voice/gather` (the key pressed during a voice page). Both are
 * form-encoded and signed: `X-Twilio-Signature` is base64(HMAC-SHA1(auth token, URL + sorted fields))
 * (https://www.twilio.com/docs/usage/webhooks/webhooks-security), checked with the `authToken` of the
 * configured `twilio-sms` / `twilio-voice` channels over the public URL (FAULTLINE_PUBLIC_URL + path and
 * query: behind a proxy the Host header is not what Twilio signed).
 *
 * 401 for a missing or wrong signature; otherwise 200 with TwiML (`text/xml`): the SMS answer as
 * `<Message>`, the call's answer as `<Say>`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Runtime } from '../../kernel/index.ts';
import {
  TwilioSmsConfig,
  parseTwilioInboundSms,
  twilioSmsReplyTwiml,
  verifyTwilioSignature,
} from '../providers/twilio-sms/index.ts';
import { TwilioVoiceConfig, parseTwilioGather, twimlSay, GATHER_PATH } from '../providers/twilio-voice/index.ts';
import { handleSmsReply } from '../inbound/sms-reply.ts';
import { handleVoiceGather } from '../inbound/voice-gather.ts';
import { AppError } from '../../lib/index.ts';
import { formText, withFormBodies } from '../../http/index.ts';

/** A configured Twilio channel's settings that matter here. */
interface TwilioChannel {
  type: 'twilio-sms' | 'twilio-voice';
  accountSid: string;
  authToken: string;
  language: string;
  voice?: string | undefined;
}

function twilioChannels(rt: Runtime): TwilioChannel[] {
  const out: TwilioChannel[] = [];
  for (const c of rt.config().config.channels) {
    if (c.type === 'twilio-sms') {
      const p = TwilioSmsConfig.safeParse(c.config);
      if (p.success && p.data.authToken)
        out.push({ type: c.type, accountSid: p.data.accountSid, authToken: p.data.authToken, language: 'en-US' });
    } else if (c.type === 'twilio-voice') {
      const p = TwilioVoiceConfig.safeParse(c.config);
      if (p.success && p.data.authToken)
        out.push({ type: c.type, ...p.data, authToken: p.data.authToken, language: p.data.language ?? 'en-US' });
    }
  }
  return out;
}

/**
 * The request's URL as Twilio signed it, its fields, and the channel whose auth token signed it.
 * @throws AppError UNAUTHORIZED when no configured channel's auth token matches the signature
 */
function verified(rt: Runtime, req: FastifyRequest, prefer: TwilioChannel['type']) {
  const url = `${rt.publicUrl}${req.url}`;
  const params = new URLSearchParams(formText(req.body));
  const signature = req.headers['x-twilio-signature'];
  const sig = Array.isArray(signature) ? signature[0] : signature;
  const accountSid = params.get('AccountSid');
  // The account's own channels first, the expected kind first: usually the first try matches.
  const rank = (c: TwilioChannel) => (c.accountSid === accountSid ? 0 : 2) + (c.type === prefer ? 0 : 1);
  const channel = twilioChannels(rt)
    .sort((a, b) => rank(a) - rank(b))
    .find((c) => verifyTwilioSignature(c.authToken, url, params, sig));
  if (!channel) {
    throw new AppError(
      'UNAUTHORIZED',
      'the X-Twilio-Signature is missing or wrong for every configured Twilio channel (check authToken and FAULTLINE_PUBLIC_URL)',
    );
  }
  return { url, params, channel };
}

/** Registers `POST /api/v1/twilio/sms` and `POST /api/v1/twilio/voice/gather`. */
export function twilioRoutes(app: FastifyInstance, rt: Runtime): void {
  withFormBodies(app, (scope) => {
    scope.post(
      '/api/v1/twilio/sms',
      {
        schema: {
          tags: ['channels'],
          security: [],
          summary: 'Twilio inbound SMS webhook (replies such as ACK 42)',
          description:
            'Called by Twilio, signed with the account’s Auth Token. Acknowledges or resolves as the user owning ' +
            'the sending number (a verified SMS contact method) and answers with TwiML <Message>. 401 for a bad signature.',
        },
      },
      async (req, reply) => {
        const { params } = verified(rt, req, 'twilio-sms');
        const sms = parseTwilioInboundSms(params);
        const text = sms ? await handleSmsReply(rt, sms) : undefined;
        return reply.type('text/xml; charset=utf-8').send(twilioSmsReplyTwiml(text));
      },
    );
    scope.post(
      GATHER_PATH,
      {
        schema: {
          tags: ['channels'],
          security: [],
          summary: 'Twilio voice Gather callback (press 1 to acknowledge)',
          description:
            'Called by Twilio with the digit pressed during a voice page, signed with the Auth Token; the URL carries ' +
            'the page’s signed ack token. Answers TwiML <Say>. 401 for a bad signature.',
        },
      },
      async (req, reply) => {
        const { url, params, channel } = verified(rt, req, 'twilio-voice');
        const sentence = await handleVoiceGather(rt, parseTwilioGather(params, url));
        return reply.type('text/xml; charset=utf-8').send(twimlSay(sentence, channel));
      },
    );
  });
}
