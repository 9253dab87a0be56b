/**
 * Fills a {@link WorkCalendar} from the holiday libraries and the config: public holidays from
 * `date-holidays` (full days of type `public`; a half day such as China's 8 March afternoon is not a day
 * off), and for China the official holidays and **make-up working days** (调休, adjusted working weekends)
 * from `chinese-days`, which date-holidays does not carry. The organisation's extra days off and on come
 * last and win. Built per calendar and year, and memoised (the libraries' data does not change at run time).
 */
import Holidays from 'date-holidays';
import chineseDays from 'chinese-days';

import type { CalendarConfig, PostmortemConfig } from './config.ts';
import type { WorkCalendar } from './workdays.ts';

// chinese-days is CommonJS under Node (its ESM build is only for bundlers): take the functions off its default.
const { getHolidaysInRange, getWorkdaysInRange } = chineseDays;

const cache = new Map<string, { daysOff: string[]; workingDays: string[] }>();

/** The library days of one country (and region) for one year: days off and make-up working days. */
function libraryDays(country: string, region: string | undefined, year: number) {
  const key = `${country}:${region ?? ''}:${year}`;
  let days = cache.get(key);
  if (days) return days;
  if (country === 'CN') {
    const start = `${year}-01-01`;
    const end = `${year}-12-31`;
    // Holidays on weekdays are days off; weekends listed as working days are the make-up days.
    const daysOff = getHolidaysInRange(start, end, false);
    const weekdayWork = new Set(getWorkdaysInRange(start, end, false));
    const workingDays = getWorkdaysInRange(start, end, true).filter((d) => !weekdayWork.has(d));
    days = { daysOff, workingDays };
  } else {
    const hd = region
      ? new Holidays(country, region, { types: ['public'] })
      : new Holidays(country, { types: ['public'] });
    const list = hd.getHolidays(year) || [];
    const daysOff = list.filter((h) => h.date.endsWith(' 00:00:00')).map((h) => h.date.slice(0, 10));
    days = { daysOff, workingDays: [] };
  }
  cache.set(key, days);
  return days;
}

/** The calendar config that applies to `team`: its own, else the default, else null (UTC, weekends off). */
export function calendarOf(config: PostmortemConfig, team: string | null): CalendarConfig | null {
  const id = (team ? config.teamCalendars[team] : undefined) ?? config.defaultCalendar;
  return config.calendars.find((c) => c.id === id) ?? null;
}

/** The plain calendar used when none is configured: UTC, Saturday and Sunday off, no holidays. */
export const UTC_CALENDAR: CalendarConfig = {
  id: 'utc',
  timeZone: 'UTC',
  weekend: [6, 7],
  extraDaysOff: [],
  extraWorkingDays: [],
};

/**
 * A working calendar for `cal` covering the years `fromYear` to `fromYear + 1` (a deadline computed in late
 * December runs into January).
 * @param cal the calendar's config
 * @param fromYear the first year to load holidays for
 */
export function buildCalendar(cal: CalendarConfig, fromYear: number): WorkCalendar {
  const daysOff = new Set<string>();
  const workingDays = new Set<string>();
  if (cal.country) {
    for (const year of [fromYear, fromYear + 1]) {
      const d = libraryDays(cal.country, cal.region, year);
      d.daysOff.forEach((x) => daysOff.add(x));
      d.workingDays.forEach((x) => workingDays.add(x));
    }
  }
  for (const d of cal.extraDaysOff) {
    daysOff.add(d);
    workingDays.delete(d);
  }
  for (const d of cal.extraWorkingDays) {
    workingDays.add(d);
    daysOff.delete(d);
  }
  return { timeZone: cal.timeZone, weekend: cal.weekend, daysOff, workingDays };
}
