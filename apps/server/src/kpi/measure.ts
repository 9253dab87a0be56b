/**
 * One measurement of a KPI watch: the KPI's value now and its baseline, from Prometheus or from the
 * pushed samples. Measuring never throws for a problem of the data source: it answers `error` (the
 * source failed: unreachable, invalid PromQL, several series …) or `no-data` (nothing to compare).
 */
import type { KpiWatchConfig } from './config.ts';
import {
  baselineTimes,
  combineBaseline,
  dropPercent,
  nearestValue,
  resolveBaseline,
  type BaselineValue,
} from './baseline.ts';
import { PrometheusError, type PrometheusClient } from './prometheus.ts';
import { redactText } from '../lib/index.ts';

export type Measurement =
  /** A value and a baseline: `drop` is in percent, negative above the baseline. */
  | { kind: 'value'; value: number; baseline: number; drop: number }
  /** A value but no usable baseline (no history yet, or a baseline of 0). */
  | { kind: 'no-baseline'; value: number; baseline: number | null; reason: string }
  /** No current value. */
  | { kind: 'no-data'; reason: string }
  /** The source failed; `message` says how. */
  | { kind: 'error'; message: string };

/** Combines a value and a baseline into a measurement. */
export function compare(value: number, baseline: BaselineValue): Measurement {
  if (baseline.value === null) return { kind: 'no-baseline', value, baseline: null, reason: baseline.reason };
  const drop = dropPercent(value, baseline.value);
  if (drop === null) {
    return {
      kind: 'no-baseline',
      value,
      baseline: baseline.value,
      reason: `the baseline is ${baseline.value}: no drop can be measured against it`,
    };
  }
  return { kind: 'value', value, baseline: baseline.value, drop };
}

/**
 * Past values of a PromQL query at the given instants: one instant query for one instant, else one range
 * query stepping by the (constant) distance between them, so a 12-window median costs one request.
 */
export async function pastValues(
  client: PrometheusClient,
  query: string,
  times: readonly Date[],
): Promise<Array<number | null>> {
  if (times.length === 1) return [await client.instant(query, times[0]!)];
  const ms = times.map((t) => t.getTime());
  const start = Math.min(...ms);
  const end = Math.max(...ms);
  const stepMs = Math.abs(ms[0]! - ms[1]!);
  const points = await client.range(query, new Date(start), new Date(end), stepMs / 1000);
  const found = points.map((p) => ({ at: p.at.getTime(), value: p.value }));
  return ms.map((t) => nearestValue(found, t, Math.min(stepMs / 2, 1_000)));
}

/**
 * Measures a Prometheus watch at `at`: the query now and its baseline, both requests at once.
 * Errors of the baseline query are reported as such (`baseline: …`).
 */
export async function measurePrometheus(
  client: PrometheusClient,
  watch: KpiWatchConfig,
  at: Date,
): Promise<Measurement> {
  const query = watch.query!;
  const [current, baseline] = await Promise.allSettled([
    client.instant(query, at),
    resolveBaseline(watch.baseline, at, (times) => pastValues(client, query, times)),
  ]);
  if (current.status === 'rejected') return { kind: 'error', message: errorMessage(current.reason) };
  if (current.value === null) {
    return { kind: 'no-data', reason: 'the query returned no data (an empty result, NaN or ±Inf)' };
  }
  if (baseline.status === 'rejected') return { kind: 'error', message: `baseline: ${errorMessage(baseline.reason)}` };
  return compare(current.value, baseline.value);
}

function errorMessage(err: unknown): string {
  if (err instanceof PrometheusError) return err.message;
  return redactText(err instanceof Error ? err.message : String(err));
}

/**
 * The baseline of a pushed sample at `at`: static as configured; offset and median from the watch's
 * stored samples at `at − offset` (or `at − k·period`), the nearest one within one interval.
 * @param history the watch's samples around the instants the baseline needs, ascending by `at` (ms)
 */
export function pushedBaseline(
  watch: KpiWatchConfig,
  at: Date,
  history: ReadonlyArray<{ at: number; value: number }>,
): BaselineValue {
  const tolerance = watch.everySeconds * 1000;
  const past = baselineTimes(watch.baseline, at).map((t) => nearestValue(history, t.getTime(), tolerance));
  return combineBaseline(watch.baseline, past);
}
