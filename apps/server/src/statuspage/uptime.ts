/**
 * Uptime bars: one bar per calendar day in the page's time zone, derived from the status history.
 *
 * For each day, the observed time is the part of the day (local midnight to the next local midnight, so 23
 * or 25 hours on DST days) that lies after `since` (when the page began recording the component) and before
 * `now`. Then
 *
 *     uptime = 1 − (time in major outage × 1 + time in partial outage × 0.5) ÷ observed time
 *
 * (weights from openstatus, `OUTAGE_WEIGHT`; degraded performance and maintenance count as up). A day with
 * no observed time (before `since`) has no data: `uptime` and `worst` are null, shown as an empty bar. An
 * incident that spans midnight counts on each day for the part that falls in it. The range's overall
 * figure weighs each day by its observed time.
 */
import { DateTime } from 'luxon';
import { statusSegments, type StatusSegment } from './segments.ts';
import {
  COMPONENT_STATUSES,
  OUTAGE_WEIGHT,
  worstStatus,
  type ComponentStatus,
  type MaintenanceWindow,
  type StatusUpdate,
} from './status.ts';

/** One day's bar. */
export interface UptimeDay {
  /** The local date, `YYYY-MM-DD`. */
  date: string;
  /** Local midnight, and the next local midnight. */
  start: Date;
  end: Date;
  /** ms of the day observed (after `since`, before `now`). */
  observedMs: number;
  /** ms observed in each status. */
  durations: Record<ComponentStatus, number>;
  /** Weighted downtime, ms. */
  downtimeMs: number;
  /** Most severe status observed; null without data. */
  worst: ComponentStatus | null;
  /** 0…1; null without data. */
  uptime: number | null;
}

/** What the bars are computed from. */
export interface UptimeInput {
  component: string;
  updates: readonly StatusUpdate[];
  maintenances: readonly MaintenanceWindow[];
  /** When the page began recording this component; earlier time has no data. */
  since: Date;
  now: Date;
  /** IANA zone of the page. */
  zone: string;
  /** Number of bars, ending with the day that contains `now`. */
  days: number;
}

/**
 * The calendar days of `zone` ending with the one containing `now`, oldest first.
 * @throws RangeError for an unknown zone
 */
export function localDays(zone: string, now: Date, days: number): Array<{ date: string; start: Date; end: Date }> {
  const today = DateTime.fromJSDate(now, { zone });
  if (!today.isValid) throw new RangeError(`unknown time zone "${zone}"`);
  const out: Array<{ date: string; start: Date; end: Date }> = [];
  for (let i = days - 1; i >= 0; i--) {
    const start = today.minus({ days: i }).startOf('day');
    const end = start.plus({ days: 1 }).startOf('day');
    out.push({ date: start.toISODate()!, start: start.toJSDate(), end: end.toJSDate() });
  }
  return out;
}

/** The bars (see the module comment for the formula). */
export function uptimeDays(input: UptimeInput): UptimeDay[] {
  const days = localDays(input.zone, input.now, input.days);
  if (days.length === 0) return [];
  const from = new Date(Math.max(days[0]!.start.getTime(), input.since.getTime()));
  const segments = statusSegments(input.component, input.updates, input.maintenances, from, input.now);
  return days.map((d) => dayBar(d, segments));
}

function dayBar(day: { date: string; start: Date; end: Date }, segments: readonly StatusSegment[]): UptimeDay {
  const durations = Object.fromEntries(COMPONENT_STATUSES.map((s) => [s, 0])) as Record<ComponentStatus, number>;
  for (const s of segments) {
    const ms = Math.min(s.to.getTime(), day.end.getTime()) - Math.max(s.from.getTime(), day.start.getTime());
    if (ms > 0) durations[s.status] += ms;
  }
  const observedMs = COMPONENT_STATUSES.reduce((sum, s) => sum + durations[s], 0);
  const downtimeMs = COMPONENT_STATUSES.reduce((sum, s) => sum + durations[s] * OUTAGE_WEIGHT[s], 0);
  const seen = COMPONENT_STATUSES.filter((s) => durations[s] > 0);
  return {
    ...day,
    observedMs,
    durations,
    downtimeMs,
    worst: observedMs > 0 ? worstStatus(seen) : null,
    uptime: observedMs > 0 ? 1 - downtimeMs / observedMs : null,
  };
}

/** Uptime over several bars, each weighted by its observed time; null when nothing was observed. */
export function overallUptime(days: readonly UptimeDay[]): number | null {
  const observed = days.reduce((sum, d) => sum + d.observedMs, 0);
  if (observed === 0) return null;
  return 1 - days.reduce((sum, d) => sum + d.downtimeMs, 0) / observed;
}
