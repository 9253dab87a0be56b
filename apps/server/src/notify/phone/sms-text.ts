/**
 * SMS length rules and the short text a page or notice becomes.
 *
 * An SMS carries 140 bytes. Text that only uses the GSM 03.38 default alphabet (3GPP TS 23.038 §6.2.1)
 * is packed in 7-bit septets: 160 characters in one message, or 153 per segment once it is split
 * (a concatenated message spends 6 bytes on its user-data header, 3GPP TS 23.040 §9.2.3.24.1). The
 * characters of the extension table (`^ { } \ [ ~ ] | €` and form feed) cost two septets, an escape plus
 * the character, and the pair is never split across segments. Any other character forces UCS-2: 70 UTF-16
 * code units in one message, 67 per segment, and a surrogate pair (an emoji) is never split.
 */
import type { DigestMessage, Message, NoticeMessage, PageMessage } from '../provider.ts';
import { translatorOf } from '../words.ts';

const GSM7_BASIC = new Set(
  Array.from(
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ),
);
const GSM7_EXTENSION = new Set(Array.from('\f^{}\\[~]|€'));

export type SmsEncoding = 'gsm7' | 'ucs2';

/** Units per message: septets for GSM-7, UTF-16 code units for UCS-2. */
export const SMS_LIMITS: Record<SmsEncoding, { single: number; perSegment: number }> = {
  gsm7: { single: 160, perSegment: 153 },
  ucs2: { single: 70, perSegment: 67 },
};

/** `gsm7` when every character is in the GSM 03.38 default alphabet or its extension table, else `ucs2`. */
export function smsEncoding(text: string): SmsEncoding {
  for (const ch of text) if (!GSM7_BASIC.has(ch) && !GSM7_EXTENSION.has(ch)) return 'ucs2';
  return 'gsm7';
}

/** The cost of each character (code point) of `text` in the units of `encoding`. */
function unitsOf(text: string, encoding: SmsEncoding): number[] {
  return Array.from(text, (ch) =>
    encoding === 'gsm7' ? (GSM7_EXTENSION.has(ch) ? 2 : 1) : ch.codePointAt(0)! > 0xffff ? 2 : 1,
  );
}

/** Length of `text` in its encoding's units (septets or UTF-16 code units). */
export function smsLength(text: string): number {
  return unitsOf(text, smsEncoding(text)).reduce((a, b) => a + b, 0);
}

/**
 * Number of SMS segments `text` is sent as (at least 1): 1 when it fits a single message, otherwise the
 * segments of a concatenated message, filled in order without splitting an escape pair or surrogate pair.
 */
export function countSegments(text: string): number {
  const encoding = smsEncoding(text);
  const units = unitsOf(text, encoding);
  const { single, perSegment } = SMS_LIMITS[encoding];
  if (units.reduce((a, b) => a + b, 0) <= single) return 1;
  let segments = 1;
  let used = 0;
  for (const u of units) {
    if (used + u > perSegment) {
      segments += 1;
      used = 0;
    }
    used += u;
  }
  return segments;
}

/**
 * Cuts `text` so that it fits in `maxSegments` segments, ending in an ellipsis when cut (`...` in GSM-7
 * text, `…` in UCS-2 text where it costs one unit). Returns `text` unchanged when it already fits.
 * Cutting never splits a character; it may change the encoding (dropping the last non-GSM character).
 */
export function truncateToSegments(text: string, maxSegments: number): string {
  if (countSegments(text) <= maxSegments) return text;
  const chars = Array.from(text);
  const cut = (k: number) => {
    const head = chars.slice(0, k).join('').trimEnd();
    return head + (smsEncoding(head) === 'gsm7' ? '...' : '…');
  };
  // The segment count of a prefix grows with its length, so the longest prefix that fits is found by bisection.
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (countSegments(cut(mid)) <= maxSegments) lo = mid;
    else hi = mid - 1;
  }
  return cut(lo);
}

/** Collapses runs of whitespace (titles come from alert annotations and may hold newlines). */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

