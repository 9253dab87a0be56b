/**
 * The analytics page's state as the API's query (contracts AnalyticsQuery) and back, and the formatting of
 * its numbers. Months are the viewer's: the page asks the server to cut the period in the viewer's time zone.
 */
import type { AnalyticsBucket, AnalyticsDimension } from '@faultline/contracts';

/** What the page's controls hold. Months are `YYYY-MM`, both included. */
export interface ReviewState {
  fromMonth: string;
  toMonth: string;
  bucket: AnalyticsBucket;
  dimension: AnalyticsDimension;
  sequence: string;
  team: string;
  service: string;
  businessLine: string;
  level: string;
}

/** The viewer's IANA time zone. */
export function viewerZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** `YYYY-MM` of `month` plus `n` months (n may be negative). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** The month (`YYYY-MM`) an instant falls in, in `zone`. */
export function monthIn(at: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit' }).formatToParts(
    at,
  );
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

/** The default view: the last six months up to and including the current one, by month, levels of P. */
export function defaultState(now: Date, zone: string): ReviewState {
  const current = monthIn(now, zone);
  return {
    fromMonth: addMonths(current, -5),
    toMonth: current,
    bucket: 'month',
    dimension: 'level',
    sequence: 'P',
    team: '',
    service: '',
    businessLine: '',
    level: '',
  };
}

/**
 * The API query of a state: `[first day of fromMonth, first day after toMonth)` in `zone`.
 * @returns the query string without `?`
 */
export function reviewQuery(s: ReviewState, zone: string): string {
  const q = new URLSearchParams({
    from: `${s.fromMonth}-01`,
    to: `${addMonths(s.toMonth, 1)}-01`,
    timeZone: zone,
    bucket: s.bucket,
    sequence: s.sequence,
  });
  if (s.team.trim()) q.set('team', s.team.trim());
  if (s.service.trim()) q.set('service', s.service.trim());
  if (s.businessLine.trim()) q.set('businessLine', s.businessLine.trim());
  if (s.level.trim()) q.set('level', s.level.trim());
  return q.toString();
}

/**
 * A duration for people: `45s`, `12m 30s`, `3h 05m`, `2d 4h`.
 * @param ms milliseconds; null is `—`
 */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** A ratio as a percentage with one decimal (`33.3%`); null is `—`. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`;
}
