/**
 * Keeps convergence going past an event it cannot apply (docs/intake.md#quarantine). Convergence applies a
 * prefix of the pending events per transaction; when a batch fails, the next try takes the first half of it,
 * and so on down to one event, so the good events ahead of a bad one are applied in order. An event that
 * fails on its own counts a try; after `quarantineAfter` tries it is set aside (quarantined) and the events
 * behind it go on, still in id order. After a success the batch size doubles back towards its maximum.
 *
 * Errors about the database rather than the data (`isTransient`) neither split batches nor count tries:
 * they are thrown, and the engine's loop retries after its poll interval.
 *
 * Pure apart from the injected steps, so the whole policy is unit-tested without a database.
 */
import { BatchFailed, type ConvergeResult } from './converge.ts';

/** What one step did. */
export type StepOutcome =
  | { kind: 'applied'; result: ConvergeResult }
  /** A batch of several events failed; the next step tries its first `nextLimit` events. */
  | { kind: 'split'; failedEvents: number; nextLimit: number; error: unknown }
  /** The first pending event failed on its own; `quarantined` once it has had its tries. */
  | { kind: 'failed'; eventId: number; attempts: number; quarantined: boolean; error: unknown };

export interface BisectSteps {
  /** Converges up to `limit` pending events in one transaction; throws BatchFailed when it fails. */
  converge(limit: number): Promise<ConvergeResult>;
  /**
   * Counts a failed try of `eventId` on its own and quarantines it at the `quarantineAfter`-th; returns its
   * tries so far and whether it is now quarantined (0 tries: it was applied or set aside meanwhile).
   */
  recordFailure(eventId: number, error: unknown): Promise<{ attempts: number; quarantined: boolean }>;
  /** Whether an error is about the database, not the data (lib/error-summary.ts `isTransientError`). */
  isTransient(error: unknown): boolean;
}

export class ConvergenceBisector {
  private limit: number;
  private readonly maxLimit: number;
  private readonly steps: BisectSteps;

  /** @param maxLimit events per transaction when nothing fails (convergeBatch's `limit`, default 200) */
  constructor(steps: BisectSteps, maxLimit = 200) {
    this.steps = steps;
    this.maxLimit = maxLimit;
    this.limit = maxLimit;
  }

  /** Events the next step will try at most. */
  get nextLimit(): number {
    return this.limit;
  }

  /**
   * Runs one convergence transaction at the current batch size and adjusts the size.
   * @throws the error itself when it is not a BatchFailed, or when it is transient
   */
  async step(): Promise<StepOutcome> {
    let result: ConvergeResult;
    try {
      result = await this.steps.converge(this.limit);
    } catch (e) {
      if (!(e instanceof BatchFailed) || this.steps.isTransient(e.cause)) throw e;
      const failed = e.eventIds.length;
      if (failed > 1) {
        this.limit = Math.max(1, Math.floor(failed / 2));
        return { kind: 'split', failedEvents: failed, nextLimit: this.limit, error: e.cause };
      }
      // The first pending event fails on its own: it is the culprit, whatever the batch size was.
      this.limit = 1;
      const eventId = e.eventIds[0]!;
      const { attempts, quarantined } = await this.steps.recordFailure(eventId, e.cause);
      return { kind: 'failed', eventId, attempts, quarantined, error: e.cause };
    }
    if (result.events > 0) this.limit = Math.min(this.maxLimit, this.limit * 2);
    return { kind: 'applied', result };
  }
}
