/**
 * The engine role, two independent loops so neither can stall the other:
 * - **convergence** applies committed intake events (wakes on intake commits in this process, polls for
 *   events other nodes accepted);
 * - **jobs** runs due jobs (deliveries, later timers) up to a concurrency limit, each job in its own
 *   promise, so one slow SMTP server delays its own email, not the next incident's convergence.
 */
import type { Runtime } from '../runtime.ts';
import { convergeBatch } from '../convergence/converge.ts';
import { ConvergenceBisector } from '../convergence/bisect.ts';
import { QUARANTINE_AFTER, recordConvergeFailure } from '../convergence/quarantine.ts';
import { RepeatLimiter, isTransientError, summariseError } from '../lib/error-summary.ts';
import { convergenceFailures } from '../http/metrics.ts';
import { claimJobs, laneOf, nextDueAt, renewLeases, retryJob, type ClaimedJob } from './jobs.ts';
import { handlers, type JobOutcome } from './handlers.ts';
import { completionBatcher } from './completions.ts';

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
  /**
   * Failed tries of an event converged on its own before it is quarantined (default 5;
   * docs/intake.md#quarantine). Tries are counted in the database, so a restart does not reset them.
   */
  quarantineAfter?: number;
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
 * batched completion (completions.ts).
 */
async function runJob(rt: Runtime, job: ClaimedJob): Promise<'done' | 'retry'> {
  const handler = handlers[job.kind] as (rt: Runtime, payload: unknown, job: ClaimedJob) => Promise<JobOutcome>;
  const outcome = await handler(rt, job.payload, job);
  if (outcome.kind === 'retry') await retryJob(rt.db, job, rt.nodeId, outcome.at, outcome.error);
  for (const incidentId of outcome.incidentIds ?? []) rt.bus.publish({ type: 'incident.updated', incidentId });
  return outcome.kind;
}

/**
 * Logs an error once per minute per distinct reason, as a short summary (lib/error-summary.ts): never the
 * statement's parameters or a payload, however often the error repeats.
 */
function boundedErrorLog(rt: Runtime) {
  const limiter = new RepeatLimiter();
  return (level: 'error' | 'warn', message: string, e: unknown, fields: Record<string, unknown> = {}) => {
    const { code, reason, frames } = summariseError(e);
    const { log, repeats } = limiter.admit(`${message}|${code}|${reason}`, Date.now());
    if (log) rt.log[level]({ ...fields, code, reason, frames, ...(repeats ? { repeats } : {}) }, message);
  };
}

/**
 * Converges one batch through the bisector (a failing batch is split, an event failing on its own is
 * counted and quarantined after its tries); publishes what changed. Returns whether there is more to do.
 */
async function convergeOnce(
  rt: Runtime,
  bisector: ConvergenceBisector,
  logError: ReturnType<typeof boundedErrorLog>,
  quarantineAfter: number,
  onJobs?: () => void,
): Promise<boolean> {
  const outcome = await bisector.step();
  switch (outcome.kind) {
    case 'applied': {
      const r = outcome.result;
      for (const id of r.createdIncidents) rt.bus.publish({ type: 'incident.created', incidentId: id });
      for (const id of r.updatedIncidents) rt.bus.publish({ type: 'incident.updated', incidentId: id });
      if (r.queuedJobs) onJobs?.();
      return r.events > 0;
    }
    case 'split':
      convergenceFailures.inc({ outcome: 'split' });
      rt.log.debug(
        { events: outcome.failedEvents, next: outcome.nextLimit, ...summariseError(outcome.error) },
        'a convergence batch failed; trying a smaller one',
      );
      return true;
    case 'failed':
      convergenceFailures.inc({ outcome: outcome.quarantined ? 'quarantined' : 'failed' });
      if (outcome.quarantined) {
        logError(
          'warn',
          'an intake event was quarantined: convergence could not apply it; the events behind it go on (GET /api/v1/intake/quarantine)',
          outcome.error,
          { event: outcome.eventId, attempts: outcome.attempts },
        );
      } else {
        logError('error', `an intake event could not be converged; it is tried alone again`, outcome.error, {
          event: outcome.eventId,
          attempt: outcome.attempts,
          of: quarantineAfter,
        });
      }
      return true;
  }
}

/**
 * A loop that runs `step` while it reports work, then sleeps until woken or `pollMs` passes. Wake-ups
 * closer than `coalesceMs` to the previous step wait for it, so a burst becomes one larger step.
 */
function loop(
  logError: ReturnType<typeof boundedErrorLog>,
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
export function startEngine(rt: Runtime, options: EngineOptions = {}, run = true): Engine {
  const leaseMs = options.leaseMs ?? 30_000;
  const opts: Required<EngineOptions> = {
    pollMs: 500,
    jobConcurrency: 32,
    timerSlots: 8,
    timerClaimMs: 50,
    leaseMs,
    heartbeatMs: Math.max(1, Math.floor(leaseMs / 3)),
    convergeEveryMs: 100,
    quarantineAfter: QUARANTINE_AFTER,
    ...options,
  };
  const logError = boundedErrorLog(rt);
  const bisector = new ConvergenceBisector({
    converge: (limit) => convergeBatch(rt.db, rt.config(), rt.clock.now(), limit),
    recordFailure: (eventId, error) =>
      recordConvergeFailure(rt.db, eventId, error, rt.clock.now(), opts.quarantineAfter),
    isTransient: isTransientError,
  });
  const converge = (onJobs?: () => void) => convergeOnce(rt, bisector, logError, opts.quarantineAfter, onJobs);
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
    const p: Promise<void> = runJob(rt, job).then(
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
  const convergence = run
    ? loop(logError, 'convergence', () => converge(() => jobs?.wake()), opts.pollMs, opts.convergeEveryMs)
    : null;

  return {
    async drain() {
      for (;;) {
        let worked = false;
        while (await converge()) worked = true;
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
