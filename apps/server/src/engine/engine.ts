/**
 * The engine role: converges committed intake events and runs due jobs (deliveries, later timers),
 * in a loop that wakes on new work in this process and otherwise polls (for work other nodes created).
 */
import type { Runtime } from '../runtime.ts';
import { convergeBatch } from '../convergence/converge.ts';
import { claimJobs, completeJob, retryJob, type ClaimedJob } from './jobs.ts';
import { deliverNotification } from '../notify/deliver.ts';

export interface EngineOptions {
  /** Poll interval when idle, ms (default 500). */
  pollMs?: number;
  /** Jobs claimed per round (default 20). */
  jobBatch?: number;
  /** Job lease, ms (default 60 s): a node that dies mid-job releases it after this. */
  leaseMs?: number;
}

export interface Engine {
  /** Runs rounds until there is no due work (tests call this with a fake clock). */
  drain(): Promise<void>;
  wake(): void;
  stop(): Promise<void>;
}

/** Runs one job and records its outcome on the job row. */
async function runJob(rt: Runtime, job: ClaimedJob): Promise<void> {
  switch (job.kind) {
    case 'notify.deliver': {
      const outcome = await deliverNotification(rt, job.payload.notificationId, job.attempts);
      if (outcome.kind === 'retry') await retryJob(rt.db, job.id, rt.nodeId, outcome.at, outcome.error);
      else await completeJob(rt.db, job.id, rt.nodeId, rt.clock.now());
      if (outcome.kind !== 'skip') rt.bus.publish({ type: 'incident.updated', incidentId: outcome.incidentId });
      return;
    }
  }
}

/** One round: converge pending events, then run due jobs. Returns whether anything was done. */
async function round(rt: Runtime, opts: Required<EngineOptions>): Promise<boolean> {
  let worked = false;
  for (;;) {
    const r = await convergeBatch(rt.db, rt.config(), rt.clock.now());
    if (r.events === 0) break;
    worked = true;
    for (const id of r.createdIncidents) rt.bus.publish({ type: 'incident.created', incidentId: id });
    for (const id of r.updatedIncidents) rt.bus.publish({ type: 'incident.updated', incidentId: id });
  }
  const jobs = await claimJobs(rt.db, rt.nodeId, rt.clock.now(), opts.jobBatch, opts.leaseMs);
  await Promise.all(
    jobs.map(async (job) => {
      try {
        await runJob(rt, job);
      } catch (e) {
        rt.log.error({ err: e, job: job.id, kind: job.kind }, 'job failed; it will be retried when its lease ends');
      }
    }),
  );
  if (jobs.length > 0) worked = true;
  return worked;
}

/** Starts the engine loop (unless `loop` is false: then only `drain()` runs work, for tests). */
export function startEngine(rt: Runtime, options: EngineOptions = {}, loop = true): Engine {
  const opts: Required<EngineOptions> = { pollMs: 500, jobBatch: 20, leaseMs: 60_000, ...options };
  let stopped = false;
  let wakeUp: (() => void) | null = null;
  let pendingWake = false;
  let running: Promise<void> = Promise.resolve();

  const safeRound = async () => {
    try {
      return await round(rt, opts);
    } catch (e) {
      rt.log.error({ err: e }, 'engine round failed');
      return false;
    }
  };

  const runLoop = async () => {
    while (!stopped) {
      const worked = await safeRound();
      if (worked || pendingWake) {
        pendingWake = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, opts.pollMs);
        wakeUp = () => {
          clearTimeout(t);
          resolve();
        };
      });
      wakeUp = null;
    }
  };
  if (loop) running = runLoop();

  return {
    async drain() {
      while (await round(rt, opts)) {
        // keep going until idle
      }
    },
    wake() {
      pendingWake = true;
      wakeUp?.();
    },
    async stop() {
      stopped = true;
      wakeUp?.();
      await running;
    },
  };
}
