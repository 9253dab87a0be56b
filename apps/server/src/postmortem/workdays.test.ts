import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, dateToDay, workingDaysLate, type WorkCalendar } from './workdays.ts';
import { buildCalendar } from './calendar-data.ts';

const plain = (over: Partial<WorkCalendar> = {}): WorkCalendar => ({
  timeZone: 'UTC',
  weekend: [6, 7],
  daysOff: new Set(),
  workingDays: new Set(),
  ...over,
});

describe('working days', () => {
  it('skips the weekend: Friday + 1 working day is the end of Monday', () => {
    expect(addWorkingDays(plain(), new Date('2026-11-20T19:00:00Z'), 1).toISOString()).toBe('2026-11-24T00:00:00.000Z');
  });

  it('skips a public holiday after the weekend', () => {
    const cal = plain({ daysOff: new Set(['2026-11-23']) });
    expect(addWorkingDays(cal, new Date('2026-11-20T19:00:00Z'), 1).toISOString()).toBe('2026-11-25T00:00:00.000Z');
  });

  it('counts a make-up Saturday as a working day', () => {
    const cal = plain({ workingDays: new Set(['2026-11-21']) });
    expect(addWorkingDays(cal, new Date('2026-11-20T19:00:00Z'), 1).toISOString()).toBe('2026-11-22T00:00:00.000Z');
    expect(isWorkingDay(cal, dateToDay('2026-11-21'))).toBe(true);
    expect(isWorkingDay(cal, dateToDay('2026-11-22'))).toBe(false);
  });

  it('0 working days is the end of the same local day; 3 spans a weekend', () => {
    expect(addWorkingDays(plain(), new Date('2026-11-19T10:00:00Z'), 0).toISOString()).toBe('2026-11-20T00:00:00.000Z');
    expect(addWorkingDays(plain(), new Date('2026-11-19T10:00:00Z'), 3).toISOString()).toBe('2026-11-25T00:00:00.000Z');
  });

  it('counts days in the calendar zone, not UTC', () => {
    // 2026-11-20 23:30 UTC is already Saturday 07:30 in Shanghai: the next working day is Monday.
    const cal = plain({ timeZone: 'Asia/Shanghai' });
    expect(addWorkingDays(cal, new Date('2026-11-20T23:30:00Z'), 1).toISOString()).toBe('2026-11-23T16:00:00.000Z');
    // In New York it is still Friday 18:30: one working day ends at Monday's end, 05:00Z on Tuesday.
    const ny = plain({ timeZone: 'America/New_York' });
    expect(addWorkingDays(ny, new Date('2026-11-20T23:30:00Z'), 1).toISOString()).toBe('2026-11-24T05:00:00.000Z');
  });

  it('is DST-correct: a deadline across the autumn change ends at local midnight', () => {
    const ny = plain({ timeZone: 'America/New_York' });
    // Friday 30 Oct 2026 (EDT, −4) + 1 working day = end of Monday 2 Nov (EST, −5).
    expect(addWorkingDays(ny, new Date('2026-10-30T20:00:00Z'), 1).toISOString()).toBe('2026-11-03T05:00:00.000Z');
  });

  it('refuses a calendar without working days and a negative count', () => {
    expect(() => addWorkingDays(plain({ weekend: [1, 2, 3, 4, 5, 6, 7] }), new Date(0), 1)).toThrow(RangeError);
    expect(() => addWorkingDays(plain(), new Date(0), -1)).toThrow(RangeError);
    expect(() => addWorkingDays(plain(), new Date(0), 1.5)).toThrow(RangeError);
  });

  it('counts working days late', () => {
    const due = new Date('2026-11-24T00:00:00Z'); // end of Monday 23 Nov
    expect(workingDaysLate(plain(), due, new Date('2026-11-23T12:00:00Z'))).toBe(0);
    expect(workingDaysLate(plain(), due, new Date('2026-11-26T12:00:00Z'))).toBe(2); // Tue, Wed passed
    expect(workingDaysLate(plain(), due, new Date('2026-11-30T12:00:00Z'))).toBe(4); // + Thu, Fri; not the weekend
  });
});

describe('calendars from the holiday libraries', () => {
  it('China: the National Day week is off and the make-up Saturday is a working day', () => {
    const cal = buildCalendar(
      { id: 'cn', timeZone: 'Asia/Shanghai', country: 'CN', weekend: [6, 7], extraDaysOff: [], extraWorkingDays: [] },
      2026,
    );
    expect(isWorkingDay(cal, dateToDay('2026-10-01'))).toBe(false);
    expect(isWorkingDay(cal, dateToDay('2026-10-07'))).toBe(false);
    expect(isWorkingDay(cal, dateToDay('2026-10-10'))).toBe(true); // Saturday, adjusted working day
    // Resolved Wednesday 30 Sep 2026 evening in Shanghai: 1–7 Oct are off, Thursday 8 Oct is the next working day.
    expect(addWorkingDays(cal, new Date('2026-09-30T12:00:00Z'), 1).toISOString()).toBe('2026-10-08T16:00:00.000Z');
  });

  it('United States: Thanksgiving is off; extra days off and on from the config win', () => {
    const cal = buildCalendar(
      {
        id: 'us',
        timeZone: 'America/New_York',
        country: 'US',
        weekend: [6, 7],
        extraDaysOff: ['2026-11-27'],
        extraWorkingDays: ['2026-11-28'],
      },
      2026,
    );
    expect(isWorkingDay(cal, dateToDay('2026-11-26'))).toBe(false);
    expect(isWorkingDay(cal, dateToDay('2026-11-27'))).toBe(false);
    expect(isWorkingDay(cal, dateToDay('2026-11-28'))).toBe(true);
  });
});
