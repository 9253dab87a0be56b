/**
 * Batched job completion: a job whose handler is done is marked done together with the others that ended
 * within a few milliseconds, in one asynchronously committed statement (`completeJobs`), instead of one
 * synchronous commit each. A node that dies before the flush leaves those jobs to run again after their lease,
 * which their handlers tolerate (see jobs.ts).
 */
import type { EngineHost } from './engine.ts';
import { completeJobs, type ClaimedJob } from './jobs.ts';

export interface Completions {
  /** Queues `job` as done at `at`; resolves once that is written (or failed and was logged). */
  add(job: ClaimedJob, at: Date): Promise<void>;
  /** Writes everything queued so far; resolves when written. */
  flush(): Promise<void>;
}

interface Entry {
  job: ClaimedJob;
  at: Date;
  resolve: () => void;
}

/**
 * A batcher that writes at most `maxBatch` completions per statement, `delayMs` after the first queued one
 * (default 64 and 10 ms), one statement at a time.
 */
export function completionBatcher(rt: EngineHost, maxBatch = 64, delayMs = 10): Completions {
  const queued: Entry[] = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> | null = null;

  const flush = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    while (writing) await writing;
    if (queued.length === 0) return;
    const batch = queued.splice(0, maxBatch);
    writing = completeJobs(
      rt.db,
      batch.map((e) => ({ id: e.job.id, attempts: e.job.attempts, doneAt: e.at })),
      rt.nodeId,
    )
      .catch((e: unknown) =>
        rt.log.error({ err: e, jobs: batch.length }, 'marking jobs done failed; they run again when their lease ends'),
      )
      .finally(() => {
        writing = null;
        for (const e of batch) e.resolve();
      });
    await writing;
    if (queued.length >= maxBatch) await flush();
    else if (queued.length > 0) timer ??= setTimeout(() => void flush(), delayMs);
  };

  return {
    add(job, at) {
      return new Promise<void>((resolve) => {
        queued.push({ job, at, resolve });
        if (queued.length >= maxBatch && !writing) void flush();
        else timer ??= setTimeout(() => void flush(), delayMs);
      });
    },
    async flush() {
      while (queued.length > 0 || writing) await flush();
    },
  };
}
