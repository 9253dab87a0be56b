import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';

dayjs.extend(relativeTime);

/** Formatters per time zone (`undefined` = the viewer's), built once: construction is the costly part. */
const formatters = new Map<string | undefined, { absolute: Intl.DateTimeFormat; zoneUs: Intl.DateTimeFormat }>();

function formattersFor(timeZone: string | undefined) {
  let entry = formatters.get(timeZone);
  if (!entry) {
    entry = {
      absolute: new Intl.DateTimeFormat('en-GB', {
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
    formatters.set(timeZone, entry);
  }
  return entry;
}

/**
 * Formats an ISO 8601 instant as `21 Nov 2026, 15:05:23 CET`, in `timeZone` (an IANA name) or, by default,
 * the viewer's zone (`Intl.DateTimeFormat().resolvedOptions().timeZone`). Unparseable input is returned as is.
 */
export function formatAbsolute(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const { absolute, zoneUs } = formattersFor(timeZone);
  const parts = absolute.formatToParts(date);
  const zone = parts.find((part) => part.type === 'timeZoneName');
  if (zone?.value.startsWith('GMT')) {
    const usZone = zoneUs.formatToParts(date).find((part) => part.type === 'timeZoneName')?.value;
    if (usZone && !usZone.startsWith('GMT')) zone.value = usZone;
  }
  return parts.map((part) => part.value).join('');
}

/**
 * Formats an ISO 8601 instant relative to `now` (epoch ms), e.g. `3 minutes ago` or `in 2 minutes`.
 * Past events a few seconds "in the future" (clock skew between server and viewer) read `just now`.
 */
export function formatRelative(iso: string, now: number): string {
  const at = dayjs(iso);
  if (!at.isValid()) return iso;
  const diffMs = at.valueOf() - now;
  if (Math.abs(diffMs) < 45_000) return 'just now';
  return at.from(now);
}
