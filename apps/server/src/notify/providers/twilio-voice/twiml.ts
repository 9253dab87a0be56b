/**
 * TwiML for a voice page (https://www.twilio.com/docs/voice/twiml): the page is read with `<Say>` inside a
 * `<Gather input="dtmf" numDigits="1">`, so pressing a key ends the prompt and Twilio POSTs the key as
 * `Digits` to the Gather's `action` URL (https://www.twilio.com/docs/voice/twiml/gather). Without a key the
 * next verb runs: the prompt is read again (`repeat` times), then a goodbye. All text is XML-escaped.
 */
import type { PageMessage, TextMessage } from '../../provider.ts';
import { xmlEscape, type TwilioParams } from '../twilio-sms/twilio-api.ts';
import { translatorOf } from '../../words.ts';

export interface VoiceTextOptions {
  /** BCP-47 language of `<Say>`, e.g. `en-US`, `zh-CN`. */
  language: string;
  /** A Twilio voice (`alice`, `Polly.Joanna`, `Google.cmn-CN-Standard-A`); Twilio's default when absent. */
  voice?: string | undefined;
}

export interface PageTwimlOptions extends VoiceTextOptions {
  /** Absolute URL Twilio POSTs the pressed key to (see `gatherActionUrl`). */
  actionUrl: string;
  /** How many times the page is read while waiting for a key (1–5). */
  repeat: number;
  /** Said first, e.g. "This is Faultline." */
  introText: string;
  /** Said after the page, e.g. "Press 1 to acknowledge." */
  ackPromptText: string;
  /** Said when no key was pressed after the last repeat. */
  goodbyeText: string;
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>';

/** Longest title read out; a call is no place for a paragraph. */
const MAX_SPOKEN_TITLE = 200;

/** A `<Say>` element with the language and voice attributes. */
export function say(text: string, o: VoiceTextOptions): string {
  const voice = o.voice ? ` voice="${xmlEscape(o.voice)}"` : '';
  return `<Say language="${xmlEscape(o.language)}"${voice}>${xmlEscape(text)}</Say>`;
}

const spokenTitle = (title: string) => {
  const chars = Array.from(title.replace(/\s+/g, ' ').trim());
  return chars.length > MAX_SPOKEN_TITLE ? `${chars.slice(0, MAX_SPOKEN_TITLE).join('')}…` : chars.join('');
};

/** What the call says about a page, in the reader's language: intro, level, incident number, title and service. */
export function pageSpeech(message: PageMessage, introText: string): string {
  const t = translatorOf(message);
  const what = t.t('page.voice.speech', {
    level: message.levelText,
    id: message.incidentId,
    title: spokenTitle(message.title),
  });
  const service = message.service ? ` ${t.t('page.voice.service', { service: message.service })}` : '';
  return `${introText} ${what}${service}`.trim();
}

/**
 * TwiML for a page: `repeat` × `<Gather numDigits="1" action=…><Say>page + prompt</Say></Gather>`, then
 * the goodbye. Twilio accepts at most 4,000 characters of inline `Twiml`; the title is capped at 200
 * characters so a page stays well below that.
 */
export function buildPageTwiml(message: PageMessage, o: PageTwimlOptions): string {
  const text = `${pageSpeech(message, o.introText)} ${o.ackPromptText}`;
  const gather = `<Gather input="dtmf" numDigits="1" timeout="8" method="POST" action="${xmlEscape(o.actionUrl)}">${say(text, o)}</Gather>`;
  return `${XML_HEAD}<Response>${gather.repeat(Math.max(1, o.repeat))}${say(o.goodbyeText, o)}</Response>`;
}

/** TwiML for a notice (or a digest): the subject and text read once, then the call ends. */
export function buildNoticeTwiml(message: TextMessage, o: VoiceTextOptions & { introText: string }): string {
  return `${XML_HEAD}<Response>${say(`${o.introText} ${message.subject}. ${spokenTitle(message.text)}`.trim(), o)}</Response>`;
}

/** TwiML that says one thing and hangs up: the answer to a Gather callback ("Incident 42 acknowledged."). */
export function twimlSay(text: string, o: VoiceTextOptions): string {
  return `${XML_HEAD}<Response>${say(text, o)}</Response>`;
}

/** Path of the Gather callback route the server exposes. */
export const GATHER_PATH = '/api/v1/twilio/voice/gather';

/**
 * The Gather `action` URL for a page: `{publicUrl}/api/v1/twilio/voice/gather?token=<ack token>`, where the
 * token is the last path segment of the page's signed ack link (`{publicUrl}/ack/{token}`), so the callback
 * can acknowledge exactly as the link would, for exactly that recipient.
 */
export function gatherActionUrl(publicUrl: string, ackUrl: string): string {
  const token = new URL(ackUrl).pathname.split('/').filter(Boolean).pop() ?? '';
  return `${publicUrl.replace(/\/+$/, '')}${GATHER_PATH}?token=${encodeURIComponent(token)}`;
}

export interface TwilioGatherCallback {
  callSid: string;
  /** The keys pressed ('' when none). */
  digits: string;
  /** `Digits` is `1`: the callee asked to acknowledge. */
  acknowledged: boolean;
  /** The signed ack token from the action URL's `token` query parameter, or null. */
  token: string | null;
  /** The number called (the on-call person), E.164. */
  to: string;
}

const get = (params: TwilioParams, key: string): string | undefined =>
  params instanceof URLSearchParams ? (params.get(key) ?? undefined) : params[key];

/**
 * Reads a Gather callback: Twilio POSTs form fields `CallSid`, `Digits`, `From`, `To`, … to the action URL
 * (`url`, as Twilio requested it, query included). The route must verify `X-Twilio-Signature` over the same
 * `url` and fields first, then verify `token` like an ack link.
 */
export function parseTwilioGather(form: TwilioParams, url: string): TwilioGatherCallback {
  const digits = (get(form, 'Digits') ?? '').trim();
  return {
    callSid: get(form, 'CallSid') ?? '',
    digits,
    acknowledged: digits === '1',
    token: new URL(url).searchParams.get('token'),
    to: get(form, 'To') ?? get(form, 'Called') ?? '',
  };
}
