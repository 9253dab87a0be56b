import { describe, expect, it } from 'vitest';
import { hourClass, oncallLoad } from './oncall-load.ts';

describe('hourClass', () => {
  it('reads the hour in the person’s own zone', () => {
    // 14:00Z on Wednesday 4 Nov 2026: 09:00 in New York (business), 23:00 in Tokyo (sleep), 15:00 in Berlin.
    const at = new Date('2026-11-04T14:00:00Z');
    expect(hourClass(at, 'America/New_York')).toBe('business');
    expect(hourClass(at, 'Asia/Tokyo')).toBe('sleep');
    expect(hourClass(at, 'Europe/Berlin')).toBe('business');
  });

  it('business hours end at 18:00, sleep runs 22:00–07:00, weekends are off hours by day', () => {
    expect(hourClass(new Date('2026-11-04T17:59:00Z'), 'UTC')).toBe('business');
    expect(hourClass(new Date('2026-11-04T18:00:00Z'), 'UTC')).toBe('off');
    expect(hourClass(new Date('2026-11-04T22:00:00Z'), 'UTC')).toBe('sleep');
    expect(hourClass(new Date('2026-11-05T06:59:00Z'), 'UTC')).toBe('sleep');
    expect(hourClass(new Date('2026-11-05T07:00:00Z'), 'UTC')).toBe('off');
    // Saturday 7 Nov, noon: off; Saturday 03:00: sleep.
    expect(hourClass(new Date('2026-11-07T12:00:00Z'), 'UTC')).toBe('off');
    expect(hourClass(new Date('2026-11-07T03:00:00Z'), 'UTC')).toBe('sleep');
  });

  it('follows the person’s DST: 08:30 UTC is 09:30 in London in winter, 09:30 local in summer is 08:30Z', () => {
    expect(hourClass(new Date('2026-01-07T08:30:00Z'), 'Europe/London')).toBe('off'); // 08:30 GMT
    expect(hourClass(new Date('2026-07-08T08:30:00Z'), 'Europe/London')).toBe('business'); // 09:30 BST
  });
});

describe('oncallLoad', () => {
  const start = new Date('2026-11-01T00:00:00Z');
  const end = new Date('2026-12-01T00:00:00Z');
  it('counts pages per person by class, most paged first, only inside the period', () => {
    const v = oncallLoad(
      [
        { userId: 1, person: 'Ana', zone: 'America/New_York', at: new Date('2026-11-04T14:00:00Z') },
        { userId: 1, person: 'Ana', zone: 'America/New_York', at: new Date('2026-11-05T07:00:00Z') }, // 02:00 EST
        { userId: 2, person: 'Ken', zone: 'Asia/Tokyo', at: new Date('2026-11-04T14:00:00Z') },
        { userId: 2, person: 'Ken', zone: 'Asia/Tokyo', at: new Date('2026-10-31T23:00:00Z') }, // before the period
        { userId: 3, person: 'Zoe', zone: 'Nowhere/Land', at: new Date('2026-11-07T12:00:00Z') },
      ],
      start,
      end,
    );
    expect(v.n).toBe(4);
    expect(v.rows).toEqual([
      { userId: 1, person: 'Ana', zone: 'America/New_York', pages: 2, business: 1, off: 0, sleep: 1 },
      { userId: 2, person: 'Ken', zone: 'Asia/Tokyo', pages: 1, business: 0, off: 0, sleep: 1 },
      { userId: 3, person: 'Zoe', zone: 'UTC', pages: 1, business: 0, off: 1, sleep: 0 },
    ]);
  });
});
