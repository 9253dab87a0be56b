/**
 * Inbound email (docs/intake.md#inbound-email): a parsed message becomes one alert. Pure: the SMTP listener
 * (intake/email-listener.ts) receives and parses the message with `mailparser`, then calls `parseEmail`.
 *
 * - subject → summary (`(no subject)` when empty), at most {@link INTAKE_LIMITS.maxSummaryLength} characters;
 * - text body (or the HTML converted to text) → the `description` annotation, at most {@link MAX_BODY_CHARS};
 * - From → the `from` label (the address), Message-ID → the `message_id` annotation;
 * - dedup key: the integration's `dedupHeader` when the message has it, else the first capture group (or the
 *   whole match) of its `dedupPattern` on the subject, else the subject without `Re:`/`Fwd:` prefixes and
 *   extra spaces — so repeated mails about one condition are one alert.
 * - a subject starting `[RESOLVED]` or `RESOLVED:` (Alertmanager's default email template writes the former)
 *   resolves the alert instead, its dedup key taken from the rest of the subject; Alertmanager's `[FIRING:n]`
 *   tag is left out of the summary and the key, so its firing and resolved mails meet in one alert.
 */
import { createHash } from 'node:crypto';
import { RE2JS } from 're2js';
import type { IntegrationConfig } from '../config.ts';
import { INTAKE_LIMITS } from '../dedup-key.ts';
import type { Signal } from '../signal.ts';

/** Characters of the body kept as the alert's description; the rest is cut (the raw message stays in the event). */
export const MAX_BODY_CHARS = 16_000;

/** What the parser reads of a message (mailparser's `ParsedMail`, narrowed). */
export interface EmailMessage {
  subject: string | undefined;
  /** The plain-text body (mailparser derives it from the HTML part when there is none). */
  text: string | undefined;
  /** The From address, lowercased, or undefined. */
  from: string | undefined;
  messageId: string | undefined;
  /** Header values by lowercase name (the first value of a repeated header). */
  headers: ReadonlyMap<string, string>;
  /** When the message says it was sent, if it says. */
  date: Date | undefined;
}

const PREFIX = /^\s*((re|fw|fwd|aw|wg)\s*:\s*)+/i;
const RESOLVED = /^\s*(\[resolved\]|resolved\s*:)\s*/i;
/** Alertmanager's firing tag (`[FIRING:2]`): not part of the condition, so firing and resolved mails share a key. */
const FIRING = /^\s*\[firing(:\d+)?\]\s*/i;

const cut = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The subject as a dedup key: prefixes gone, spaces collapsed; hashed when longer than the dedup key limit. */
function subjectKey(subject: string): string {
  const key = subject.replace(PREFIX, '').replace(/\s+/g, ' ').trim().toLowerCase();
  if (key.length <= INTAKE_LIMITS.maxDedupKeyLength) return key || '(no subject)';
  return `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

function dedupKeyOf(message: EmailMessage, subject: string, integration: IntegrationConfig): string {
  const conf = integration.email;
  const header = conf?.dedupHeader ? message.headers.get(conf.dedupHeader.toLowerCase())?.trim() : undefined;
  if (header) return subjectKey(header);
  if (conf?.dedupPattern) {
    const m = RE2JS.compile(conf.dedupPattern).matcher(subject);
    if (m.find()) {
      const found = m.groupCount() >= 1 && m.group(1) !== null ? m.group(1)! : m.group(0)!;
      if (found.trim()) return subjectKey(found);
    }
  }
  return subjectKey(subject);
}

/**
 * The alert of one message received at `receivedAt` for `integration`.
 * @returns one signal (text made storable later, in `commitEvent`, as for every source)
 */
export function parseEmail(message: EmailMessage, integration: IntegrationConfig, receivedAt: Date): Signal {
  const rawSubject = (message.subject ?? '').replace(/[\r\n]+/g, ' ').trim();
  const resolved = RESOLVED.test(rawSubject);
  const subject = resolved ? rawSubject.replace(RESOLVED, '') : rawSubject.replace(FIRING, '');
  const body = (message.text ?? '').trim();
  const labels: Record<string, string> = {};
  if (message.from) labels.from = cut(message.from, INTAKE_LIMITS.maxLabelValueLength);
  const annotations: Record<string, string> = {};
  if (body) annotations.description = cut(body, MAX_BODY_CHARS);
  if (message.messageId) annotations.message_id = cut(message.messageId, INTAKE_LIMITS.maxLabelValueLength);
  const startsAt =
    message.date && !Number.isNaN(message.date.getTime()) && message.date.getTime() <= receivedAt.getTime()
      ? message.date
      : receivedAt;
  return {
    action: resolved ? 'resolve' : 'trigger',
    dedupKey: dedupKeyOf(message, subject, integration),
    summary: cut(subject || '(no subject)', INTAKE_LIMITS.maxSummaryLength),
    severity: null,
    labels,
    annotations,
    startsAt: startsAt.toISOString(),
    endsAt: resolved ? receivedAt.toISOString() : null,
    source: 'email',
  };
}
