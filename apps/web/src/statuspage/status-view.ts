/**
 * Words, colours and numbers of the public status page, kept out of the components so they are tested
 * alone: the label and colour of each component status, an uptime as a percentage, and a day bar's tooltip.
 */
import type { ComponentStatus, UptimeDayView } from '@faultline/contracts';

/** What each status is called on the page (Statuspage's words). */
export const STATUS_LABEL: Record<ComponentStatus, string> = {
  operational: 'Operational',
  maintenance: 'Under maintenance',
  degraded: 'Degraded performance',
  'partial-outage': 'Partial outage',
  'major-outage': 'Major outage',
};

/** The page's headline for its overall status. */
export const HEADLINE: Record<ComponentStatus, string> = {
  operational: 'All systems operational',
  maintenance: 'Maintenance in progress',
  degraded: 'Degraded performance',
  'partial-outage': 'Partial outage',
  'major-outage': 'Major outage',
};

/** Mantine colour of a status. */
export const STATUS_COLOR: Record<ComponentStatus, string> = {
  operational: 'teal',
  maintenance: 'blue',
  degraded: 'yellow',
  'partial-outage': 'orange',
  'major-outage': 'red',
};

/**
 * An uptime (0…1) as a percentage with two decimals, never rounded up to 100 % while any downtime was seen
 * (99.999 % shows as 99.99 %, not 100.00 %); null (no data) as a dash.
 */
export function formatUptime(uptime: number | null): string {
  if (uptime === null) return '—';
  const floored = Math.floor(uptime * 10_000) / 100;
  return `${floored.toFixed(2)} %`;
}

/** The colour of one day's bar: grey without data, else the worst status seen that day. */
export function dayColor(day: UptimeDayView): string {
  return day.worst === null ? 'gray' : STATUS_COLOR[day.worst];
}

/** A day bar's label: the date, its uptime and its worst status ("2026-11-21: 87.50 % · Major outage"). */
export function dayLabel(day: UptimeDayView): string {
  if (day.uptime === null) return `${day.date}: no data`;
  const worst = day.worst && day.worst !== 'operational' ? ` · ${STATUS_LABEL[day.worst]}` : '';
  return `${day.date}: ${formatUptime(day.uptime)}${worst}`;
}

/** The viewer's IANA zone, as the browser reports it (the page's days are asked for in it). */
export function viewerZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}
