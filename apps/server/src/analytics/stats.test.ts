import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantile, rate, summarize } from './stats.ts';

describe('summarize', () => {
  it('computes hand-checked median, p90 and mean', () => {
    // Sorted 1..10 minutes: median (5+6)/2 = 5.5; p90 at rank 0.9×9 = 8.1 → 9 + 0.1×(10−9) = 9.1; mean 5.5.
    const min = 60_000;
    const v = [3, 1, 2, 10, 4, 5, 6, 7, 8, 9].map((m) => m * min);
    expect(summarize(v)).toEqual({ n: 10, median: 5.5 * min, p90: 9.1 * min, mean: 5.5 * min });
  });

  it('one value is its own median and p90; none gives nulls', () => {
    expect(summarize([42])).toEqual({ n: 1, median: 42, p90: 42, mean: 42 });
    expect(summarize([])).toEqual({ n: 0, median: null, p90: null, mean: null });
  });

  it('an odd count takes the middle value; a long tail moves the mean, not the median', () => {
    expect(summarize([1000, 2000, 300_000])).toEqual({ n: 3, median: 2000, p90: 240_400, mean: 101_000 });
  });

  it('min ≤ median ≤ p90 ≤ max and min ≤ mean ≤ max, whatever the order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 ** 9 }), { minLength: 1, maxLength: 200 }), (v) => {
        const s = summarize(v);
        const min = Math.min(...v);
        const max = Math.max(...v);
        expect(s.n).toBe(v.length);
        expect(s.median!).toBeGreaterThanOrEqual(min);
        expect(s.p90!).toBeGreaterThanOrEqual(s.median!);
        expect(s.p90!).toBeLessThanOrEqual(max);
        expect(s.mean!).toBeGreaterThanOrEqual(min);
        expect(s.mean!).toBeLessThanOrEqual(max);
        expect(summarize([...v].reverse())).toEqual(s);
      }),
    );
  });
});

describe('quantile', () => {
  it('interpolates between closest ranks (type 7)', () => {
    expect(quantile([10, 20, 30, 40], 0.5)).toBe(25);
    expect(quantile([10, 20, 30, 40], 0)).toBe(10);
    expect(quantile([10, 20, 30, 40], 1)).toBe(40);
    expect(() => quantile([], 0.5)).toThrow(RangeError);
  });
});

describe('rate', () => {
  it('is null over zero', () => {
    expect(rate(0, 0)).toBeNull();
    expect(rate(1, 4)).toBe(0.25);
  });
});
