import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors.ts';
import { compileTimeIntervals, type TimeIntervalSpec } from './time-interval.ts';

function fieldsOf(specs: TimeIntervalSpec[]): Array<{ path: string; message: string }> {
  try {
    compileTimeIntervals(specs, 'schedule.timeIntervals');
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('VALIDATION');
    return (err as AppError).fields ?? [];
  }
  throw new Error('expected a validation error');
}

describe('compileTimeIntervals', () => {
  it('compiles the Alertmanager docs example (Sydney office hours) and its other documented forms', () => {
    const [iv] = compileTimeIntervals(
      [
        {
          times: [{ start_time: '09:00', end_time: '17:00' }],
          weekdays: ['monday:friday'],
          location: 'Australia/Sydney',
        },
      ],
      'ti',
    );
    expect(iv).toEqual({
      times: [{ begin: 540, end: 1020 }],
      weekdays: [{ begin: 1, end: 5 }],
      daysOfMonth: null,
      months: null,
      years: null,
      location: 'Australia/Sydney',
    });
    const [other] = compileTimeIntervals(
      [
        {
          times: [{ start_time: '17:00', end_time: '24:00' }],
          weekdays: ['Monday:Wednesday', 'saturday', 'sunday'],
          days_of_month: ['1:5', '-3:-1', 28],
          months: ['1:3', 'may:august', 'december'],
          years: ['2020:2022', 2030],
        },
      ],
      'ti',
    );
    expect(other).toMatchObject({
      times: [{ begin: 1020, end: 1440 }],
      weekdays: [
        { begin: 1, end: 3 },
        { begin: 6, end: 6 },
        { begin: 0, end: 0 },
      ],
      daysOfMonth: [
        { begin: 1, end: 5 },
        { begin: -3, end: -1 },
        { begin: 28, end: 28 },
      ],
      months: [
        { begin: 1, end: 3 },
        { begin: 5, end: 8 },
        { begin: 12, end: 12 },
      ],
      years: [
        { begin: 2020, end: 2022 },
        { begin: 2030, end: 2030 },
      ],
      location: 'UTC',
    });
  });

  it.each<[string, TimeIntervalSpec, string, RegExp]>([
    ['a start past 23:59', { times: [{ start_time: '24:00', end_time: '24:00' }] }, '0.times.0.start_time', /only end/],
    ['an hour 25', { times: [{ start_time: '25:00', end_time: '26:00' }] }, '0.times.0.start_time', /HH:MM/],
    ['a one-digit hour', { times: [{ start_time: '9:00', end_time: '17:00' }] }, '0.times.0.start_time', /HH:MM/],
    [
      'an end before the start',
      { times: [{ start_time: '17:00', end_time: '09:00' }] },
      '0.times.0.end_time',
      /midnight/,
    ],
    ['an empty time range', { times: [{ start_time: '09:00', end_time: '09:00' }] }, '0.times.0.end_time', /after/],
    ['a week range across Sunday', { weekdays: ['saturday:sunday'] }, '0.weekdays.0', /starts on Sunday/],
    ['an unknown weekday', { weekdays: ['funday'] }, '0.weekdays.0', /not a valid weekday/],
    ['a three-part range', { weekdays: ['monday:tuesday:friday'] }, '0.weekdays.0', /range/],
    ['day 0', { days_of_month: ['0'] }, '0.days_of_month.0', /not a day of the month/],
    ['day 32', { days_of_month: [32] }, '0.days_of_month.0', /not a day of the month/],
    ['day -32', { days_of_month: ['-32:-1'] }, '0.days_of_month.0', /not a day of the month/],
    ['a reversed day range', { days_of_month: ['5:1'] }, '0.days_of_month.0', /always ends before/],
    ['a reversed negative range', { days_of_month: ['-1:-5'] }, '0.days_of_month.0', /always ends before/],
    ['a negative start with a positive end', { days_of_month: ['-5:3'] }, '0.days_of_month.0', /end from the end/],
    ['an unknown month', { months: ['smarch'] }, '0.months.0', /not a valid month/],
    ['month 13', { months: [13] }, '0.months.0', /not a valid month/],
    ['a month range wrapping the year', { months: ['november:february'] }, '0.months.0', /does not wrap/],
    ['a reversed year range', { years: ['2027:2026'] }, '0.years.0', /ends before it starts/],
    ['year 0', { years: ['0'] }, '0.years.0', /not a valid year/],
    ['an unknown zone', { location: 'Mars/Olympus_Mons' }, '0.location', /unknown time zone/],
    ['the server-local zone', { location: 'Local' }, '0.location', /IANA/],
    ['an empty list', { weekdays: [] }, '0.weekdays', /empty list/],
    ['day 31 of February', { days_of_month: ['31'], months: ['february'] }, '0', /never matches/],
    ['day 30 of February', { days_of_month: ['30'], months: [2] }, '0', /never matches/],
    ['Feb 29 in a common year', { days_of_month: ['29'], months: ['february'], years: ['2027'] }, '0', /never matches/],
    [
      'day 31 in 30-day months',
      { days_of_month: ['31'], months: ['april', 'june', 'september', 'november'] },
      '0',
      /never/,
    ],
  ])('refuses %s, naming the field', (_what, spec, path, message) => {
    const fields = fieldsOf([spec]);
    expect(fields).toContainEqual({ path: `schedule.timeIntervals.${path}`, message: expect.stringMatching(message) });
  });

  it('accepts what only some years or months allow', () => {
    expect(() =>
      compileTimeIntervals([{ days_of_month: ['29'], months: ['february'], years: ['2027:2028'] }], 'ti'),
    ).not.toThrow();
    expect(() => compileTimeIntervals([{ days_of_month: ['31'], months: ['february:march'] }], 'ti')).not.toThrow();
    // February 29th on a Monday happens (2044), so it is not "never".
    expect(() =>
      compileTimeIntervals([{ days_of_month: ['29'], months: ['february'], weekdays: ['monday'] }], 'ti'),
    ).not.toThrow();
  });

  it('refuses an empty list of intervals and reports every problem at once', () => {
    expect(fieldsOf([])).toEqual([
      { path: 'schedule.timeIntervals', message: 'at least one time interval is required' },
    ]);
    const fields = fieldsOf([{ weekdays: ['funday'] }, { months: ['13'], location: 'Nowhere/Else' }]);
    expect(fields.map((f) => f.path)).toEqual([
      'schedule.timeIntervals.0.weekdays.0',
      'schedule.timeIntervals.1.months.0',
      'schedule.timeIntervals.1.location',
    ]);
  });
});
