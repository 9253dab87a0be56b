/**
 * The job table: durable timers and the transactional outbox (DESIGN §10).
 *
 * `enqueueJob` is called inside the transaction of the change that causes the side effect, so the job
 * exists exactly when the change committed. Workers claim due jobs with `FOR UPDATE SKIP LOCKED` and a
 * lease (`locked_until`); a node that dies mid-job loses its lease and another node re-claims the job.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { rows } from '../db/client.ts';
import { jobs } from '../db/schema/index.ts';

/** Kinds of job and their payloads; a new kind is added here and given a handler in the engine. */
export interface JobPayloads {
  /** Deliver one notification row (notify/deliver.ts). */
  'notify.deliver': { notificationId: number };
  /** Re-grade an incident whose duration rules may now match (incident/grading.ts). */
  'grade.duration': { incidentId: number };
  /** Evaluate one KPI watch and schedule its next evaluation (kpi/evaluate.ts). */
  'kpi.evaluate': { watchId: string };
  /** Send one email that belongs to no incident, e.g. "new level rules approved" (notify/mail.ts). */
  'notify.mail': { to: string[]; subject: string; text: string };
  /**
   * Run one step of an incident's escalation (escalation/engine.ts). Runs only while the incident's
   * escalation row names this exact position; `reason` is the page that started it (`initial`, `upgrade-P1`).
   */
  'escalation.step': { incidentId: number; policyId: string; step: number; round: number; reason: string };
}
export type JobKind = keyof JobPayloads;

export interface ClaimedJob<K extends JobKind = JobKind> {
  id: number;
  kind: K;
  payload: JobPayloads[K];
  attempts: number;
}

/** Inserts a job due at `runAt`. Call inside the transaction that causes it. */
export async function enqueueJob<K extends JobKind>(
  db: Db,
  kind: K,
  payload: JobPayloads[K],
  runAt: Date,
  now: Date,
): Promise<void> {
  await db.insert(jobs).values({ kind, payload: payload as Record<string, unknown>, runAt, createdAt: now });
}

/**
 * Claims up to `limit` due jobs for `leaseMs` milliseconds on behalf of `node`.
 * A claimed job counts one more attempt.
 */
export async function claimJobs(
  db: Db,
  node: string,
  now: Date,
  limit: number,
  leaseMs: number,
): Promise<ClaimedJob[]> {
  const until = new Date(now.getTime() + leaseMs);
  const claimed = await rows<{ id: string | number; kind: string; payload: unknown; attempts: number }>(
    db,
    sql`update jobs set locked_until = ${until.toISOString()}::timestamptz, locked_by = ${node}, attempts = attempts + 1
        where id in (
          select id from jobs
          where done_at is null and run_at <= ${now.toISOString()}::timestamptz
            and (locked_until is null or locked_until < ${now.toISOString()}::timestamptz)
          order by run_at, id
          limit ${limit}
          for update skip locked)
        returning id, kind, payload, attempts`,
  );
  return claimed.map((r) => ({
    id: Number(r.id),
    kind: r.kind as JobKind,
    payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as JobPayloads[JobKind],
    attempts: r.attempts,
  }));
}

/** Marks a claimed job done (only if this node still holds it). */
export async function completeJob(db: Db, id: number, node: string, now: Date): Promise<void> {
  await db
    .update(jobs)
    .set({ doneAt: now, lockedUntil: null })
    .where(and(eq(jobs.id, id), eq(jobs.lockedBy, node)));
}

/** Releases a claimed job to run again at `runAt` (retry with backoff), recording the error. */
export async function retryJob(db: Db, id: number, node: string, runAt: Date, error: string): Promise<void> {
  await db
    .update(jobs)
    .set({ runAt, lockedUntil: null, lastError: error })
    .where(and(eq(jobs.id, id), eq(jobs.lockedBy, node)));
}

/** Jobs not yet done (for /metrics and tests). */
export async function pendingJobCount(db: Db): Promise<number> {
  const r = await rows<{ n: number }>(db, sql`select count(*)::int as n from jobs where done_at is null`);
  return r[0]?.n ?? 0;
}
