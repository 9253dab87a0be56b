/**
 * The job table: durable timers and the transactional outbox (DESIGN §10).
 *
 * `enqueueJob` is called inside the transaction of the change that causes the side effect, so the job
 * exists exactly when the change committed. Workers claim due jobs with `FOR UPDATE SKIP LOCKED` and a
 * lease (`locked_until`) that the claiming node renews while the job runs (`renewLeases`, the engine's
 * heartbeat); a node that dies mid-job stops renewing, and another node re-claims the job once the lease
 * has run out. The claim is the committed "this node, this attempt, started" marker: `completeJobs` and
 * `retryJob` only count for the claim that is still current (node and attempt), and a re-claim after a
 * lapsed lease tells the handler (`ClaimedJob.abandonedBy`) that the previous attempt may have done part
 * of its work — for a delivery, that the provider may already have accepted the message.
 */
import { and, eq, gt, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { rows } from '../db/index.ts';
import { jobs } from './tables.ts';
import { redactText } from '../lib/index.ts';

/**
 * Kinds of job and their payloads. Empty here: each domain adds its kinds in its `jobs.ts` by declaration
 * merging (`declare module '../engine/index.ts' { interface JobPayloads { 'escalation.step': {…} } }`), so
 * `enqueueJob` is type-checked and the engine names no domain.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface JobPayloads {}
export type JobKind = keyof JobPayloads & string;

export interface ClaimedJob<K extends JobKind = JobKind> {
  id: number;
  kind: K;
  payload: JobPayloads[K];
  /** This claim's attempt number (1-based); also the fencing token of `completeJobs` and `retryJob`. */
  attempts: number;
  /**
   * The node whose claim of this job lapsed (it neither completed nor released the job before its lease
   * ran out: it died, hung, or lost the database), or null when the previous attempt ended cleanly or this
   * is the first (absent means null). The previous attempt may have done part of its work, e.g. handed a
   * message to a provider.
   */
  abandonedBy?: string | null;
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
 * What a handler reports: done, or retry at a time (the error is recorded on the job). `incidentIds` are
 * incidents the job changed: the engine publishes them to the live stream.
 */
export type JobOutcome =
  { kind: 'done'; incidentIds?: number[] } | { kind: 'retry'; at: Date; error: string; incidentIds?: number[] };

/**
 * One job kind as a domain declares it: the schema of its payload (checked when the job is claimed, so a
 * stored payload of an older shape is refused with a clear error instead of failing deep in the handler)
 * and its handler. `H` is what the handler receives from the engine (the runtime).
 */
export interface JobDefinition<H, K extends JobKind> {
  payload: { safeParse(data: unknown): { success: true; data: JobPayloads[K] } | { success: false; error: unknown } };
  run(host: H, payload: JobPayloads[K], job: ClaimedJob<K>): Promise<JobOutcome>;
}

/** A handler for every job kind: a kind without one does not compile. */
export type JobHandlers<H> = { [K in JobKind]: JobDefinition<H, K> };

/**
 * Lanes of jobs: `delivery` (the `notify.*` kinds: a provider call each, slow and many) and `timer`
 * (everything else: escalation steps, re-grading, KPI evaluations — short transactions that must run when
 * due). The engine claims timers first and keeps slots for them, so a backlog of deliveries never delays
 * the next escalation step.
 */
export type JobLane = 'timer' | 'delivery';

/** The lane of a job kind. */
export function laneOf(kind: JobKind): JobLane {
  return kind.startsWith('notify.') ? 'delivery' : 'timer';
}

/**
 * Claims up to `limit` due jobs for `leaseMs` milliseconds on behalf of `node`, oldest due first, in one
 * statement; only jobs of `lane` when given. A claimed job counts one more attempt. A job is due when
 * `run_at <= now` and nobody holds a live lease on it.
 */
export async function claimJobs(
  db: Db,
  node: string,
  now: Date,
  limit: number,
  leaseMs: number,
  lane?: JobLane,
): Promise<ClaimedJob[]> {
  if (limit <= 0) return [];
  const inLane =
    lane === 'delivery' ? sql`and kind like 'notify.%'` : lane === 'timer' ? sql`and kind not like 'notify.%'` : sql``;
  const at = now.toISOString();
  const until = new Date(now.getTime() + leaseMs).toISOString();
  // The CTE reads the previous claim before the update overwrites it: a lease that was still set (not
  // cleared by completeJobs/retryJob) and has run out is an abandoned attempt.
  const claimed = await rows<{
    id: string | number;
    kind: string;
    payload: unknown;
    attempts: number;
    abandoned_by: string | null;
  }>(
    db,
    sql`with due as (
          select id, locked_by, locked_until from jobs
          where done_at is null and run_at <= ${at}::timestamptz
            and (locked_until is null or locked_until < ${at}::timestamptz)
            ${inLane}
          order by run_at, id
          limit ${limit}
          for update skip locked)
        update jobs j set locked_until = ${until}::timestamptz, locked_by = ${node}, attempts = j.attempts + 1
        from due where j.id = due.id
        returning j.id, j.kind, j.payload, j.attempts,
          case when due.locked_until is not null then due.locked_by end as abandoned_by`,
  );
  return claimed.map((r) => ({
    id: Number(r.id),
    kind: r.kind as JobKind,
    payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as JobPayloads[JobKind],
    attempts: r.attempts,
    abandonedBy: r.abandoned_by,
  }));
}

/** The claim a worker holds: job id, its node and its attempt (the fencing token). */
export interface JobClaim {
  id: number;
  attempts: number;
}

/**
 * Marks several claimed jobs done in one statement, each only if its claim (node and attempt) is still
 * current. The commit is asynchronous (`synchronous_commit = off`): the durable effect of each job was
 * committed by its handler already, and a done mark lost in a database crash only makes the job run again,
 * which every handler tolerates (a sent notification is skipped, a step whose position moved on does
 * nothing). This saves a WAL flush per job, the largest cost of a job on PostgreSQL.
 */
export async function completeJobs(db: Db, claims: Array<JobClaim & { doneAt: Date }>, node: string): Promise<void> {
  if (claims.length === 0) return;
  const values = sql.join(
    claims.map((c) => sql`(${c.id}::int8, ${c.attempts}::int, ${c.doneAt.toISOString()}::timestamptz)`),
    sql`, `,
  );
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local synchronous_commit = off`);
    await tx.execute(
      sql`update jobs j set done_at = c.done_at, locked_until = null
          from (values ${values}) as c(id, attempts, done_at)
          where j.id = c.id and j.attempts = c.attempts and j.locked_by = ${node}`,
    );
  });
}

/**
 * Releases a claimed job to run again at `runAt` (retry with backoff), recording the error; only if this
 * claim is still the job's current one.
 */
export async function retryJob(db: Db, claim: JobClaim, node: string, runAt: Date, error: string): Promise<void> {
  await db
    .update(jobs)
    .set({ runAt, lockedUntil: null, lastError: redactText(error) })
    .where(and(eq(jobs.id, claim.id), eq(jobs.lockedBy, node), eq(jobs.attempts, claim.attempts)));
}

/**
 * Extends the leases of jobs this node is running to `until` (the heartbeat), one statement for all.
 * @returns the ids whose lease was renewed; a running job missing from it was taken over by another node
 *   after this node failed to renew for a whole lease (its completion will then not count)
 */
export async function renewLeases(db: Db, node: string, ids: number[], until: Date): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const renewed = await db
    .update(jobs)
    .set({ lockedUntil: until })
    .where(and(inArray(jobs.id, ids), eq(jobs.lockedBy, node), isNull(jobs.doneAt)))
    .returning({ id: jobs.id });
  return new Set(renewed.map((r) => Number(r.id)));
}

/** When the next job not yet due falls due, or null when none is waiting: how long an idle loop may sleep. */
export async function nextDueAt(db: Db, now: Date): Promise<Date | null> {
  const r = await rows<{ at: string | Date | null }>(
    db,
    sql`select min(run_at) as at from jobs where done_at is null and run_at > ${now.toISOString()}::timestamptz`,
  );
  const at = r[0]?.at;
  return at ? new Date(at) : null;
}

/** Jobs not yet done (for /metrics and tests). */
export async function pendingJobCount(db: Db): Promise<number> {
  const r = await rows<{ n: number }>(db, sql`select count(*)::int as n from jobs where done_at is null`);
  return r[0]?.n ?? 0;
}

/**
 * Enqueues one job of `kind` unless one is already waiting (not done; due after `after` when given): for
 * periodic chains that must run once across nodes, such as the hand-off notices. Serialised per kind by a
 * transaction-scoped advisory lock, so nodes starting together add one.
 * @returns whether it enqueued one
 */
export async function enqueueOnce<K extends JobKind>(
  db: Db,
  kind: K,
  payload: JobPayloads[K],
  runAt: Date,
  now: Date,
  after: Date | null = null,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    await rows(tx, sql`select pg_advisory_xact_lock(hashtext(${`jobs:${kind}`}))`);
    const waiting = await tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.kind, kind), isNull(jobs.doneAt), after ? gt(jobs.runAt, after) : undefined))
      .limit(1);
    if (waiting.length > 0) return false;
    await enqueueJob(tx, kind, payload, runAt, now);
    return true;
  });
}

/**
 * The SQL that enqueues one job of `kind` for each row of `from`, a CTE of the caller's statement, due at `runAt`:
 * for a domain that writes its row and queues the job it causes in one statement (`with moved as (update …)
 * ${'$'}{enqueueJobsFromSql(…)}`), the cheapest form of `enqueueJob` in the same transaction. `payload` is SQL
 * yielding the job's jsonb payload, and may read `from`'s columns. Append `returning …` to read the jobs back.
 */
export function enqueueJobsFromSql<K extends JobKind>(
  kind: K,
  payload: SQL,
  runAt: Date,
  now: Date,
  from: string,
): SQL {
  return sql`insert into jobs (kind, payload, run_at, created_at)
    select ${kind}, ${payload}, ${runAt.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
    from ${sql.identifier(from)}`;
}

/** Replaces the payload of every waiting (not done) job of `kind`, e.g. a periodic chain's new setting. */
export async function setWaitingPayload<K extends JobKind>(db: Db, kind: K, payload: JobPayloads[K]): Promise<void> {
  await db
    .update(jobs)
    .set({ payload: payload as Record<string, unknown> })
    .where(and(eq(jobs.kind, kind), isNull(jobs.doneAt)));
}
