import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  baselineTimes,
  combineBaseline,
  dropPercent,
  durationMs,
  median,
  nearestValue,
  resolveBaseline,
} from './baseline.ts';

const T = new Date('2026-11-21T12:00:00Z');
const H = 3_600_000;

describe('Prometheus durations', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', H],
    ['1d', 24 * H],
    ['1w', 7 * 24 * H],
  ])('%s = %i ms', (d, ms) => expect(durationMs(d)).toBe(ms));

  it('refuses other forms', () => {
    for (const d of ['1', '1y', '1h30m', '', '-1d', '1.5h'])
      expect(() => durationMs(d)).toThrow(/not a Prometheus duration/);
  });
});

describe('baseline instants', () => {
  it('offset: the KPI one offset earlier', () => {
    expect(baselineTimes({ kind: 'offset', offset: '1w' }, T)).toEqual([new Date(T.getTime() - 7 * 24 * H)]);
  });
  it('median: t − k·period for k = 1…windows, newest first', () => {
    expect(baselineTimes({ kind: 'median', period: '1d', windows: 3 }, T)).toEqual([
      new Date(T.getTime() - 24 * H),
      new Date(T.getTime() - 48 * H),
      new Date(T.getTime() - 72 * H),
    ]);
  });
  it('static: none', () => expect(baselineTimes({ kind: 'static', value: 5 }, T)).toEqual([]));
});

describe('combining past values', () => {
  it('static is the configured value whatever the past', () => {
    expect(combineBaseline({ kind: 'static', value: 1000 }, [])).toEqual({ value: 1000 });
  });
  it('offset is the past value, or no data naming the offset', () => {
    expect(combineBaseline({ kind: 'offset', offset: '1d' }, [80])).toEqual({ value: 80 });
    expect(combineBaseline({ kind: 'offset', offset: '1d' }, [null])).toEqual({
      value: null,
      reason: 'no baseline: the KPI has no value 1d earlier',
    });
  });
  it('median ignores missing windows', () => {
    expect(combineBaseline({ kind: 'median', period: '1w', windows: 4 }, [100, null, 90, 300])).toEqual({ value: 100 });
    expect(combineBaseline({ kind: 'median', period: '1w', windows: 4 }, [100, null, null, 300])).toEqual({
      value: 200,
    });
  });
  it('median needs at least half of its windows (rounded up)', () => {
    expect(combineBaseline({ kind: 'median', period: '1d', windows: 5 }, [1, 2, null, null, null])).toMatchObject({
      value: null,
      reason: expect.stringMatching(/2 of the last 5 windows \(1d apart\).*at least 3/),
    });
    expect(combineBaseline({ kind: 'median', period: '1d', windows: 5 }, [1, 2, 3, null, null])).toEqual({ value: 2 });
  });
  it('resolveBaseline asks the lookup for the baseline instants, never for a static baseline', async () => {
    const asked: Date[][] = [];
    const lookup = async (times: Date[]) => {
      asked.push(times);
      return times.map((_, i) => 10 * (i + 1));
    };
    expect(await resolveBaseline({ kind: 'median', period: '1h', windows: 3 }, T, lookup)).toEqual({ value: 20 });
    expect(await resolveBaseline({ kind: 'static', value: 7 }, T, lookup)).toEqual({ value: 7 });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toHaveLength(3);
  });
});

describe('median', () => {
  it('odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('lies between the smallest and the largest value (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1 }), (v) => {
        const m = median(v);
        return m >= Math.min(...v) && m <= Math.max(...v);
      }),
    );
  });
});

describe('drop against the baseline', () => {
  it('is (baseline − value) / baseline × 100', () => {
    expect(dropPercent(65, 100)).toBeCloseTo(35);
    expect(dropPercent(640, 1000)).toBeCloseTo(36);
    expect(dropPercent(100, 100)).toBe(0);
  });
  it('is negative above the baseline', () => expect(dropPercent(120, 100)).toBeCloseTo(-20));
  it('is undefined (null) against a baseline of 0 or less', () => {
    expect(dropPercent(5, 0)).toBeNull();
    expect(dropPercent(5, -1)).toBeNull();
  });
});

describe('nearest stored sample', () => {
  const samples = [
    { at: 1_000, value: 1 },
    { at: 2_000, value: 2 },
    { at: 4_000, value: 4 },
  ];
  it('picks the nearest within the tolerance; the earlier on a tie', () => {
    expect(nearestValue(samples, 2_100, 500)).toBe(2);
    expect(nearestValue(samples, 3_000, 1_000)).toBe(2);
    expect(nearestValue(samples, 3_600, 1_000)).toBe(4);
    expect(nearestValue(samples, 0, 1_000)).toBe(1);
    expect(nearestValue(samples, 9_000, 1_000)).toBeNull();
    expect(nearestValue([], 1, 1_000)).toBeNull();
  });
  it('agrees with a linear scan (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { maxLength: 30 }),
        fc.integer({ min: -100, max: 10_100 }),
        fc.integer({ min: 0, max: 2_000 }),
        (ats, at, tol) => {
          const sorted = ats.sort((a, b) => a - b).map((t) => ({ at: t, value: t }));
          let best: number | null = null;
          for (const s of sorted) {
            const d = Math.abs(s.at - at);
            if (d <= tol && (best === null || d < Math.abs(best - at))) best = s.at;
          }
          return nearestValue(sorted, at, tol) === best;
        },
      ),
    );
  });
});
