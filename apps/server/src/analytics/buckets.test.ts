import { describe, expect, it } from 'vitest';
import { bucketOf, localMidnight, periodOf, previousPeriod } from './buckets.ts';

const keys = (p: ReturnType<typeof periodOf>) =>
  p.buckets.map((b) => [b.key, b.start.toISOString(), b.end.toISOString()]);

describe('periodOf', () => {
  it('cuts months at local midnight in New York, across the spring DST change', () => {
    const p = periodOf('2026-02-01', '2026-05-01', 'America/New_York', 'month');
    expect(keys(p)).toEqual([
      ['2026-02', '2026-02-01T05:00:00.000Z', '2026-03-01T05:00:00.000Z'],
      // March starts in EST (UTC−5) and April in EDT (UTC−4): 8 March moved the clocks.
      ['2026-03', '2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z'],
      ['2026-04', '2026-04-01T04:00:00.000Z', '2026-05-01T04:00:00.000Z'],
    ]);
  });

  it('cuts months east of UTC: Shanghai’s March starts on the last day of February in UTC', () => {
    const p = periodOf('2026-03-01', '2026-04-01', 'Asia/Shanghai', 'month');
    expect(keys(p)).toEqual([['2026-03', '2026-02-28T16:00:00.000Z', '2026-03-31T16:00:00.000Z']]);
  });

  it('cuts ISO weeks (Monday first) and clips the first and last bucket to the period', () => {
    // Thu 1 Jan 2026 is in ISO week 2026-W01 (Mon 29 Dec 2025 – Sun 4 Jan 2026).
    const p = periodOf('2026-01-01', '2026-01-14', 'UTC', 'week');
    expect(keys(p)).toEqual([
      ['2026-W01', '2026-01-01T00:00:00.000Z', '2026-01-05T00:00:00.000Z'],
      ['2026-W02', '2026-01-05T00:00:00.000Z', '2026-01-12T00:00:00.000Z'],
      ['2026-W03', '2026-01-12T00:00:00.000Z', '2026-01-14T00:00:00.000Z'],
    ]);
  });

  it('cuts quarters in Berlin (the autumn DST change inside Q4)', () => {
    const p = periodOf('2026-07-01', '2027-01-01', 'Europe/Berlin', 'quarter');
    expect(keys(p)).toEqual([
      ['2026-Q3', '2026-06-30T22:00:00.000Z', '2026-09-30T22:00:00.000Z'],
      ['2026-Q4', '2026-09-30T22:00:00.000Z', '2026-12-31T23:00:00.000Z'],
    ]);
  });

  it('refuses an empty period, a bad date and an unknown zone', () => {
    expect(() => periodOf('2026-03-01', '2026-03-01', 'UTC', 'month')).toThrow(RangeError);
    expect(() => periodOf('2026-02-30', '2026-03-01', 'UTC', 'month')).toThrow(RangeError);
    expect(() => localMidnight('2026-03-01', 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('bucketOf', () => {
  const ny = periodOf('2026-10-01', '2026-12-01', 'America/New_York', 'month');

  it('places an instant by the zone’s calendar, not UTC’s', () => {
    // 03:30Z on 1 Nov is 23:30 EDT on 31 Oct: October in New York, November in UTC.
    expect(bucketOf(ny, new Date('2026-11-01T03:30:00Z'))).toBe('2026-10');
    expect(bucketOf(ny, new Date('2026-11-01T04:00:00Z'))).toBe('2026-11');
    // The fall-back hour (01:00–02:00 happens twice on 1 Nov) is inside November either way.
    expect(bucketOf(ny, new Date('2026-11-01T05:30:00Z'))).toBe('2026-11');
    expect(bucketOf(ny, new Date('2026-11-01T06:30:00Z'))).toBe('2026-11');
  });

  it('answers null outside the period; the start is in, the end is out', () => {
    expect(bucketOf(ny, new Date('2026-10-01T04:00:00Z'))).toBe('2026-10');
    expect(bucketOf(ny, new Date('2026-10-01T03:59:59.999Z'))).toBeNull();
    // December starts at 05:00Z (EST again).
    expect(bucketOf(ny, new Date('2026-12-01T04:59:59.999Z'))).toBe('2026-11');
    expect(bucketOf(ny, new Date('2026-12-01T05:00:00Z'))).toBeNull();
  });
});

describe('previousPeriod', () => {
  it('compares whole months with as many whole months before', () => {
    expect(previousPeriod('2026-01-01', '2026-04-01')).toEqual({ from: '2025-10-01', to: '2026-01-01' });
    expect(previousPeriod('2026-03-01', '2026-04-01')).toEqual({ from: '2026-02-01', to: '2026-03-01' });
  });

  it('compares other periods day for day', () => {
    expect(previousPeriod('2026-03-10', '2026-03-17')).toEqual({ from: '2026-03-03', to: '2026-03-10' });
  });
});
