/**
 * What a message says in its reader's language (issue 14; docs/i18n.md): one translator per language and time
 * zone from the shared catalogs (`@faultline/i18n`), and the words of a page that are codes in the data — the
 * incident's status, why it was paged, "unrouted" — in that language. Providers call these instead of writing
 * English, so a page renders alike in every channel for one reader.
 */
import { createTranslator, DEFAULT_LOCALE, type Locale, type MessageId, type Translator } from '@faultline/i18n';

const translators = new Map<string, Translator>();

/**
 * The translator for `locale` in the IANA `timeZone` (default English, UTC); built once per pair.
 * @throws RangeError when `timeZone` is not an IANA zone
 */
export function translatorFor(locale: Locale = DEFAULT_LOCALE, timeZone = 'UTC'): Translator {
  const key = `${locale} ${timeZone}`;
  let t = translators.get(key);
  if (!t) {
    t = createTranslator(locale, timeZone);
    translators.set(key, t);
  }
  return t;
}

/** The reader's translator of a message that may name its `locale` and `timeZone` (English, UTC when not). */
export const translatorOf = (m: { locale?: Locale | undefined; timeZone?: string | undefined }): Translator =>
  translatorFor(m.locale, m.timeZone);

const STATUSES = new Set(['triggered', 'acknowledged', 'mitigated', 'resolved', 'closed']);

/** An incident status (`acknowledged`) in the reader's words (`已确认`); an unknown status as it is. */
export function statusWord(t: Translator, status: string): string {
  return STATUSES.has(status) ? t.t(`status.${status}` as MessageId) : status;
}

/**
 * Why a page was sent (its idempotency step: `initial`, `upgrade-P1`, `leadership-P1`) in the reader's words; any
 * other step (an escalation policy's own) as it is.
 */
export function stepWord(t: Translator, step: string): string {
  if (step === 'initial') return t.t('page.step.initial');
  const upgrade = /^upgrade-(.+)$/.exec(step);
  if (upgrade) return t.t('page.step.upgrade', { level: upgrade[1]! });
  const leadership = /^leadership-(.+)$/.exec(step);
  if (leadership) return t.t('page.step.leadership', { level: leadership[1]! });
  return step;
}
