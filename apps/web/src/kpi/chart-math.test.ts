import { describe, expect, it } from 'vitest';
import {
  chartRows,
  dropPercent,
  formatDropPct,
  formatKpiValue,
  incidentChartWindow,
  linePath,
  medianGap,
  nearestIndex,
  niceTicks,
  timeTicks,
  valueRange,
} from './chart-math.ts';

describe('incidentChartWindow', () => {
  const now = Date.parse('2026-11-21T15:00:20Z');
  it('runs from an hour before the incident opened to now', () => {
    expect(incidentChartWindow({ createdAt: '2026-11-21T14:10:30Z', mitigatedAt: null }, now)).toEqual({
      from: '2026-11-21T13:10:00.000Z',
      to: '2026-11-21T15:01:00.000Z',
    });
  });
  it('ends 30 minutes after mitigation, never past now', () => {
    expect(
      incidentChartWindow({ createdAt: '2026-11-21T12:00:00Z', mitigatedAt: '2026-11-21T13:00:00Z' }, now).to,
    ).toBe('2026-11-21T13:30:00.000Z');
    expect(
      incidentChartWindow({ createdAt: '2026-11-21T14:00:00Z', mitigatedAt: '2026-11-21T14:50:00Z' }, now).to,
    ).toBe('2026-11-21T15:01:00.000Z');
  });
});

describe('niceTicks', () => {
  it('covers the range with round steps', () => {
    expect(niceTicks(0, 1234, 4)).toEqual([0, 500, 1000, 1500]);
    expect(niceTicks(0, 1, 4)).toEqual([0, 0.5, 1]);
  });
  it('widens a flat range', () => {
    expect(niceTicks(5, 5, 4).length).toBeGreaterThan(1);
  });
});

describe('timeTicks', () => {
  it('puts ticks on round times, at most the number asked for', () => {
    const from = Date.parse('2026-11-21T14:03:00Z');
    const to = Date.parse('2026-11-21T15:58:00Z');
    const ticks = timeTicks(from, to, 6);
    expect(ticks.length).toBeLessThanOrEqual(6);
    for (const tick of ticks) expect(new Date(tick).getUTCMinutes() % 30).toBe(0);
  });
});

describe('series helpers', () => {
  const samples = [
    { at: '2026-11-21T14:00:00Z', value: 100, baseline: 120 },
    { at: '2026-11-21T14:01:00Z', value: 80, baseline: null },
  ];
  it('ranges values and baselines from zero', () => {
    expect(valueRange(samples)).toEqual({ min: 0, max: 120 });
  });
  it('finds the nearest sample', () => {
    expect(nearestIndex([0, 10, 20], 14)).toBe(1);
    expect(nearestIndex([0, 10, 20], 16)).toBe(2);
    expect(nearestIndex([], 5)).toBe(-1);
  });
  it('breaks the line at missing values and long gaps', () => {
    const path = linePath(
      [
        { t: 0, v: 1 },
        { t: 1, v: 2 },
        { t: 2, v: null },
        { t: 3, v: 3 },
        { t: 10, v: 4 },
      ],
      (t) => t,
      (v) => v,
      2,
    );
    expect(path).toBe('M0.0 1.0 L1.0 2.0 M3.0 3.0 M10.0 4.0');
    expect(medianGap([0, 1, 2, 10])).toBe(1);
  });
  it('formats values and drops', () => {
    expect(formatKpiValue(1234.5)).toBe('1,235');
    expect(formatKpiValue(2_500_000)).toBe('2.5M');
    expect(formatKpiValue(12.34)).toBe('12.3');
    expect(formatKpiValue(null)).toBe('—');
    expect(formatDropPct(35.04)).toBe('35 %');
    expect(dropPercent(60, 80)).toBe(25);
    expect(dropPercent(60, null)).toBeNull();
  });
});

describe('chartRows', () => {
  it('breaks the line inside a gap wider than the limit', () => {
    const s = (at: string, value: number) => ({ at, value, baseline: 100 });
    const rows = chartRows(
      [s('2026-11-21T12:00:00Z', 90), s('2026-11-21T12:01:00Z', 91), s('2026-11-21T12:10:00Z', 92)],
      3 * 60_000,
    );
    expect(rows.map((r) => r.value)).toEqual([90, 91, null, 92]);
    expect(rows[2]!.t).toBe(Date.parse('2026-11-21T12:05:30Z'));
  });
});
