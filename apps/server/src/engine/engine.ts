/**
 * The engine role, two independent loops so neither can stall the other:
 * - **convergence** applies committed intake events (wakes on intake commits in this process, polls for
 *   events other nodes accepted);
 * - **jobs** runs due jobs (deliveries, later timers) up to a concurrency limit, each job in its own
 *   promise, so one slow SMTP server delays its own email, not the next incident's convergence.
 */
import type { Logger } from 'pino';
import type { Db } from '../db/index.ts';
import { RepeatLimiter, summariseError, type Bus, type Clock } from '../lib/index.ts';
import {
  claimJobs,
  laneOf,
  nextDueAt,
  renewLeases,
  retryJob,
  type ClaimedJob,
  type JobHandlers,
  type JobOutcome,
} from './jobs.ts';
import { completionBatcher } from './completions.ts';

/** What the engine needs of the runtime: the database, a logger, this node's id, the clock and the bus. */
export interface EngineHost {
  db: Db;
  log: Logger;
  nodeId: string;
  clock: Clock;
  bus: Bus;
}

/**
 * The work the composition root hands the engine: a handler for every job kind (the domains' `jobs.ts`)
 * and one convergence round (convergence's, which publishes what it changed). The engine names no domain.
 */
export interface EngineWork<H extends EngineHost> {
  jobs: JobHandlers<H>;
  /** Applies one batch of intake events: whether there was work, and whether it queued jobs. */
  converge(host: H): Promise<{ worked: boolean; queuedJobs: boolean }>;
}

/** Jobs running at once on a node unless `EngineOptions.jobConcurrency` says otherwise. */
export const DEFAULT_JOB_CONCURRENCY = 32;
/** Job slots kept for timers unless `EngineOptions.timerSlots` says otherwise. */
export const DEFAULT_TIMER_SLOTS = 8;

/**
 * PostgreSQL connections a node's pool holds (issue 18): one per timer slot — a step holds its connection for its
 * whole transaction, with the escalation row locked, so it must never wait for one — plus 8 shared by the
 * deliveries (a delivery holds a connection only for its few one-statement writes, never during the provider
 * call), convergence, the claims, the heartbeat and the API. 16 with the defaults (it was 10). Not one per job
 * slot: three nodes of 40 exceeded PostgreSQL's default `max_connections` (100) in the exactly-once scenario.
 */
export function poolSizeFor(options: Pick<EngineOptions, 'timerSlots'> = {}): number {
  return (options.timerSlots ?? DEFAULT_TIMER_SLOTS) + 8;
}

