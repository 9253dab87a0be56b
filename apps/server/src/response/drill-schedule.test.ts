import { describe, expect, it } from 'vitest';
import { drillOccurrence, nextDrillAt } from './drill-schedule.ts';

const weekly = { start: '2026-03-24T10:00', zone: 'Europe/Berlin', everyDays: 7 };

describe('nextDrillAt', () => {
  it('is the start itself until it has passed', () => {
    expect(nextDrillAt(weekly, new Date('2026-03-01T00:00:00Z')).toISOString()).toBe('2026-03-24T09:00:00.000Z');
    expect(nextDrillAt(weekly, new Date('2026-03-24T09:00:00Z')).toISOString()).toBe('2026-03-24T09:00:00.000Z');
  });

  it('keeps the wall-clock time across the spring DST change (10:00 CET, then 10:00 CEST)', () => {
    const after = new Date('2026-03-24T09:00:00.001Z');
    expect(nextDrillAt(weekly, after).toISOString()).toBe('2026-03-31T08:00:00.000Z');
  });

  it('finds a late occurrence without drifting', () => {
    expect(nextDrillAt(weekly, new Date('2027-01-01T00:00:00Z')).toISOString()).toBe('2027-01-05T09:00:00.000Z');
  });

  it('moves a time in the spring-forward gap forward', () => {
    const daily = { start: '2026-03-28T02:30', zone: 'Europe/Berlin', everyDays: 1 };
    expect(drillOccurrence(daily, 1).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('refuses a schedule that does not parse', () => {
    expect(() => nextDrillAt({ ...weekly, zone: 'Mars/Olympus' }, new Date(0))).toThrow(/drill schedule/);
  });
});
