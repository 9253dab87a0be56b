/**
 * Baselines of KPI watches (DESIGN §2 "KPI watch"): what a KPI is compared with, and the drop against it.
 *
 * - `offset`: the KPI's own value `offset` earlier (usually one day or one week: the same time of day /
 *   week, so daily and weekly cycles cancel out);
 * - `median`: the median of the values at `t - k·period` for k = 1…`windows`, ignoring missing ones, as
 *   long as at least half of them exist (one odd past day — a holiday, an outage — does not skew it);
 * - `static`: a fixed value.
 *
 * Pure: callers supply the past values through a lookup (Prometheus, or stored pushed samples).
 */
import type { KpiBaseline } from './config.ts';

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * A Prometheus duration of one unit (`30s`, `5m`, `1h`, `1d`, `1w` — the form the config accepts) in ms.
 * @throws Error for any other form
 */
export function durationMs(duration: string): number {
  const m = /^(\d+)([smhdw])$/.exec(duration);
  if (!m) throw new Error(`not a Prometheus duration: ${JSON.stringify(duration)} (use e.g. 30s, 5m, 1d, 1w)`);
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

/**
 * The past instants a baseline needs for the KPI at `at`: `[at − offset]` for `offset`; `[at − period,
 * at − 2·period, …, at − windows·period]` (newest first) for `median`; none for `static`.
 */
export function baselineTimes(baseline: KpiBaseline, at: Date): Date[] {
  const t = at.getTime();
  switch (baseline.kind) {
    case 'offset':
      return [new Date(t - durationMs(baseline.offset))];
    case 'median': {
      const period = durationMs(baseline.period);
      return Array.from({ length: baseline.windows }, (_, i) => new Date(t - (i + 1) * period));
    }
    case 'static':
      return [];
  }
}

/** The median of a non-empty list (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/** A baseline value, or why there is none (shown on the watch as "no data"). */
export type BaselineValue = { value: number } | { value: null; reason: string };

/**
 * Combines the past values of `baselineTimes` (same order; null = no value there) into the baseline.
 * A median needs at least half of its windows (rounded up) to have a value.
 */
export function combineBaseline(baseline: KpiBaseline, past: ReadonlyArray<number | null>): BaselineValue {
  switch (baseline.kind) {
    case 'static':
      return { value: baseline.value };
    case 'offset': {
      const v = past[0];
      return v === null || v === undefined
        ? { value: null, reason: `no baseline: the KPI has no value ${baseline.offset} earlier` }
        : { value: v };
    }
    case 'median': {
      const present = past.filter((v): v is number => v !== null && Number.isFinite(v));
      const need = Math.ceil(baseline.windows / 2);
      if (present.length < need) {
        return {
          value: null,
          reason:
            `no baseline: ${present.length} of the last ${baseline.windows} windows (${baseline.period} apart) have a ` +
            `value; the median needs at least ${need}`,
        };
      }
      return { value: median(present) };
    }
  }
}

/**
 * Resolves the baseline of the KPI at `at`, reading past values through `lookup` (called once, with the
 * instants of `baselineTimes`, never for a static baseline).
 */
export async function resolveBaseline(
  baseline: KpiBaseline,
  at: Date,
  lookup: (times: Date[]) => Promise<Array<number | null>>,
): Promise<BaselineValue> {
  const times = baselineTimes(baseline, at);
  return combineBaseline(baseline, times.length === 0 ? [] : await lookup(times));
}

/**
 * The drop of `value` against `baseline` in percent: `(baseline − value) / baseline × 100`; negative when
 * the KPI is above its baseline. Null when the baseline is not positive (no meaningful drop).
 */
export function dropPercent(value: number, baseline: number): number | null {
  if (!(baseline > 0)) return null;
  return ((baseline - value) / baseline) * 100;
}

/**
 * The value of the sample nearest to `at` among `samples` (ascending by `at`, ms), if one lies within
 * `toleranceMs`; on a tie the earlier one. Used for pushed samples ("the stored sample at t − offset").
 */
export function nearestValue(
  samples: ReadonlyArray<{ at: number; value: number }>,
  at: number,
  toleranceMs: number,
): number | null {
  let lo = 0;
  let hi = samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (samples[mid]!.at < at) lo = mid + 1;
    else hi = mid;
  }
  let best: { at: number; value: number } | undefined;
  for (const s of [samples[lo - 1], samples[lo]]) {
    if (!s || Math.abs(s.at - at) > toleranceMs) continue;
    if (!best || Math.abs(s.at - at) < Math.abs(best.at - at)) best = s;
  }
  return best ? best.value : null;
}
