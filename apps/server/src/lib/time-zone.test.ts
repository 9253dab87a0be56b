import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DAY_MS,
  isoWeekday,
  offsetAt,
  parseClock,
  parseLocalDateTime,
  toInstant,
  toLocal,
  type LocalTime,
} from './time-zone.ts';

const lt = (text: string): LocalTime => parseLocalDateTime(text);
const instant = (zone: string, text: string) => new Date(toInstant(zone, lt(text))).toISOString();

describe('toInstant: ordinary local times', () => {
  it.each([
    ['UTC', '2026-06-01T12:00', '2026-06-01T12:00:00.000Z'],
    ['America/New_York', '2026-01-15T09:00', '2026-01-15T14:00:00.000Z'],
    ['America/New_York', '2026-07-15T09:00', '2026-07-15T13:00:00.000Z'],
    ['Europe/Berlin', '2026-01-15T09:00', '2026-01-15T08:00:00.000Z'],
    ['Europe/Berlin', '2026-07-15T09:00', '2026-07-15T07:00:00.000Z'],
    ['Australia/Sydney', '2026-01-15T09:00', '2026-01-14T22:00:00.000Z'],
    ['Australia/Sydney', '2026-07-15T09:00', '2026-07-14T23:00:00.000Z'],
    ['Asia/Shanghai', '2026-07-15T09:00', '2026-07-15T01:00:00.000Z'],
    ['Asia/Kolkata', '2026-07-15T09:00', '2026-07-15T03:30:00.000Z'],
  ])('%s %s is %s', (zone, text, expected) => {
    expect(instant(zone, text)).toBe(expected);
  });
});

describe('toInstant: a skipped local time (spring forward) is the first instant after the gap', () => {
  it.each([
    ['America/New_York', '2026-03-08T02:00', '2026-03-08T07:00:00.000Z'], // 03:00 EDT
    ['America/New_York', '2026-03-08T02:30', '2026-03-08T07:00:00.000Z'],
    ['America/New_York', '2026-03-08T02:59', '2026-03-08T07:00:00.000Z'],
    ['Europe/Berlin', '2026-03-29T02:30', '2026-03-29T01:00:00.000Z'], // 03:00 CEST
    ['Australia/Sydney', '2026-10-04T02:30', '2026-10-03T16:00:00.000Z'], // 03:00 AEDT
  ])('%s %s → %s', (zone, text, expected) => {
    expect(instant(zone, text)).toBe(expected);
  });

  it('the minutes either side of the gap are unaffected', () => {
    expect(instant('America/New_York', '2026-03-08T01:59')).toBe('2026-03-08T06:59:00.000Z');
    expect(instant('America/New_York', '2026-03-08T03:00')).toBe('2026-03-08T07:00:00.000Z');
    expect(instant('America/New_York', '2026-03-08T03:01')).toBe('2026-03-08T07:01:00.000Z');
  });
});

describe('toInstant: a repeated local time (fall back) is its first occurrence', () => {
  it.each([
    ['America/New_York', '2026-11-01T01:00', '2026-11-01T05:00:00.000Z'], // EDT, not EST (06:00Z)
    ['America/New_York', '2026-11-01T01:30', '2026-11-01T05:30:00.000Z'],
    ['America/New_York', '2026-11-01T01:59', '2026-11-01T05:59:00.000Z'],
    ['America/New_York', '2026-11-01T02:00', '2026-11-01T07:00:00.000Z'], // after the repeat: EST
    ['Europe/Berlin', '2026-10-25T02:30', '2026-10-25T00:30:00.000Z'], // CEST, not CET (01:30Z)
    ['Australia/Sydney', '2026-04-05T02:30', '2026-04-04T15:30:00.000Z'], // AEDT, not AEST (16:30Z)
  ])('%s %s → %s', (zone, text, expected) => {
    expect(instant(zone, text)).toBe(expected);
  });
});

