/**
 * Intake micro-batches: requests that arrive together are committed in one multi-row INSERT (one
 * transaction). Each request awaits the commit of its batch before it answers 2xx, so an answered
 * alert is durable, and the per-transaction cost (one WAL flush) is shared by the whole batch. If the
 * database refuses a batch for its data, its rows are written one by one, so only the request at fault fails.
 */
import type { RawQuery } from '../db/index.ts';
import { AppError, isTransientError } from '../lib/index.ts';
import type { Signal } from './signal.ts';

export interface PendingEvent {
  integration: string;
  source: string;
  receivedAt: Date;
  /** The request body exactly as received. */
  payload: string;
  signals: Signal[];
}

export interface BatcherOptions {
  /** Rows per INSERT (default 500). */
  maxBatch?: number;
  /** Concurrent INSERTs: 1 for PGlite (one connection), more for PostgreSQL. */
  concurrency?: number;
  /** Alerts waiting to be committed beyond which new requests get RATE_LIMITED (default 50,000). */
  maxQueuedAlerts?: number;
  /** Called after each commit (wakes the engine). */
  onCommit?: () => void;
}

interface Waiter {
  row: PendingEvent;
  resolve(id: number): void;
  reject(e: unknown): void;
}

export class IntakeBatcher {
  private queue: Waiter[] = [];
  private queuedAlerts = 0;
  private active = 0;
  private readonly opts: Required<BatcherOptions>;
  private readonly query: RawQuery;

  /** @param query raw queries on the pool: this is the hottest statement, so it skips the query builder. */
  constructor(query: RawQuery, options: BatcherOptions = {}) {
    this.query = query;
    this.opts = { maxBatch: 500, concurrency: 1, maxQueuedAlerts: 50_000, onCommit: () => {}, ...options };
  }

  /**
   * Queues one event and resolves with its id once committed.
   * @throws AppError RATE_LIMITED when too many alerts are waiting to be committed.
   */
  submit(row: PendingEvent): Promise<number> {
    if (this.queuedAlerts + row.signals.length > this.opts.maxQueuedAlerts) {
      return Promise.reject(new AppError('RATE_LIMITED', 'intake is overloaded; retry shortly'));
    }
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      this.queuedAlerts += row.signals.length;
      if (this.active < this.opts.concurrency) {
        this.active++;
        // Let the other requests of this tick join the batch before it is written.
        setImmediate(() => void this.drain());
      }
    });
  }

  /** One multi-row INSERT (one transaction); ids in VALUES order. */
  private async insert(batch: Waiter[]): Promise<number[]> {
    const params: unknown[] = [];
    const rows = batch.map(({ row }, i) => {
      params.push(row.integration, row.source, row.receivedAt.toISOString(), row.payload, JSON.stringify(row.signals));
      const b = i * 5;
      return `($${b + 1}, $${b + 2}, $${b + 3}::timestamptz, $${b + 4}, $${b + 5}::json)`;
    });
    const result = await this.query<{ id: string | number }>(
      `insert into events (integration, source, received_at, payload, signals) values ${rows.join(', ')} returning id`,
      params,
    );
    return result.map((r) => Number(r.id));
  }

  private async insertOneByOne(batch: Waiter[]): Promise<void> {
    let committed = false;
    for (const w of batch) {
      try {
        const [id] = await this.insert([w]);
        w.resolve(id!);
        committed = true;
      } catch (e) {
        w.reject(e);
      }
    }
    if (committed) this.opts.onCommit();
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.opts.maxBatch);
        const alertsInBatch = batch.reduce((n, w) => n + w.row.signals.length, 0);
        try {
          const ids = await this.insert(batch);
          batch.forEach((w, i) => w.resolve(ids[i]!));
          this.opts.onCommit();
        } catch (e) {
          if (batch.length === 1 || isTransientError(e)) for (const w of batch) w.reject(e);
          // A row the database refuses must not fail the requests that happened to share its INSERT:
          // each is written on its own, and only the one at fault is refused.
          else await this.insertOneByOne(batch);
        } finally {
          this.queuedAlerts -= alertsInBatch;
        }
      }
    } finally {
      this.active--;
    }
  }
}

declare module '../kernel/runtime.ts' {
  interface Runtime {
    /** Intake's micro-batcher: the intake routes commit events through it. */
    intake: IntakeBatcher;
  }
}
