/**
 * Inbound SMS from Twilio: when someone texts the sending number, Twilio POSTs the message to the number's
 * "A message comes in" webhook as `application/x-www-form-urlencoded` fields — `MessageSid`, `AccountSid`,
 * `From`, `To`, `Body`, `NumMedia`, … (https://www.twilio.com/docs/messaging/guides/webhook-request) — and
 * expects TwiML back. The server's route verifies `X-Twilio-Signature` (twilio-api.ts), parses the message
 * here, and reads the command with `parseReplyCommand`.
 */
import { isE164 } from '../../phone/e164.ts';
import { xmlEscape, type TwilioParams } from './twilio-api.ts';

export interface TwilioInboundSms {
  /** The sender, E.164. */
  from: string;
  /** The Twilio number (or short code) the reply was sent to. */
  to: string;
  body: string;
  messageSid: string;
  accountSid: string;
}

const get = (params: TwilioParams, key: string): string | undefined =>
  params instanceof URLSearchParams ? (params.get(key) ?? undefined) : params[key];

/**
 * Reads an inbound SMS webhook's fields. Returns null when `From` is not an E.164 number or `Body` is
 * missing (not an SMS: e.g. a status callback posted to the wrong URL).
 */
export function parseTwilioInboundSms(form: TwilioParams): TwilioInboundSms | null {
  const from = get(form, 'From');
  const body = get(form, 'Body');
  if (!from || !isE164(from) || body === undefined) return null;
  return {
    from,
    to: get(form, 'To') ?? '',
    body,
    messageSid: get(form, 'MessageSid') ?? get(form, 'SmsSid') ?? '',
    accountSid: get(form, 'AccountSid') ?? '',
  };
}

/**
 * The TwiML answer to an inbound SMS: `<Response><Message>text</Message></Response>` to reply (e.g.
 * "Acknowledged #42"), or an empty `<Response/>` to send nothing. Content type `text/xml`.
 */
export function twilioSmsReplyTwiml(text?: string): string {
  const head = '<?xml version="1.0" encoding="UTF-8"?>';
  return text ? `${head}<Response><Message>${xmlEscape(text)}</Message></Response>` : `${head}<Response/>`;
}
