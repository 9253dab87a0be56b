/**
 * One load-generator thread. Closed loop: `concurrency` keep-alive connections, each sending the next request
 * as soon as the previous one is answered. Open loop: requests scheduled at a fixed rate whatever the answers;
 * latency is measured from the scheduled time, so a stalled server cannot hide its queueing (no coordinated
 * omission). Reports counts and latency samples of the measurement window to the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { bodyBuilder } from './alerts.ts';
import { SampleBuffer } from './stats.ts';
import type { WorkerConfig, WorkerDone, WorkerProgress } from './load-types.ts';

const cfg = workerData as WorkerConfig;
const now = (): number => performance.timeOrigin + performance.now();
const url = new URL(cfg.url);
const agent = new http.Agent({
  keepAlive: true,
  maxSockets: cfg.mode === 'closed' ? cfg.concurrency : cfg.maxInflight,
  keepAliveMsecs: 10_000,
});
const build = bodyBuilder(cfg.target, cfg.stream);

let seq = 0;
/** The next request body: alert numbers interleave across threads so no two requests share an alert. */
function nextBody(): Buffer {
  const first = (seq++ * cfg.workers + cfg.workerIndex) * cfg.batch;
  return Buffer.from(build(first, cfg.batch));
}

interface Outcome {
  status: number;
  error?: string;
  body?: string;
}

function send(body: Buffer): Promise<Outcome> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (o: Outcome) => {
      if (!settled) {
        settled = true;
        resolve(o);
      }
    };
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': body.length },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) {
          res.resume();
          res.on('end', () => done({ status }));
        } else {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done({ status, body: Buffer.concat(chunks).toString('utf8').slice(0, 300) }));
        }
        res.on('error', (e) => done({ status: 0, error: e.message }));
      },
    );
    req.setTimeout(cfg.timeoutMs, () => req.destroy(new Error(`no answer within ${cfg.timeoutMs} ms`)));
    req.on('error', (e: NodeJS.ErrnoException) => done({ status: 0, error: e.code ?? e.message }));
    req.end(body);
  });
}

const latencies = new SampleBuffer();
const statusCounts: Record<string, number> = {};
const errorSamples: Record<string, string> = {};
let okAlertsTotal = 0;
let okAlertsWindow = 0;
let okRequestsWindow = 0;
let errorsTotal = 0;
let errorsWindow = 0;
let sentTotal = 0;
let inflight = 0;
let lateSends = 0;
let lastAnswerAt = 0;

function record(o: Outcome, scheduledOrSent: number, answeredAt: number, inWindow: boolean): void {
  lastAnswerAt = answeredAt;
  const ok = o.status >= 200 && o.status < 300;
  const key = o.status === 0 ? `network: ${o.error ?? 'error'}` : String(o.status);
  statusCounts[key] = (statusCounts[key] ?? 0) + 1;
  if (!ok && errorSamples[key] === undefined) errorSamples[key] = o.body ?? o.error ?? '';
  if (ok) okAlertsTotal += cfg.batch;
  else errorsTotal++;
  if (!inWindow) return;
  if (ok) {
    okAlertsWindow += cfg.batch;
    okRequestsWindow++;
    latencies.push(answeredAt - scheduledOrSent);
  } else {
    errorsWindow++;
  }
}

const progressTimer = setInterval(() => {
  const p: WorkerProgress = { type: 'progress', okAlertsTotal, errorsTotal, inflight };
  parentPort!.postMessage(p);
}, 500);

async function sleepUntil(t: number): Promise<void> {
  const d = t - now();
  if (d > 0) await new Promise((r) => setTimeout(r, d));
}

async function closedLoop(): Promise<void> {
  const one = async () => {
    while (now() < cfg.measureTo) {
      const body = nextBody();
      const t0 = now();
      inflight++;
      sentTotal++;
      const o = await send(body);
      inflight--;
      const t1 = now();
      record(o, t0, t1, t1 >= cfg.measureFrom && t1 <= cfg.measureTo);
    }
  };
  await Promise.all(Array.from({ length: cfg.concurrency }, one));
}

async function openLoop(): Promise<void> {
  const interval = 1000 / cfg.rate;
  // Stagger the threads within one interval.
  let next = cfg.startAt + (interval * cfg.workerIndex) / cfg.workers;
  const pending = new Set<Promise<void>>();
  while (next < cfg.measureTo) {
    const t = now();
    if (t < next) {
      await sleepUntil(Math.min(next, t + 1));
      continue;
    }
    if (inflight >= cfg.maxInflight) {
      // Too many outstanding requests: wait for one; the delay counts in the latency of those scheduled.
      await Promise.race(pending);
      continue;
    }
    const scheduled = next;
    next += interval;
    if (t - scheduled > 10) lateSends++;
    const body = nextBody();
    inflight++;
    sentTotal++;
    const p = send(body).then((o) => {
      inflight--;
      record(o, scheduled, now(), scheduled >= cfg.measureFrom && scheduled < cfg.measureTo);
      pending.delete(p);
    });
    pending.add(p);
  }
  await Promise.all(pending);
}

await sleepUntil(cfg.startAt);
let elu0 = performance.eventLoopUtilization();
let cpu0 = process.threadCpuUsage();
let windowStarted = false;
const windowTimer = setTimeout(
  () => {
    elu0 = performance.eventLoopUtilization();
    cpu0 = process.threadCpuUsage();
    windowStarted = true;
  },
  Math.max(0, cfg.measureFrom - now()),
);
let elu = 0;
let cpuUs = 0;
const endTimer = setTimeout(
  () => {
    elu = performance.eventLoopUtilization(elu0).utilization;
    const c = process.threadCpuUsage(cpu0);
    cpuUs = c.user + c.system;
  },
  Math.max(0, cfg.measureTo - now()),
);
if (cfg.mode === 'closed') await closedLoop();
else await openLoop();
clearTimeout(windowTimer);
clearTimeout(endTimer);
if (windowStarted && elu === 0) {
  elu = performance.eventLoopUtilization(elu0).utilization;
  const c = process.threadCpuUsage(cpu0);
  cpuUs = c.user + c.system;
}
clearInterval(progressTimer);
agent.destroy();
const lat = latencies.toArray();
const done: WorkerDone = {
  type: 'done',
  latencies: lat,
  okAlertsTotal,
  okAlertsWindow,
  okRequestsWindow,
  errorsTotal,
  errorsWindow,
  sentTotal,
  statusCounts,
  errorSamples,
  elu,
  cpuUs,
  lateSends,
  lastAnswerAt,
};
parentPort!.postMessage(done, [lat.buffer as ArrayBuffer]);
