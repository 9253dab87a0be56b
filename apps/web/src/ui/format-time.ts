/**
 * The Intl locale that writes absolute times for a console language: English reads day-month-year on a 24-hour
 * clock (en-GB, as the console always has), any other language its own way (`zh-CN`: 2026年11月21日 15:05:23).
 */
function dateLocaleOf(locale: string): string {
  return locale === 'en' || locale.startsWith('en-') ? 'en-GB' : locale;
}

/** Formatters per time zone (`undefined` = the viewer's) and language, built once: construction is the costly part. */
const formatters = new Map<string, { absolute: Intl.DateTimeFormat; zoneUs: Intl.DateTimeFormat }>();

function formattersFor(timeZone: string | undefined, locale: string) {
  const key = `${timeZone ?? ''}|${locale}`;
  let entry = formatters.get(key);
  if (!entry) {
    entry = {
      absolute: new Intl.DateTimeFormat(dateLocaleOf(locale), {
        timeZone,
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        timeZoneName: 'short',
      }),
      // en-GB names only European zones ("CET"); elsewhere it prints "GMT-5" where en-US knows "EST".
      zoneUs: new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }),
    };
    formatters.set(key, entry);
  }
  return entry;
}

/**
 * Formats an ISO 8601 instant as `21 Nov 2026, 15:05:23 CET` (English; `2026年11月21日 22:05:23 GMT+8` in
 * `zh-CN`), in `timeZone` (an IANA name) or, by default, the viewer's zone
 * (`Intl.DateTimeFormat().resolvedOptions().timeZone`), in the console language `locale` (default English).
 * Unparseable input is returned as is.
 */
export function formatAbsolute(iso: string, timeZone?: string, locale = 'en'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const { absolute, zoneUs } = formattersFor(timeZone, locale);
  const parts = absolute.formatToParts(date);
  const zone = parts.find((part) => part.type === 'timeZoneName');
  if (dateLocaleOf(locale) === 'en-GB' && zone?.value.startsWith('GMT')) {
    const usZone = zoneUs.formatToParts(date).find((part) => part.type === 'timeZoneName')?.value;
    if (usZone && !usZone.startsWith('GMT')) zone.value = usZone;
  }
  return parts.map((part) => part.value).join('');
}

/** Relative-time formatters per language (Intl.RelativeTimeFormat, built once). */
const relativeFormatters = new Map<string, Intl.RelativeTimeFormat>();

/** Units of a relative time, largest first, with the size (ms) from which each is used (dayjs's thresholds). */
const RELATIVE_UNITS: Array<[Intl.RelativeTimeFormatUnit, number, number]> = [
  // unit, its length in ms, used from this many ms
  ['year', 365 * 86_400_000, 320 * 86_400_000],
  ['month', 30 * 86_400_000, 26 * 86_400_000],
  ['day', 86_400_000, 22 * 3_600_000],
  ['hour', 3_600_000, 45 * 60_000],
  ['minute', 60_000, 45_000],
];

/**
 * Formats an ISO 8601 instant relative to `now` (epoch ms) through Intl in the console language `locale`, e.g.
 * `3 minutes ago` or `in 2 minutes` (`3分钟前` in `zh-CN`). Within 45 s either way (clock skew between server
 * and viewer) it reads `justNow` (the catalog's words; English by default). Unparseable input is returned as is.
 */
export function formatRelative(iso: string, now: number, locale = 'en', justNow = 'just now'): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const diffMs = at - now;
  const size = Math.abs(diffMs);
  const unit = RELATIVE_UNITS.find(([, , from]) => size >= from);
  if (!unit) return justNow;
  let format = relativeFormatters.get(locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
    relativeFormatters.set(locale, format);
  }
  return format.format(Math.round(diffMs / unit[1]), unit[0]);
}
