/**
 * Faultline's words in every shipped language (issue 14): one catalog file per language in `catalogs/`, keyed by
 * dotted ids (`area.thing`), each value an ICU message (plural, select, `{n, number}`, `{t, date}`). The console
 * (react-intl), the server's messages (mail, SMS, chat cards, reports, localised API errors) and the CLI all format
 * through FormatJS with these catalogs, so a key means the same everywhere.
 *
 * Adding a language is adding one catalog file and naming it in {@link LOCALES}; the completeness test
 * (catalogs.test.ts) fails on a key missing from any shipped language or an argument that differs between them.
 */
import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import { match } from '@formatjs/intl-localematcher';
import en from '../catalogs/en.json' with { type: 'json' };
import zhCN from '../catalogs/zh-CN.json' with { type: 'json' };

/** The shipped languages, as BCP 47 tags; the first is the fallback. */
export const LOCALES = ['en', 'zh-CN'] as const;

/** A shipped language. */
export type Locale = (typeof LOCALES)[number];

/** The fallback language: English. */
export const DEFAULT_LOCALE: Locale = 'en';

/** A message id: every key of the English catalog (the source language). */
export type MessageId = keyof typeof en;

/** Values interpolated into a message: strings, numbers, dates (instants), keyed by argument name. */
export type MessageValues = Record<string, string | number | Date | boolean | null | undefined>;

const CATALOGS: Record<Locale, Record<string, string>> = { en, 'zh-CN': zhCN };

/** The catalog of `locale`: message id → ICU message. */
export function catalog(locale: Locale): Readonly<Record<string, string>> {
  return CATALOGS[locale];
}

/** True when `tag` names a shipped language exactly (e.g. `zh-CN`, not `zh`). */
export function isLocale(tag: string): tag is Locale {
  return (LOCALES as readonly string[]).includes(tag);
}

/**
 * The shipped language that best serves the requested ones (ECMA-402's best-fit matcher: `zh`, `zh-Hans` and
 * `zh-Hans-CN` → `zh-CN`; `en-GB` → `en`), else English.
 * @param requested BCP 47 tags in order of preference (a person's `locale`, then the browser's languages), or an
 *   `Accept-Language` header's value; invalid tags are skipped.
 */
export function negotiateLocale(requested: string | readonly (string | null | undefined)[] | null | undefined): Locale {
  const tags = (typeof requested === 'string' ? parseAcceptLanguage(requested) : (requested ?? [])).filter(
    (t): t is string => typeof t === 'string' && t.length > 0 && t !== '*',
  );
  const valid = tags.filter((t) => {
    try {
      Intl.getCanonicalLocales(t);
      return true;
    } catch {
      return false;
    }
  });
  if (valid.length === 0) return DEFAULT_LOCALE;
  const found = match(valid, [...LOCALES], DEFAULT_LOCALE, { algorithm: 'best fit' });
  return isLocale(found) ? found : DEFAULT_LOCALE;
}

/**
 * The language tags of an `Accept-Language` header (RFC 9110 §12.5.4) in order of quality, highest first; tags with
 * q=0 are dropped. Malformed entries are skipped, never thrown.
 */
export function parseAcceptLanguage(header: string): string[] {
  return header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q === undefined ? 1 : Number.parseFloat(q.slice(2));
      return { tag: tag.trim(), quality: Number.isFinite(quality) ? quality : 0, i };
    })
    .filter((e) => e.tag.length > 0 && e.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.i - b.i)
    .map((e) => e.tag);
}

/** A formatter for one reader: their language and IANA time zone. */
export interface Translator {
  locale: Locale;
  /** The reader's IANA time zone; dates and times format in it. */
  timeZone: string;
  /** The FormatJS object behind it (formatDate, formatNumber, formatRelativeTime, formatList…). */
  intl: IntlShape;
  /**
   * The message `id` formatted with `values`.
   * @throws Error when `id` is in no catalog (a programming error, caught by the completeness test and tsc).
   */
  t(id: MessageId, values?: MessageValues): string;
}

const cache = createIntlCache();

/**
 * A translator for `locale` in `timeZone` (default UTC). A message missing from the language falls back to English.
 * @throws RangeError when `timeZone` is not an IANA zone.
 */
export function createTranslator(locale: Locale, timeZone = 'UTC'): Translator {
  new Intl.DateTimeFormat('en', { timeZone }); // RangeError on an unknown zone, before any message
  const intl = createIntl(
    {
      locale,
      timeZone,
      defaultLocale: DEFAULT_LOCALE,
      messages: { ...CATALOGS[DEFAULT_LOCALE], ...CATALOGS[locale] },
      onError: (err) => {
        throw err;
      },
    },
    cache,
  );
  return {
    locale,
    timeZone,
    intl,
    t(id, values) {
      if (!(id in CATALOGS[DEFAULT_LOCALE])) throw new Error(`no message ${String(id)} in the catalogs`);
      return intl.formatMessage({ id }, values as Record<string, string | number | boolean | Date>) as string;
    },
  };
}

/**
 * The language of a command-line session: `FAULTLINE_LANG`, else the POSIX locale variables in their order of
 * precedence (`LC_ALL`, `LC_MESSAGES`, `LANG`), negotiated to a shipped language. POSIX values such as
 * `zh_CN.UTF-8` are read as `zh-CN`; `C` and `POSIX` mean English.
 * @param env the environment to read (`process.env`)
 */
export function localeFromEnv(env: Readonly<Record<string, string | undefined>>): Locale {
  const posix = (v: string | undefined): string | undefined => {
    if (!v) return undefined;
    const tag = v.split(/[.@]/)[0]!.replace(/_/g, '-');
    return tag === 'C' || tag === 'POSIX' ? 'en' : tag;
  };
  const first = [env.FAULTLINE_LANG, env.LC_ALL, env.LC_MESSAGES, env.LANG].map(posix).find((v) => v);
  return negotiateLocale(first ? [first] : []);
}

/**
 * The shipped language a stored or configured tag names: the tag itself when shipped, else the closest shipped one
 * (`zh` → `zh-CN`), else English. For a person's `locale` and a channel's `language`.
 */
export function localeOf(tag: string | null | undefined): Locale {
  if (!tag) return DEFAULT_LOCALE;
  return isLocale(tag) ? tag : negotiateLocale([tag]);
}
