/**
 * Readiness (docs/operations.md#health-and-readiness): whether the alert pipeline is keeping up, judged from
 * the database, so every node (API or engine) tells the same truth. Not ready when the oldest event waiting
 * for convergence is older than a threshold, when a due job (a page, an escalation step) has waited longer
 * than a threshold without a node taking it, or when an event is quarantined.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { rows } from '../db/index.ts';

export interface ReadinessThresholds {
  /** Age of the oldest event waiting for convergence beyond which the pipeline is not ready, seconds. */
  maxEventLagSeconds: number;
  /** How long a due job may wait unclaimed before the pipeline is not ready, seconds. */
  maxJobDelaySeconds: number;
}

/** Defaults of FAULTLINE_READY_MAX_EVENT_LAG_SECONDS and FAULTLINE_READY_MAX_JOB_DELAY_SECONDS. */
export const DEFAULT_READINESS: ReadinessThresholds = { maxEventLagSeconds: 60, maxJobDelaySeconds: 60 };

/** What the database says about the pipeline at one instant. */
export interface PipelineReadings {
  /** When the oldest event waiting for convergence (not quarantined) was received; null when none waits. */
  oldestPendingEventAt: Date | null;
  pendingEvents: number;
  quarantinedEvents: number;
  /** The due time of the oldest due job no node holds; null when none. */
  oldestOverdueJobAt: Date | null;
  /** Due jobs no node holds (a job whose lease ran out counts: its node died). */
  overdueJobs: number;
}

export interface Readiness {
  ready: boolean;
  /** One sentence per failed check; empty when ready. */
  problems: string[];
  /** Age of the oldest event waiting for convergence, seconds (0 when none waits). */
  eventLagSeconds: number;
  pendingEvents: number;
  quarantinedEvents: number;
  /** How long the oldest due job has waited unclaimed, seconds (0 when none). */
  jobDelaySeconds: number;
  overdueJobs: number;
}

/** Judges readings against thresholds at `now` (pure). Ages are whole seconds, never negative. */
export function judgeReadiness(r: PipelineReadings, t: ReadinessThresholds, now: Date): Readiness {
  const age = (at: Date | null) => (at ? Math.max(0, Math.floor((now.getTime() - at.getTime()) / 1000)) : 0);
  const eventLagSeconds = age(r.oldestPendingEventAt);
  const jobDelaySeconds = age(r.oldestOverdueJobAt);
  const problems: string[] = [];
  if (eventLagSeconds > t.maxEventLagSeconds) {
    problems.push(
      `convergence lags: the oldest of ${r.pendingEvents} waiting events was received ${eventLagSeconds} s ago (threshold ${t.maxEventLagSeconds} s)`,
    );
  }
  if (jobDelaySeconds > t.maxJobDelaySeconds) {
    problems.push(
      `jobs are overdue: ${r.overdueJobs} due jobs wait for a node, the oldest for ${jobDelaySeconds} s (threshold ${t.maxJobDelaySeconds} s)`,
    );
  }
  if (r.quarantinedEvents > 0) {
    problems.push(
      `${r.quarantinedEvents} intake events are quarantined: convergence could not apply them (GET /api/v1/intake/quarantine)`,
    );
  }
  return {
    ready: problems.length === 0,
    problems,
    eventLagSeconds,
    pendingEvents: r.pendingEvents,
    quarantinedEvents: r.quarantinedEvents,
    jobDelaySeconds,
    overdueJobs: r.overdueJobs,
  };
}

/** Reads the pipeline in one statement (partial indexes on unprocessed events and undone jobs keep it small). */
export async function readPipeline(db: Db, now: Date): Promise<PipelineReadings> {
  const at = now.toISOString();
  const [r] = await rows<{
    oldest_event: string | Date | null;
    pending: string | number;
    quarantined: string | number;
    oldest_job: string | Date | null;
    overdue: string | number;
  }>(
    db,
    sql`select
          (select received_at from events where processed_at is null and quarantined_at is null
            order by id limit 1) as oldest_event,
          (select count(*) from events where processed_at is null and quarantined_at is null) as pending,
          (select count(*) from events where processed_at is null and quarantined_at is not null) as quarantined,
          min(run_at) as oldest_job,
          count(*) as overdue
        from jobs
        where done_at is null and run_at <= ${at}::timestamptz
          and (locked_until is null or locked_until < ${at}::timestamptz)`,
  );
  const date = (v: string | Date | null | undefined) => (v ? new Date(v) : null);
  return {
    oldestPendingEventAt: date(r?.oldest_event),
    pendingEvents: Number(r?.pending ?? 0),
    quarantinedEvents: Number(r?.quarantined ?? 0),
    oldestOverdueJobAt: date(r?.oldest_job),
    overdueJobs: Number(r?.overdue ?? 0),
  };
}
