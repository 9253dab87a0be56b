/**
 * Summary statistics of durations. Percentiles use linear interpolation between closest ranks (Hyndman and
 * Fan's type 7: numpy's default, Excel's PERCENTILE.INC), so the median of an even count is the mean of the
 * two middle values and p90 of one value is that value.
 */
import type { DurationStat } from '@faultline/contracts';

/**
 * The p-quantile of values already sorted ascending.
 * @param sorted ascending, at least one value
 * @param p 0…1
 */
export function quantile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no values');
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * n, median, p90 and mean of `values` (ms); all null but n when there are none. Results are rounded to whole
 * milliseconds.
 */
export function summarize(values: readonly number[]): DurationStat {
  if (values.length === 0) return { n: 0, median: null, p90: null, mean: null };
  // A typed array sorts numerically without a comparator call per pair (a year's review sorts 100,000s).
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    n: sorted.length,
    median: Math.round(quantile(sorted, 0.5)),
    p90: Math.round(quantile(sorted, 0.9)),
    mean: Math.round(sum / sorted.length),
  };
}

/** `count ÷ n`, or null when n is 0. */
export function rate(count: number, n: number): number | null {
  return n === 0 ? null : count / n;
}
