/**
 * Periods and buckets in a time zone (issue 11: "month boundaries in a zone, not UTC"). A period is
 * `[from, to)` in local dates of `zone`; its buckets are the zone's calendar weeks (ISO, Monday first),
 * months or quarters, each starting at local midnight of its first day — so in New York, March starts at
 * 2026-03-01T05:00Z (EST) and April at 2026-04-01T04:00Z (EDT). The first and last bucket are clipped to
 * the period. Offsets come from luxon (the runtime's ICU zone data).
 */
import { DateTime } from 'luxon';
import type { AnalyticsBucket } from '@faultline/contracts';

/** One bucket: its key (`2026-03`, `2026-W10`, `2026-Q1`) and its UTC bounds `[start, end)`. */
export interface Bucket {
  key: string;
  start: Date;
  end: Date;
}

/** A period cut into buckets. */
export interface Period {
  zone: string;
  bucket: AnalyticsBucket;
  start: Date;
  end: Date;
  buckets: Bucket[];
}

const UNIT = { week: 'week', month: 'month', quarter: 'quarter' } as const;

/** The key of the bucket a local time falls in. */
function keyOf(t: DateTime, bucket: AnalyticsBucket): string {
  if (bucket === 'week') return t.toFormat("kkkk-'W'WW");
  if (bucket === 'quarter') return `${t.year}-Q${t.quarter}`;
  return t.toFormat('yyyy-MM');
}

/**
 * Local midnight of `date` in `zone` (the first instant of that day; a zone whose midnight is skipped by DST
 * starts the day at the transition).
 * @param date YYYY-MM-DD
 * @throws RangeError for a malformed date or unknown zone
 */
export function localMidnight(date: string, zone: string): Date {
  const t = DateTime.fromISO(date, { zone });
  if (!t.isValid) throw new RangeError(`"${date}" in ${zone}: ${t.invalidExplanation ?? t.invalidReason}`);
  return t.startOf('day').toJSDate();
}

/**
 * Cuts `[from, to)` (local dates in `zone`) into buckets.
 * @param from first day, YYYY-MM-DD
 * @param to the day after the last, YYYY-MM-DD (must be after `from`)
 * @returns the period with its buckets in time order; the first starts at `from`'s midnight, the last ends at
 *   `to`'s midnight, even when these fall inside a calendar week, month or quarter
 * @throws RangeError for an unknown zone, a malformed date, or `to` not after `from`
 */
export function periodOf(from: string, to: string, zone: string, bucket: AnalyticsBucket): Period {
  const start = DateTime.fromJSDate(localMidnight(from, zone), { zone });
  const end = DateTime.fromJSDate(localMidnight(to, zone), { zone });
  if (end <= start) throw new RangeError(`period ${from} → ${to} is empty`);
  const buckets: Bucket[] = [];
  let cursor = start;
  while (cursor < end) {
    const next = cursor
      .startOf(UNIT[bucket])
      .plus({ [UNIT[bucket]]: 1 })
      .startOf('day');
    const stop = next < end ? next : end;
    buckets.push({ key: keyOf(cursor, bucket), start: cursor.toJSDate(), end: stop.toJSDate() });
    cursor = stop;
  }
  return { zone, bucket, start: start.toJSDate(), end: end.toJSDate(), buckets };
}

/**
 * The bucket an instant falls in.
 * @returns the bucket's key, or null when the instant is outside the period
 */
export function bucketOf(period: Period, at: Date): string | null {
  const t = at.getTime();
  if (t < period.start.getTime() || t >= period.end.getTime()) return null;
  let lo = 0;
  let hi = period.buckets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (period.buckets[mid]!.start.getTime() <= t) lo = mid;
    else hi = mid - 1;
  }
  return period.buckets[lo]!.key;
}

/**
 * The period of the same length in days that ends where `[from, to)` starts ("this period vs the last").
 * Whole calendar months are compared with as many whole months before them (Jan–Mar 2026 → Oct–Dec 2025).
 * @returns local dates `{ from, to }`
 */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const f = DateTime.fromISO(from, { zone: 'UTC' });
  const t = DateTime.fromISO(to, { zone: 'UTC' });
  if (f.day === 1 && t.day === 1) {
    const months = Math.round(t.diff(f, 'months').months);
    return { from: f.minus({ months }).toISODate()!, to: from };
  }
  const days = Math.round(t.diff(f, 'days').days);
  return { from: f.minus({ days }).toISODate()!, to: from };
}
