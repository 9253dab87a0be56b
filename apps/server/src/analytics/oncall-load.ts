/**
 * On-call load (dictionary `oncall_load`): pages per person, split by when they reached the person in the
 * person's own time zone — business hours (Monday–Friday 09:00–18:00), sleep hours (every day 22:00–07:00)
 * or off hours (the rest: evenings, early mornings, weekends by day). Seed 004 and the research note: being
 * woken at night is the cost that burns on-call people out, so it is counted apart.
 *
 * A page is one escalation step reaching one person for one incident, however many contact methods it used
 * (email and SMS of the same step are one page); its time is its first delivery.
 */
import type { OncallLoadView } from '@faultline/contracts';
import { isoWeekday, toLocal } from '../lib/index.ts';

/** One delivered page of a person. */
export interface PageFacts {
  userId: number;
  person: string;
  /** The person's IANA zone (profile); UTC when unknown. */
  zone: string;
  /** First delivery. */
  at: Date;
}

/** Business hours 09:00–18:00 on weekdays; sleep 22:00–07:00 every day (minutes since local midnight). */
export const HOURS = { businessFrom: 9 * 60, businessTo: 18 * 60, sleepFrom: 22 * 60, sleepTo: 7 * 60 } as const;

/**
 * When a page reached its person, in the person's zone.
 * @throws RangeError for an unknown zone
 */
export function hourClass(at: Date, zone: string): 'business' | 'off' | 'sleep' {
  const { day, minute } = toLocal(zone, at.getTime());
  if (minute >= HOURS.sleepFrom || minute < HOURS.sleepTo) return 'sleep';
  const weekday = isoWeekday(day) <= 5;
  if (weekday && minute >= HOURS.businessFrom && minute < HOURS.businessTo) return 'business';
  return 'off';
}

/** Pages per person in `[start, end)`, most paged first. A person whose zone is unknown to the runtime counts in UTC. */
export function oncallLoad(pages: readonly PageFacts[], start: Date, end: Date): OncallLoadView {
  const rows = new Map<number, OncallLoadView['rows'][number]>();
  let n = 0;
  for (const p of pages) {
    if (p.at.getTime() < start.getTime() || p.at.getTime() >= end.getTime()) continue;
    let cls: 'business' | 'off' | 'sleep';
    let zone = p.zone;
    try {
      cls = hourClass(p.at, zone);
    } catch {
      zone = 'UTC';
      cls = hourClass(p.at, zone);
    }
    const row = rows.get(p.userId) ?? { person: p.person, zone, pages: 0, business: 0, off: 0, sleep: 0 };
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
