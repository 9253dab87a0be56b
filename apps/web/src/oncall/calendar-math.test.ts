import { describe, expect, it } from 'vitest';
import {
  daysFrom,
  monthDays,
  mondayOf,
  coveringMondayNine,
  nextMondayNine,
  personColors,
  segmentsOn,
  weekDays,
  type CalendarShift,
} from './calendar-math.ts';

const shift = (user: string, start: string, end: string): CalendarShift => ({
  user,
  start,
  end,
  override: false,
  layer: 'l1',
});

describe('calendar days in a zone', () => {
  it('starts weeks on Monday and months on the Monday on or before the 1st', () => {
    expect(mondayOf('2026-11-22')).toBe('2026-11-16'); // a Sunday
    expect(mondayOf('2026-11-23')).toBe('2026-11-23');
    expect(weekDays('2026-11-25', 'UTC').map((d) => d.date)).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
    ]);
    const month = monthDays('2026-11-21', 'UTC');
    expect(month).toHaveLength(42);
    expect(month[0]!.date).toBe('2026-10-26');
  });

  it('gives the DST days of New York 23 and 25 hours', () => {
    const [spring] = daysFrom('2026-03-08', 1, 'America/New_York');
    const [autumn] = daysFrom('2026-11-01', 1, 'America/New_York');
    expect((spring!.endMs - spring!.startMs) / 3_600_000).toBe(23);
    expect((autumn!.endMs - autumn!.startMs) / 3_600_000).toBe(25);
    expect(new Date(autumn!.startMs).toISOString()).toBe('2026-11-01T04:00:00.000Z');
  });
});

describe('coveringMondayNine', () => {
  it("is 09:00 on this week's Monday in the zone, so a new schedule has someone on call now", () => {
    // Sunday 22:30 in New York (Monday 03:30 UTC): this New York week's Monday is six days back.
    const sundayEvening = Date.parse('2026-12-06T22:30:00-05:00');
    expect(coveringMondayNine(sundayEvening, 'America/New_York')).toBe('2026-11-30T09:00');
    expect(coveringMondayNine(sundayEvening, 'UTC')).toBe('2026-11-30T09:00');
    // Monday 08:00 is before this week's hand-off: the week before's Monday covers it.
    expect(coveringMondayNine(Date.parse('2026-12-07T08:00:00-05:00'), 'America/New_York')).toBe('2026-11-30T09:00');
    expect(coveringMondayNine(Date.parse('2026-12-07T09:00:00-05:00'), 'America/New_York')).toBe('2026-12-07T09:00');
    // Across a year boundary.
    expect(coveringMondayNine(Date.parse('2027-01-01T12:00:00Z'), 'Asia/Tokyo')).toBe('2026-12-28T09:00');
  });
});

describe('nextMondayNine', () => {
  it("is 09:00 on the Monday after the zone's week, not UTC's", () => {
    // Sunday 22:30 in New York is Monday 03:30 UTC: the next Monday is tomorrow, not in eight days.
    const sundayEvening = Date.parse('2026-12-06T22:30:00-05:00');
    expect(nextMondayNine(sundayEvening, 'America/New_York')).toBe('2026-12-07T09:00');
    expect(nextMondayNine(sundayEvening, 'UTC')).toBe('2026-12-14T09:00');
    // A Monday morning is in its own week; across a month and a year boundary.
    expect(nextMondayNine(Date.parse('2026-12-28T08:00:00-05:00'), 'America/New_York')).toBe('2027-01-04T09:00');
    // Late on Sunday in New York (the day it leaves daylight saving time) it is Monday in Tokyo.
    const late = Date.parse('2026-11-01T23:00:00-05:00');
    expect(nextMondayNine(late, 'America/New_York')).toBe('2026-11-02T09:00');
    expect(nextMondayNine(late, 'Asia/Tokyo')).toBe('2026-11-09T09:00');
  });
});

describe('segments of shifts on a day', () => {
  const [day] = daysFrom('2026-11-23', 1, 'Europe/Berlin'); // CET, UTC+1

  it('places a shift by local wall-clock time and cuts it at the day ends', () => {
    const segments = segmentsOn(
      day!,
      [
        shift('bob@example.com', '2026-11-23T17:00:00Z', '2026-11-24T08:00:00Z'), // 18:00 → next day
        shift('ann@example.com', '2026-11-22T08:00:00Z', '2026-11-23T08:00:00Z'), // → 09:00
      ],
      'Europe/Berlin',
    );
    expect(segments.map((s) => [s.shift.user, s.from, s.to, s.continuesBefore, s.continuesAfter])).toEqual([
      ['ann@example.com', '00:00', '09:00', true, false],
      ['bob@example.com', '18:00', '24:00', false, true],
    ]);
    expect(segments[0]!.heightPct).toBeCloseTo(37.5);
    expect(segments[1]!.topPct).toBeCloseTo(75);
  });

  it('reads the same instants in another zone', () => {
    const [nyDay] = daysFrom('2026-11-23', 1, 'America/New_York'); // EST, UTC-5
    const segments = segmentsOn(
      nyDay!,
      [shift('bob@example.com', '2026-11-23T17:00:00Z', '2026-11-24T08:00:00Z')],
      'America/New_York',
    );
    expect(segments.map((s) => [s.from, s.to])).toEqual([['12:00', '24:00']]);
  });

  it('draws a shift over the 25-hour autumn day in proportion', () => {
    const [autumn] = daysFrom('2026-11-01', 1, 'America/New_York');
    const [s] = segmentsOn(
      autumn!,
      [shift('ann@example.com', '2026-11-01T04:00:00Z', '2026-11-01T16:30:00Z')], // 00:00 EDT → 11:30 EST
      'America/New_York',
    );
    expect([s!.from, s!.to]).toEqual(['00:00', '11:30']);
    expect(s!.heightPct).toBeCloseTo((12.5 / 25) * 100);
  });

  it('skips shifts outside the day', () => {
    expect(segmentsOn(day!, [shift('x@example.com', '2026-11-20T00:00:00Z', '2026-11-22T23:00:00Z')], 'UTC')).toEqual(
      [],
    );
  });
});

it('gives each person a stable colour', () => {
  const a = personColors(['c@x', 'a@x', 'b@x', 'a@x']);
  const b = personColors(['b@x', 'c@x', 'a@x']);
  expect([...a.entries()]).toEqual([...b.entries()]);
  expect(new Set(a.values()).size).toBe(3);
});