describe('toLocal', () => {
  it('reads the wall clock at an instant, across offsets', () => {
    expect(toLocal('America/New_York', Date.parse('2026-11-01T05:30:00Z'))).toEqual(lt('2026-11-01T01:30'));
    expect(toLocal('America/New_York', Date.parse('2026-11-01T06:30:00Z'))).toEqual(lt('2026-11-01T01:30'));
    expect(toLocal('Asia/Shanghai', Date.parse('2026-12-31T16:00:00Z'))).toEqual(lt('2027-01-01T00:00'));
    expect(toLocal('UTC', Date.parse('1969-12-31T23:59:00Z'))).toEqual({ day: -1, minute: 1439 });
  });

  it('offsetAt gives minutes east of UTC', () => {
    expect(offsetAt('America/New_York', Date.parse('2026-01-01T00:00:00Z'))).toBe(-300);
    expect(offsetAt('Asia/Shanghai', Date.parse('2026-01-01T00:00:00Z'))).toBe(480);
  });

  it('throws RangeError for an unknown zone', () => {
    expect(() => toLocal('Mars/Olympus', 0)).toThrow(RangeError);
    expect(() => toInstant('Nowhere', { day: 0, minute: 0 })).toThrow(/unknown time zone/);
  });
});

describe('round trips (property)', () => {
  const zones = fc.constantFrom('America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Shanghai', 'UTC');
  const instants = fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2028-01-01T00:00:00Z') });

  it('toInstant(toLocal(t)) is t to the minute, or its first occurrence one DST change earlier', () => {
    fc.assert(
      fc.property(zones, instants, (zone, t) => {
        const minute = t - (t % 60_000);
        const back = toInstant(zone, toLocal(zone, t));
        if (back !== minute) {
          // Only the second pass of a repeated hour maps back elsewhere: to the first pass.
          expect(back).toBeLessThan(minute);
          expect(toLocal(zone, back)).toEqual(toLocal(zone, t));
        }
      }),
    );
  });

  it('toLocal(toInstant(l)) is l unless l was skipped, and then lands just after', () => {
    fc.assert(
      fc.property(zones, instants, fc.integer({ min: 0, max: 1439 }), (zone, t, minute) => {
        const l = { day: Math.floor(t / DAY_MS), minute };
        const back = toLocal(zone, toInstant(zone, l));
        const a = l.day * 1440 + l.minute;
        const b = back.day * 1440 + back.minute;
        expect(b).toBeGreaterThanOrEqual(a);
        expect(b - a).toBeLessThanOrEqual(60);
      }),
    );
  });
});

describe('calendar helpers', () => {
  it('isoWeekday: 1970-01-01 was a Thursday; negative days work', () => {
    expect(isoWeekday(0)).toBe(4);
    expect(isoWeekday(-1)).toBe(3);
    expect(isoWeekday(lt('2026-03-09T00:00').day)).toBe(1); // Monday
    expect(isoWeekday(lt('2026-03-08T00:00').day)).toBe(7); // Sunday
  });

  it('parseClock', () => {
    expect(parseClock('00:00')).toBe(0);
    expect(parseClock('23:59')).toBe(1439);
    expect(() => parseClock('24:00')).toThrow(RangeError);
    expect(() => parseClock('9:00')).toThrow(RangeError);
  });

  it('parseLocalDateTime rejects malformed and non-calendar dates', () => {
    expect(lt('2026-03-08T02:30')).toEqual({ day: Date.UTC(2026, 2, 8) / DAY_MS, minute: 150 });
    expect(() => lt('2026-02-30T09:00')).toThrow(/calendar/);
    expect(() => lt('2026-13-01T09:00')).toThrow(/calendar/);
    expect(() => lt('2026-03-08 09:00')).toThrow(RangeError);
    expect(() => lt('2026-03-08T09:00Z')).toThrow(RangeError);
  });
});