export interface SmsRenderOptions {
  /** Most segments one message may use (1 = a single 160/70-unit SMS). */
  maxSegments: number;
  /**
   * The provider delivers replies to Faultline, so the text may offer `Reply ACK 42` when the ack link does
   * not fit (see reply-command.ts).
   */
  replies: boolean;
}

/** The shortest title kept before the ack link is given up for a reply hint or dropped. */
const MIN_TITLE_CHARS = 16;

/**
 * Renders a page as SMS text within `maxSegments`, in the reader's language (`message.locale`; Chinese text is UCS-2,
 * 70/67 units a segment, so it keeps less of the title): `P1 #42 [checkout-api] title` then, in order of
 * preference, the ack link and a reply hint, the ack link alone, the reply hint alone, or nothing. The title is
 * cut to what is left, but never below 16 characters while a shorter ending would keep more of it.
 */
export function renderPageSms(message: PageMessage, options: SmsRenderOptions): string {
  const max = options.maxSegments;
  const title = oneLine(message.title);
  const id = message.incidentId;
  const heads = [
    ...(message.service ? [`${oneLine(message.levelText)} #${id} [${message.service}] `] : []),
    `${oneLine(message.levelText)} #${id} `,
  ];
  // In the reader's language; the reply keyword stays ACK in every language (reply-command.ts reads it).
  const t = translatorOf(message);
  const tails = [
    ...(options.replies ? [`\n${t.t('page.sms.ackOrReply', { url: message.ackUrl, id })}`] : []),
    `\n${t.t('page.sms.ack', { url: message.ackUrl })}`,
    ...(options.replies ? [`\n${t.t('page.sms.reply', { id })}`] : []),
    '',
  ];
  for (const tail of tails) {
    for (const head of heads) {
      const shortest = truncateTitle(title, Math.min(MIN_TITLE_CHARS, Array.from(title).length));
      if (countSegments(head + shortest + tail) > max) continue;
      return truncateToSegments(head + fitTitle(head, title, tail, max) + tail, max);
    }
  }
  return truncateToSegments(heads[heads.length - 1]! + title, max);
}

/** The first `chars` characters of `title`, with an ellipsis when cut. */
function truncateTitle(title: string, chars: number): string {
  const all = Array.from(title);
  if (all.length <= chars) return title;
  const head = all.slice(0, chars).join('').trimEnd();
  return head + (smsEncoding(head) === 'gsm7' ? '...' : '…');
}

/** The longest cut of `title` such that `head + title + tail` fits in `max` segments. */
function fitTitle(head: string, title: string, tail: string, max: number): string {
  const n = Array.from(title).length;
  if (countSegments(head + title + tail) <= max) return title;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (countSegments(head + truncateTitle(title, mid) + tail) <= max) lo = mid;
    else hi = mid - 1;
  }
  return truncateTitle(title, lo);
}

/** Renders a notice as `subject: text`, cut to `maxSegments`. */
export function renderNoticeSms(message: NoticeMessage, options: Pick<SmsRenderOptions, 'maxSegments'>): string {
  return truncateToSegments(`${oneLine(message.subject)}: ${oneLine(message.text)}`, options.maxSegments);
}

/**
 * Renders a digest as `subject: P1 #42, P2 #43 …`: the incident numbers fit where titles would not; the
 * console (or the email digest) has the rest. Cut to `maxSegments`.
 */
export function renderDigestSms(message: DigestMessage, options: Pick<SmsRenderOptions, 'maxSegments'>): string {
  const list = message.incidents.map((i) => `${oneLine(i.levelText)} #${i.incidentId}`).join(', ');
  return truncateToSegments(`${oneLine(message.subject)}: ${list}`, options.maxSegments);
}

/** Renders any message as SMS text within `options.maxSegments`. */
export function renderSms(message: Message, options: SmsRenderOptions): string {
  if (message.kind === 'digest') return renderDigestSms(message, options);
  return message.kind === 'page' ? renderPageSms(message, options) : renderNoticeSms(message, options);
}