export interface EngineOptions {
  /** Poll interval when idle, ms (default 500). */
  pollMs?: number;
  /** Jobs running at once on this node (default 32). */
  jobConcurrency?: number;
  /**
   * Slots deliveries may not take (default 8 of the 32): escalation steps and other timers always find a
   * free slot however long the queue of emails and webhooks is.
   */
  timerSlots?: number;
  /**
   * Shortest time between two claims of due timers while the engine is busy, ms (default 50). A timer claim
   * scans past due deliveries, so under a delivery backlog it runs at this pace, not once per finished job.
   */
  timerClaimMs?: number;
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

/**
 * Runs one claimed job through its handler; a retry is written at once, a done job is returned for the
 * batched completion (completions.ts). A payload that does not match its kind's schema can never run: it is
 * logged (ids, not the payload) and marked done.
 */
async function runJob<H extends EngineHost>(host: H, jobs: JobHandlers<H>, job: ClaimedJob): Promise<'done' | 'retry'> {
  const def = jobs[job.kind] as JobHandlers<H>[typeof job.kind] | undefined;
  const parsed = def?.payload.safeParse(job.payload);
  if (!def || !parsed?.success) {
    host.log.error(
      { job: job.id, kind: job.kind },
      def ? 'job payload does not match its kind; dropped' : 'unknown job kind; dropped',
    );
    return 'done';
  }
  const run = def.run as (host: H, payload: unknown, job: ClaimedJob) => Promise<JobOutcome>;
  const outcome = await run(host, parsed.data, job);
  if (outcome.kind === 'retry') await retryJob(host.db, job, host.nodeId, outcome.at, outcome.error);
  for (const incidentId of outcome.incidentIds ?? []) host.bus.publish({ type: 'incident.updated', incidentId });
  return outcome.kind;
}

/**
 * Logs an error once per minute per distinct reason, as a short summary (lib's error summary): never the
 * statement's parameters or a payload, however often the error repeats.
 */
function boundedErrorLog(log: Logger) {
  const limiter = new RepeatLimiter();
  return (level: 'error' | 'warn', message: string, e: unknown, fields: Record<string, unknown> = {}) => {
    const { code, reason, frames } = summariseError(e);
    const { log: admit, repeats } = limiter.admit(`${message}|${code}|${reason}`, Date.now());
    if (admit) log[level]({ ...fields, code, reason, frames, ...(repeats ? { repeats } : {}) }, message);
  };
}

/** What the loops log errors with. */
type ErrorLog = ReturnType<typeof boundedErrorLog>;

/**
 * A loop that runs `step` while it reports work, then sleeps until woken or `pollMs` passes. Wake-ups
 * closer than `coalesceMs` to the previous step wait for it, so a burst becomes one larger step.
 */
function loop(
  logError: ErrorLog,
  name: string,
  step: () => Promise<boolean>,
  pollMs: number,
  coalesceMs = 0,
  idleMs: () => Promise<number> = async () => pollMs,
) {
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
        logError('error', `${name} failed; retrying at the next poll`, e);
      }
      if (worked || pending) {
        pending = false;
        const rest = coalesceMs - (Date.now() - started);
        if (rest > 0 && !stopped) await new Promise((r) => setTimeout(r, rest));
        continue;
      }
      let sleepMs = pollMs;
      try {
        sleepMs = Math.max(0, Math.min(pollMs, await idleMs()));
      } catch (e) {
        logError('error', `${name} failed to read its next due time; polling`, e);
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, sleepMs);
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
export function startEngine<H extends EngineHost>(
  rt: H,
  work: EngineWork<H>,
  options: EngineOptions = {},
  run = true,
): Engine {
  const leaseMs = options.leaseMs ?? 30_000;
  const opts: Required<EngineOptions> = {
    pollMs: 500,
    jobConcurrency: DEFAULT_JOB_CONCURRENCY,
    timerSlots: DEFAULT_TIMER_SLOTS,
    timerClaimMs: 50,
    leaseMs,
    heartbeatMs: Math.max(1, Math.floor(leaseMs / 3)),
    convergeEveryMs: 100,
    ...options,
  };
  const logError = boundedErrorLog(rt.log);
  const running = new Set<Promise<void>>();
  /** Delivery jobs running now (the rest of `running` are timers). */
  let deliveries = 0;
  /** Jobs this node holds (running, or done and waiting for the done mark), by id: the heartbeat renews them. */
  const held = new Map<number, ClaimedJob>();

  const completions = completionBatcher(rt);

  const startJob = (job: ClaimedJob) => {
    held.set(job.id, job);
    const delivery = laneOf(job.kind) === 'delivery';
    if (delivery) deliveries++;
    const p: Promise<void> = runJob(rt, work.jobs, job).then(
      (kind) => {
        // The slot frees now; the heartbeat keeps the lease until the done mark is written.
        if (kind === 'done') void completions.add(job, rt.clock.now()).finally(() => held.delete(job.id));
        else held.delete(job.id);
      },
      (e: unknown) => {
        held.delete(job.id);
        logError('error', 'job failed; it runs again when its lease ends', e, { job: job.id, kind: job.kind });
      },
    );
    running.add(p);
    void p.finally(() => {
      if (delivery) deliveries--;
      running.delete(p);
      jobs?.wake();
    });
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
          .catch((e) => logError('error', 'job lease renewal failed; retrying at the next heartbeat', e))
          .finally(() => (beating = false));
      }, opts.heartbeatMs)
    : null;
  beat?.unref();
  let lastTimerClaim = 0;
  const deliveryCap = Math.max(1, opts.jobConcurrency - opts.timerSlots);
  /**
   * Claims due jobs for the free slots and starts them; returns whether it started any. Timers first (every
   * `timerClaimMs` at most, or at once while the last timer claim filled its batch), then deliveries up to
   * `jobConcurrency - timerSlots` running. While jobs run, it refills only once a quarter of the slots is
   * free, so one claim statement starts several jobs instead of one per finished job.
   */
  const claimAndStart = async (force = false): Promise<boolean> => {
    const free = opts.jobConcurrency - running.size;
    if (free <= 0 || (!force && running.size > 0 && free < Math.ceil(opts.jobConcurrency / 4))) return false;
    const now = rt.clock.now();
    let started = 0;
    if (force || Date.now() - lastTimerClaim >= opts.timerClaimMs) {
      const timers = await claimJobs(rt.db, rt.nodeId, now, free, opts.leaseMs, 'timer');
      // A full batch means more timers may be due: claim again at the next chance instead of waiting.
      lastTimerClaim = timers.length === free ? 0 : Date.now();
      timers.forEach(startJob);
      started += timers.length;
    }
    const room = Math.min(opts.jobConcurrency - running.size, deliveryCap - deliveries);
    const sends = await claimJobs(rt.db, rt.nodeId, now, room, opts.leaseMs, 'delivery');
    sends.forEach(startJob);
    return started + sends.length > 0;
  };

  // Idle: sleep until the next timer falls due (so it fires on time, not up to a poll late) or the poll
  // interval, whichever is sooner; jobs other nodes create are found at the poll.
  const untilNextDue = async () => {
    // While jobs run, each one that ends wakes the loop; the poll bounds the wait for a timer meanwhile.
    if (running.size > 0) return opts.pollMs;
    const at = await nextDueAt(rt.db, rt.clock.now());
    return at ? at.getTime() - rt.clock.now().getTime() : opts.pollMs;
  };
  const jobs = run ? loop(logError, 'jobs', () => claimAndStart(), opts.pollMs, 0, untilNextDue) : null;
  const convergeOnce = async (): Promise<boolean> => {
    const r = await work.converge(rt);
    if (r.queuedJobs) jobs?.wake();
    return r.worked;
  };
  const convergence = run ? loop(logError, 'convergence', convergeOnce, opts.pollMs, opts.convergeEveryMs) : null;

  return {
    async drain() {
      for (;;) {
        let worked = false;
        while (await convergeOnce()) worked = true;
        while (await claimAndStart(true)) {
          worked = true;
          await Promise.all(running);
          await completions.flush();
        }
        await Promise.all(running);
        await completions.flush();
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
      await completions.flush();
      if (beat) clearInterval(beat);
    },
  };
}
