/** Runs a load phase on worker threads and merges their results. */
import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import type { StreamOptions, Target } from './alerts.ts';
import type { WorkerConfig, WorkerDone, WorkerProgress } from './load-types.ts';
import { concat, percentile, sortedCopy } from './stats.ts';

export interface LoadSpec {
  url: string;
  target: Target;
  stream: StreamOptions;
  batch: number;
  mode: 'closed' | 'open';
  /** Closed loop: total connections (split across threads). */
  concurrency: number;
  /** Open loop: total alerts per second. */
  alertRate: number;
  workers: number;
  warmupS: number;
  durationS: number;
  timeoutMs: number;
}

export interface LoadResult {
  /** Alerts answered 2xx per second of the window. */
  alertsPerS: number;
  requestsPerS: number;
  p50: number;
  p99: number;
  max: number;
  /** Non-2xx answers and network errors in the window. */
  errorsWindow: number;
  /** Every alert answered 2xx, warm-up and tail included (what the server must converge). */
  okAlertsTotal: number;
  errorsTotal: number;
  statusCounts: Record<string, number>;
  errorSamples: Record<string, string>;
  /** CPU of the whole benchmark process over the window, % of one core. */
  generatorCpuPct: number;
  /** Highest event-loop utilisation of a load thread over the window (0–1); near 1 means the generator saturates. */
  generatorElu: number;
  lateSends: number;
  /** Epoch ms when the last answer arrived. */
  lastAnswerAt: number;
}

export interface LoadHooks {
  /** Called about every 500 ms with totals so far. */
  onProgress?(p: { elapsedS: number; okAlerts: number; errors: number; inflight: number }): void;
  /** Called at the start and the end of the measurement window (sample the server there). */
  onWindowStart?(): void;
  onWindowEnd?(): void;
}

const now = (): number => performance.timeOrigin + performance.now();

export async function runLoad(spec: LoadSpec, hooks: LoadHooks = {}): Promise<LoadResult> {
  const startAt = now() + 300;
  const measureFrom = startAt + spec.warmupS * 1000;
  const measureTo = measureFrom + spec.durationS * 1000;
  const workers = Math.max(1, spec.workers);
  const progress: WorkerProgress[] = [];
  let benchCpuUs = 0;
  const results = await new Promise<WorkerDone[]>((resolve, reject) => {
    const done: WorkerDone[] = [];
    const finished = new Set<number>();
    let cpu0 = process.cpuUsage();
    let started = false;
    let ended = false;
    const windowStart = () => {
      if (started) return;
      started = true;
      cpu0 = process.cpuUsage();
      hooks.onWindowStart?.();
    };
    // Also called when the threads report before this thread's timer fired (both are due at measureTo).
    const windowEnd = () => {
      if (ended) return;
      ended = true;
      windowStart();
      const c = process.cpuUsage(cpu0);
      benchCpuUs = c.user + c.system;
      hooks.onWindowEnd?.();
    };
    const t1 = setTimeout(windowStart, measureFrom - now());
    const t2 = setTimeout(windowEnd, measureTo - now());
    const tick = setInterval(() => {
      const okAlerts = progress.reduce((n, p) => n + (p?.okAlertsTotal ?? 0), 0);
      const errors = progress.reduce((n, p) => n + (p?.errorsTotal ?? 0), 0);
      const inflight = progress.reduce((n, p) => n + (p?.inflight ?? 0), 0);
      hooks.onProgress?.({ elapsedS: Math.max(0, (now() - startAt) / 1000), okAlerts, errors, inflight });
    }, 500);
    for (let w = 0; w < workers; w++) {
      const share = (total: number) => Math.floor(total / workers) + (w < total % workers ? 1 : 0);
      const cfg: WorkerConfig = {
        url: spec.url,
        target: spec.target,
        stream: spec.stream,
        batch: spec.batch,
        mode: spec.mode,
        concurrency: Math.max(1, share(spec.concurrency)),
        rate: spec.alertRate / spec.batch / workers,
        maxInflight: Math.max(64, Math.ceil(1024 / workers)),
        workerIndex: w,
        workers,
        startAt,
        measureFrom,
        measureTo,
        timeoutMs: spec.timeoutMs,
      };
      const worker = new Worker(new URL('./load-worker.ts', import.meta.url), { workerData: cfg });
      worker.on('message', (m: WorkerProgress | WorkerDone) => {
        if (m.type === 'progress') progress[w] = m;
        else {
          finished.add(w);
          done.push(m);
          if (done.length === workers) {
            clearInterval(tick);
            clearTimeout(t1);
            clearTimeout(t2);
            windowEnd();
            resolve(done);
          }
        }
      });
      worker.on('error', (e) => {
        clearInterval(tick);
        reject(e);
      });
      worker.on('exit', (code) => {
        if (!finished.has(w)) {
          clearInterval(tick);
          reject(new Error(`load thread ${w} exited with code ${code}`));
        }
      });
    }
  });
  const windowS = spec.durationS;
  const lat = sortedCopy(concat(results.map((r) => r.latencies)));
  const merged = <K extends 'statusCounts' | 'errorSamples'>(key: K) => {
    const out: Record<string, number | string> = {};
    for (const r of results) {
      for (const [k, v] of Object.entries(r[key])) {
        if (typeof v === 'number') out[k] = ((out[k] as number | undefined) ?? 0) + v;
        else out[k] ??= v;
      }
    }
    return out;
  };
  return {
    alertsPerS: results.reduce((n, r) => n + r.okAlertsWindow, 0) / windowS,
    requestsPerS: results.reduce((n, r) => n + r.okRequestsWindow, 0) / windowS,
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    max: lat.length ? lat[lat.length - 1]! : Number.NaN,
    errorsWindow: results.reduce((n, r) => n + r.errorsWindow, 0),
    okAlertsTotal: results.reduce((n, r) => n + r.okAlertsTotal, 0),
    errorsTotal: results.reduce((n, r) => n + r.errorsTotal, 0),
    statusCounts: merged('statusCounts') as Record<string, number>,
    errorSamples: merged('errorSamples') as Record<string, string>,
    generatorCpuPct: (benchCpuUs / (windowS * 1e6)) * 100,
    generatorElu: Math.max(...results.map((r) => r.elu)),
    lateSends: results.reduce((n, r) => n + r.lateSends, 0),
    lastAnswerAt: Math.max(...results.map((r) => r.lastAnswerAt)),
  };
}
