import { describe, expect, it } from 'vitest';
import { AnalyticsConfig, hourBands } from './config.ts';
import { hourClass, oncallLoad } from './oncall-load.ts';

describe('configured on-call hour bands (analytics.hours)', () => {
  it('defaults to business 09:00–18:00 Monday–Friday and sleep 22:00–07:00', () => {
    const bands = hourBands(AnalyticsConfig.parse({}).hours);
    expect(bands).toEqual({
      businessDays: [1, 2, 3, 4, 5],
      businessFrom: 540,
      businessTo: 1080,
      sleepFrom: 1320,
      sleepTo: 420,
    });
  });

  it('reads a Sunday–Thursday week, 08:00–17:00 business and 23:30–06:00 sleep', () => {
    const bands = hourBands(
      AnalyticsConfig.parse({
        hours: {
          business: { days: [7, 1, 2, 3, 4], from: '08:00', to: '17:00' },
          sleep: { from: '23:30', to: '06:00' },
        },
      }).hours,
    );
    // Sunday 8 Nov 2026 08:00 UTC: business with this week, off with the default one.
    expect(hourClass(new Date('2026-11-08T08:00:00Z'), 'UTC', bands)).toBe('business');
    expect(hourClass(new Date('2026-11-08T08:00:00Z'), 'UTC')).toBe('off');
    // Friday 6 Nov 10:00: off with this week.
    expect(hourClass(new Date('2026-11-06T10:00:00Z'), 'UTC', bands)).toBe('off');
    // 17:00 ends business; 23:29 is off, 23:30 sleep, 05:59 sleep, 06:00 off.
    expect(hourClass(new Date('2026-11-04T16:59:00Z'), 'UTC', bands)).toBe('business');
    expect(hourClass(new Date('2026-11-04T17:00:00Z'), 'UTC', bands)).toBe('off');
    expect(hourClass(new Date('2026-11-04T23:29:00Z'), 'UTC', bands)).toBe('off');
    expect(hourClass(new Date('2026-11-04T23:30:00Z'), 'UTC', bands)).toBe('sleep');
    expect(hourClass(new Date('2026-11-05T05:59:00Z'), 'UTC', bands)).toBe('sleep');
    expect(hourClass(new Date('2026-11-05T06:00:00Z'), 'UTC', bands)).toBe('off');
  });

  it('counts pages by the configured bands', () => {
    const bands = hourBands(AnalyticsConfig.parse({ hours: { sleep: { from: '00:00', to: '08:00' } } }).hours);
    const page = (iso: string) => ({ userId: 1, person: 'Ana', zone: 'Asia/Tokyo', at: new Date(iso) });
    // 22:30Z = 07:30 Tokyo (sleep with these bands, off by default); 01:00Z = 10:00 Tokyo Thursday (business).
    const v = oncallLoad(
      [page('2026-11-04T22:30:00Z'), page('2026-11-05T01:00:00Z')],
      new Date('2026-11-01T00:00:00Z'),
      new Date('2026-12-01T00:00:00Z'),
      bands,
    );
    expect(v.rows).toEqual([{ userId: 1, person: 'Ana', zone: 'Asia/Tokyo', pages: 2, business: 1, off: 0, sleep: 1 }]);
  });

  it('refuses a time that is not HH:MM and a weekday outside 1–7', () => {
    expect(AnalyticsConfig.safeParse({ hours: { sleep: { from: '24:00' } } }).success).toBe(false);
    expect(AnalyticsConfig.safeParse({ hours: { business: { days: [0] } } }).success).toBe(false);
  });
});
