/**
 * On-call load (dictionary `oncall_load`): pages per person, split by when they reached the person in the
 * person's own time zone — business hours (by default Monday–Friday 09:00–18:00), sleep hours (by default
 * every day 22:00–07:00; both set by config `analytics.hours`) or off hours (the rest: evenings, early mornings, weekends by day). Seed 004 and the research note: being
 * woken at night is the cost that burns on-call people out, so it is counted apart.
 *
 * A page is one escalation step reaching one person for one incident, however many contact methods it used
 * (email and SMS of the same step are one page); its time is its first delivery.
 */
import type { OncallLoadView } from '@faultline/contracts';
import { isoWeekday, toLocal } from '../lib/index.ts';

/** One delivered page of a person. */
export interface PageFacts {
  /** The incident that paged (absent in pure tests that do not drill). */
  incidentId?: number;
  userId: number;
  person: string;
  /** The person's IANA zone (profile); UTC when unknown. */
  zone: string;
  /** First delivery. */
  at: Date;
}

/**
 * The hour bands, in minutes since local midnight: business hours on `businessDays` (ISO weekdays, 1 =
 * Monday) from `businessFrom` to `businessTo`; sleep every day from `sleepFrom` to `sleepTo` (wrapping past
 * midnight when `sleepFrom` > `sleepTo`). Sleep wins where the two overlap.
 */
export interface HourBands {
  businessDays: readonly number[];
  businessFrom: number;
  businessTo: number;
  sleepFrom: number;
  sleepTo: number;
}

/** The default bands: business 09:00–18:00 Monday–Friday; sleep 22:00–07:00 every day. */
export const HOURS: HourBands = {
  businessDays: [1, 2, 3, 4, 5],
  businessFrom: 9 * 60,
  businessTo: 18 * 60,
  sleepFrom: 22 * 60,
  sleepTo: 7 * 60,
};

/** Whether `minute` falls in `[from, to)`, wrapping past midnight when `from` > `to`. */
const within = (minute: number, from: number, to: number) =>
  from <= to ? minute >= from && minute < to : minute >= from || minute < to;

/**
 * When a page reached its person, in the person's zone.
 * @param bands the hour bands (config `analytics.hours`; default `HOURS`)
 * @throws RangeError for an unknown zone
 */
export function hourClass(at: Date, zone: string, bands: HourBands = HOURS): 'business' | 'off' | 'sleep' {
  const { day, minute } = toLocal(zone, at.getTime());
  if (within(minute, bands.sleepFrom, bands.sleepTo)) return 'sleep';
  if (bands.businessDays.includes(isoWeekday(day)) && within(minute, bands.businessFrom, bands.businessTo))
    return 'business';
  return 'off';
}

/**
 * The hour band a page fell in, in its person's zone (UTC when the zone is unknown to the runtime), and the
 * zone it was read in.
 */
export function pageBand(
  p: Pick<PageFacts, 'at' | 'zone'>,
  bands: HourBands = HOURS,
): { zone: string; cls: 'business' | 'off' | 'sleep' } {
  try {
    return { zone: p.zone, cls: hourClass(p.at, p.zone, bands) };
  } catch {
    return { zone: 'UTC', cls: hourClass(p.at, 'UTC', bands) };
  }
}

/**
 * Pages per person in `[start, end)`, most paged first. A person whose zone is unknown to the runtime counts in UTC.
 * @param bands the hour bands (config `analytics.hours`; default `HOURS`)
 */
export function oncallLoad(
  pages: readonly PageFacts[],
  start: Date,
  end: Date,
  bands: HourBands = HOURS,
): OncallLoadView {
  const rows = new Map<number, OncallLoadView['rows'][number]>();
  let n = 0;
  for (const p of pages) {
    if (p.at.getTime() < start.getTime() || p.at.getTime() >= end.getTime()) continue;
    const { zone, cls } = pageBand(p, bands);
    const row = rows.get(p.userId) ?? {
      userId: p.userId,
      person: p.person,
      zone,
      pages: 0,
      business: 0,
      off: 0,
      sleep: 0,
    };
    row.pages += 1;
    row[cls] += 1;
    rows.set(p.userId, row);
    n += 1;
  }
  return {
    metric: 'oncall_load',
    rows: [...rows.values()].sort((a, b) => b.pages - a.pages || a.person.localeCompare(b.person)),
    n,
  };
}
