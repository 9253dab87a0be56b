import { describe, expect, it } from 'vitest';
import { dayColor, dayLabel, formatUptime } from './status-view.ts';

describe('status page view helpers', () => {
  it('formats uptime without rounding a bad day up to 100 %', () => {
    expect(formatUptime(1)).toBe('100.00 %');
    expect(formatUptime(0.99999)).toBe('99.99 %');
    expect(formatUptime(0.875)).toBe('87.50 %');
    expect(formatUptime(0)).toBe('0.00 %');
    expect(formatUptime(null)).toBe('—');
  });
  it('labels and colours a day by its uptime and worst status', () => {
    expect(dayLabel({ date: '2026-11-21', uptime: 0.875, worst: 'major-outage', downtimeMs: 1 })).toBe(
      '2026-11-21: 87.50 % · Major outage',
    );
    expect(dayLabel({ date: '2026-11-22', uptime: 1, worst: 'operational', downtimeMs: 0 })).toBe(
      '2026-11-22: 100.00 %',
    );
    expect(dayLabel({ date: '2026-11-19', uptime: null, worst: null, downtimeMs: 0 })).toBe('2026-11-19: no data');
    expect(dayColor({ date: '2026-11-19', uptime: null, worst: null, downtimeMs: 0 })).toBe('gray');
    expect(dayColor({ date: '2026-11-21', uptime: 0.9, worst: 'degraded', downtimeMs: 0 })).toBe('yellow');
  });
});
