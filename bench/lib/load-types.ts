/** Messages between the benchmark's main thread and its load-generator threads. */
import type { StreamOptions, Target } from './alerts.ts';

export interface WorkerConfig {
  url: string;
  target: Target;
  stream: StreamOptions;
  /** Alerts per request. */
  batch: number;
  /** `closed`: fixed concurrency, as fast as answered; `open`: fixed request rate. */
  mode: 'closed' | 'open';
  /** Closed loop: connections of this thread. */
  concurrency: number;
  /** Open loop: requests per second of this thread. */
  rate: number;
  /** Open loop: outstanding requests beyond which sending waits. */
  maxInflight: number;
  workerIndex: number;
  workers: number;
  /** Epoch ms: the load (warm-up first) starts. */
  startAt: number;
  /** Epoch ms: the measurement window starts (after warm-up). */
  measureFrom: number;
  /** Epoch ms: the window ends and no new request is sent. */
  measureTo: number;
  timeoutMs: number;
}

export interface WorkerProgress {
  type: 'progress';
  okAlertsTotal: number;
  errorsTotal: number;
  inflight: number;
}

export interface WorkerDone {
  type: 'done';
  /** Latencies (ms) of the 2xx answers of the window. */
  latencies: Float64Array;
  okAlertsTotal: number;
  okAlertsWindow: number;
  okRequestsWindow: number;
  errorsTotal: number;
  errorsWindow: number;
  sentTotal: number;
  /** Answers by HTTP status (or `network: <code>`), warm-up included. */
  statusCounts: Record<string, number>;
  /** The first body or error message of each non-2xx kind. */
  errorSamples: Record<string, string>;
  /** Event-loop utilisation of this thread over the window (0–1). */
  elu: number;
  /** CPU time of this thread over the window, µs. */
  cpuUs: number;
  /** Open loop: requests sent more than 10 ms after their scheduled time. */
  lateSends: number;
  /** Epoch ms of the last answer. */
  lastAnswerAt: number;
}
