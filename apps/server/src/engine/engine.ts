/**
 * The engine role, two independent loops so neither can stall the other:
 * - **convergence** applies committed intake events (wakes on intake commits in this process, polls for
 *   events other nodes accepted);
 * - **jobs** runs due jobs (deliveries, later timers) up to a concurrency limit, each job in its own
 *   promise, so one slow SMTP server delays its own email, not the next incident's convergence.
 */
import type { Runtime } from '../runtime.ts';
import { convergeBatch } from '../convergence/converge.ts';
import { claimJobs, completeJob, renewLeases, retryJob, type ClaimedJob } from './jobs.ts';
import { handlers, type JobOutcome } from './handlers.ts';

export interface EngineOptions {
  /** Poll interval when idle, ms (default 500). */
  pollMs?: number;
  /** Jobs running at once on this node (default 32). */
  jobConcurrency?: number;
  /**
   * Job lease, ms (default 30 s): a node that dies mid-job releases its jobs this long after its last
   * heartbeat. The lease is renewed every `heartbeatMs` while a job runs, so a slow job (an SMTP server
   * taking a minute) is never taken over by another node while it still runs.
   */
  leaseMs?: number;
  /** Lease renewal interval, ms (default a third of `leaseMs`). */
  heartbeatMs?: number;
  /**
   * Shortest time between convergence transactions under load, ms (default 100): intake batches that
   * arrive meanwhile are applied together, so a round's fixed cost (about ten statements) is paid ten times
   * a second rather than per request. Bounds the added latency of a new incident.
   */
  convergeEveryMs?: number;
}

export interface Engine {
  /** Runs convergence and due jobs until neither has work (tests call this with a fake clock). */
  drain(): Promise<void>;
  /** New events or jobs exist: run now instead of at the next poll. */
  wake(): void;
  /** New intake events exist (jobs are woken by convergence when it creates some). */
  wakeConvergence(): void;
  stop(): Promise<void>;
}

/** Runs one claimed job through its handler and records the outcome on the job row. */
async function runJob(rt: Runtime, job: ClaimedJob): Promise<void> {
  const handler = handlers[job.kind] as (rt: Runtime, payload: unknown, job: ClaimedJob) => Promise<JobOutcome>;
  const outcome = await handler(rt, job.payload, job);
  if (outcome.kind === 'retry') await retryJob(rt.db, job, rt.nodeId, outcome.at, outcome.error);
  else await completeJob(rt.db, job, rt.nodeId, rt.clock.now());
  for (const incidentId of outcome.incidentIds ?? []) rt.bus.publish({ type: 'incident.updated', incidentId });
}

/** Converges one batch; publishes what changed. Returns whether there was work. */
async function convergeOnce(rt: Runtime, onJobs?: () => void): Promise<boolean> {
  const r = await convergeBatch(rt.db, rt.config(), rt.clock.now());
  for (const id of r.createdIncidents) rt.bus.publish({ type: 'incident.created', incidentId: id });
  for (const id of r.updatedIncidents) rt.bus.publish({ type: 'incident.updated', incidentId: id });
  if (r.queuedJobs) onJobs?.();
  return r.events > 0;
}

/**
 * A loop that runs `step` while it reports work, then sleeps until woken or `pollMs` passes. Wake-ups
 * closer than `coalesceMs` to the previous step wait for it, so a burst becomes one larger step.
 */
function loop(rt: Runtime, name: string, step: () => Promise<boolean>, pollMs: number, coalesceMs = 0) {
  let stopped = false;
  let pending = false;
  let wakeUp: (() => void) | null = null;
  const done = (async () => {
    while (!stopped) {
      let worked = false;
      const started = Date.now();
      try {
        worked = await step();
      } catch (e) {
        rt.log.error({ err: e }, `${name} failed; retrying`);
      }
      if (worked || pending) {
        pending = false;
        const rest = coalesceMs - (Date.now() - started);
        if (rest > 0 && !stopped) await new Promise((r) => setTimeout(r, rest));
        continue;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, pollMs);
        wakeUp = () => {
          clearTimeout(t);
          resolve();
        };
      });
      wakeUp = null;
    }
  })();
  return {
    wake() {
      pending = true;
      wakeUp?.();
    },
    async stop() {
      stopped = true;
      wakeUp?.();
      await done;
    },
  };
}

/** Starts the engine loops (unless `run` is false: then only `drain()` does work, for tests). */
export function startEngine(rt: Runtime, options: EngineOptions = {}, run = true): Engine {
  const leaseMs = options.leaseMs ?? 30_000;
  const opts: Required<EngineOptions> = {
    pollMs: 500,
    jobConcurrency: 32,
    leaseMs,
    heartbeatMs: Math.max(1, Math.floor(leaseMs / 3)),
    convergeEveryMs: 100,
    ...options,
  };
  const running = new Set<Promise<void>>();
  /** Jobs this node runs now, by id: the heartbeat renews their leases. */
  const held = new Map<number, ClaimedJob>();

  const startJob = (job: ClaimedJob) => {
    held.set(job.id, job);
    const p = runJob(rt, job)
      .catch((e) =>
        rt.log.error({ err: e, job: job.id, kind: job.kind }, 'job failed; it runs again when its lease ends'),
      )
      .finally(() => {
        held.delete(job.id);
        running.delete(p);
        jobs?.wake();
      });
    running.add(p);
  };
  /** Renews the leases of the jobs this node runs; a job another node took over is logged. */
  const heartbeat = async () => {
    const ids = [...held.keys()];
    if (ids.length === 0) return;
    const renewed = await renewLeases(rt.db, rt.nodeId, ids, new Date(rt.clock.now().getTime() + opts.leaseMs));
    for (const id of ids) {
      if (!renewed.has(id) && held.has(id))
        rt.log.warn(
          { job: id, kind: held.get(id)!.kind },
          'lost the lease of a running job (no heartbeat for a whole lease); another node may run it again',
        );
    }
  };
  let beating = false;
  const beat = run
    ? setInterval(() => {
        if (beating) return;
        beating = true;
        heartbeat()
          .catch((e) => rt.log.error({ err: e }, 'job lease renewal failed; retrying at the next heartbeat'))
          .finally(() => (beating = false));
      }, opts.heartbeatMs)
    : null;
  beat?.unref();
  /** Claims as many due jobs as there are free slots and starts them; returns whether it started any. */
  const claimAndStart = async (): Promise<boolean> => {
    const free = opts.jobConcurrency - running.size;
    if (free <= 0) return false;
    const claimed = await claimJobs(rt.db, rt.nodeId, rt.clock.now(), free, opts.leaseMs);
    claimed.forEach(startJob);
    return claimed.length > 0;
  };

  const jobs = run ? loop(rt, 'jobs', claimAndStart, opts.pollMs) : null;
  const convergence = run
    ? loop(rt, 'convergence', () => convergeOnce(rt, () => jobs?.wake()), opts.pollMs, opts.convergeEveryMs)
    : null;

  return {
    async drain() {
      for (;;) {
        let worked = false;
        while (await convergeOnce(rt)) worked = true;
        while (await claimAndStart()) {
          worked = true;
          await Promise.all(running);
        }
        await Promise.all(running);
        if (!worked) return;
      }
    },
    wake() {
      convergence?.wake();
      jobs?.wake();
    },
    wakeConvergence() {
      convergence?.wake();
    },
    async stop() {
      await Promise.all([convergence?.stop(), jobs?.stop()]);
      await Promise.all(running);
      if (beat) clearInterval(beat);
    },
  };
}
