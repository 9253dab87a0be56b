/**
 * Pushed KPI samples (`POST /api/v1/kpi-watches/{id}/samples`, for `source: push` watches) and the samples
 * of any watch for charts.
 */
import type { KpiSample } from '@faultline/contracts';
import { authorizeCtx as authorize, type Runtime, type Verb } from '../kernel/index.ts';
import { AppError, validationError } from '../lib/index.ts';
import { baselineTimes } from './baseline.ts';
import { pushedBaseline } from './measure.ts';
import { chartSamples, lockWatchState, samplesBetween, upsertSamples, waitingEvaluations } from './store.ts';
import { enqueueJob } from '../engine/index.ts';
import { requireWatch } from './watches.ts';

/** How far ahead of the server's clock a pushed sample may be (clock skew between hosts). */
export const MAX_FUTURE_MS = 60_000;

/** The most points `kpiSamplesFor` returns; longer ranges are thinned evenly. */
export const MAX_CHART_POINTS = 5_000;

export interface PushInput {
  /** The watch's id (config `kpiWatches[].id`). */
  watchId: string;
  samples: ReadonlyArray<{ at?: string | undefined; value: number }>;
}

/**
 * Stores pushed samples with their baselines and asks for an evaluation now.
 *
 * A sample without `at` is taken at the server's time. Its baseline: static as configured; for offset and
 * median baselines, the watch's stored samples (including earlier ones of the same request) at
 * `at − offset` / `at − k·period`, the nearest within one interval. A sample at an instant that already has
 * one replaces it.
 * @returns the number of samples stored
 * Needs `incident:respond`.
 * @throws AppError FORBIDDEN; NOT_FOUND (unknown watch), CONFLICT (a prometheus watch), VALIDATION (a sample
 *   in the future)
 */
export async function pushKpiSamples({ ctx: vctx, input }: Verb<PushInput>): Promise<number> {
  authorize(vctx, 'incident:respond');
  const { watchId } = input;
  const ctx = requireWatch(vctx.config, watchId);
  const { watch } = ctx;
  if (watch.source !== 'push') {
    throw new AppError(
      'CONFLICT',
      `KPI watch ${watchId} reads Prometheus (source: prometheus); only push watches take samples`,
    );
  }
  const now = vctx.clock.now();
  const fields = input.samples.flatMap((s, i) =>
    s.at !== undefined && new Date(s.at).getTime() > now.getTime() + MAX_FUTURE_MS
      ? [
          {
            path: `samples.${i}.at`,
            message: `more than ${MAX_FUTURE_MS / 1000} s in the future (server time ${now.toISOString()})`,
          },
        ]
      : [],
  );
  if (fields.length > 0) throw validationError(fields, 'samples');

  // Oldest first, so a request may carry its own history: later samples find baselines among earlier ones.
  const pushed = input.samples
    .map((s) => ({ at: s.at === undefined ? now : new Date(s.at), value: s.value }))
    .sort((a, b) => a.at.getTime() - b.at.getTime());

  await vctx.tx.transaction(async (tx) => {
    await lockWatchState(tx, watchId);
    const history = await baselineHistory(tx, ctx.watch, pushed, ctx.intervalMs);
    const rows = pushed.map((s) => {
      const b = pushedBaseline(watch, s.at, history);
      return { watchId, at: s.at, value: s.value, baseline: b.value, source: 'push' as const };
    });
    await upsertSamples(tx, rows);
    // One evaluation due now is enough however many pushes arrive before it runs.
    if ((await waitingEvaluations(tx, watchId, now, now)) === 0)
      await enqueueJob(tx, 'kpi.evaluate', { watchId }, now, now);
  });
  vctx.rt.wakeEngine();
  return pushed.length;
}

/**
 * The samples a batch's baselines can use: stored ones around every instant the baselines look at, plus
 * the batch itself; ascending by time.
 */
async function baselineHistory(
  db: Runtime['db'],
  watch: Parameters<typeof pushedBaseline>[0],
  pushed: ReadonlyArray<{ at: Date; value: number }>,
  intervalMs: number,
): Promise<Array<{ at: number; value: number }>> {
  if (watch.baseline.kind === 'static' || pushed.length === 0) return [];
  const first = pushed[0]!.at;
  const last = pushed.at(-1)!.at;
  // One range per lookback distance (1 for offset, `windows` for median), each spanning the batch.
  const firstTimes = baselineTimes(watch.baseline, first);
  const lastTimes = baselineTimes(watch.baseline, last);
  const byAt = new Map<number, number>();
  for (let k = 0; k < firstTimes.length; k++) {
    const from = new Date(firstTimes[k]!.getTime() - intervalMs);
    const to = new Date(lastTimes[k]!.getTime() + intervalMs);
    for (const s of await samplesBetween(db, watch.id, from, to)) byAt.set(s.at.getTime(), s.value);
  }
  for (const s of pushed) byAt.set(s.at.getTime(), s.value);
  return [...byAt].map(([at, value]) => ({ at, value })).sort((a, b) => a.at - b.at);
}

/**
 * The watch's samples between `from` and `to` (default: the last two hours), oldest first, at most
 * MAX_CHART_POINTS (thinned evenly). Needs `incident:read`.
 * @throws AppError FORBIDDEN; NOT_FOUND; VALIDATION when `from` is after `to`
 */
export async function kpiSamplesFor({
  ctx,
  input: range,
}: Verb<{ watchId: string; from?: string | undefined; to?: string | undefined }>): Promise<KpiSample[]> {
  authorize(ctx, 'incident:read');
  const { watchId } = range;
  requireWatch(ctx.config, watchId);
  const to = range.to ? new Date(range.to) : ctx.clock.now();
  const from = range.from ? new Date(range.from) : new Date(to.getTime() - 2 * 3_600_000);
  if (from.getTime() > to.getTime())
    throw validationError([{ path: 'from', message: 'must not be after to' }], 'time range');
  const list = await chartSamples(ctx.tx, watchId, from, to, MAX_CHART_POINTS);
  return list.map((s) => ({ at: s.at.toISOString(), value: s.value, baseline: s.baseline }));
}
