import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatchFailed, type ConvergeResult } from './converge.ts';
import { ConvergenceBisector, type BisectSteps } from './bisect.ts';

/**
 * A fake event store with convergeBatch's contract: a step applies a prefix of the pending (unprocessed,
 * not quarantined) events in id order, or fails as a whole naming the events it tried.
 */
class FakeStore implements BisectSteps {
  readonly applied: number[] = [];
  readonly attempts = new Map<number, number>();
  readonly quarantined = new Set<number>();
  transactions = 0;
  private readonly pending: number[];
  private readonly bad: Set<number>;
  private readonly quarantineAfter: number;
  /** Events that fail this many times, then succeed (a fault that goes away). */
  private readonly flaky: Map<number, number>;

  constructor(n: number, bad: Iterable<number>, quarantineAfter: number, flaky = new Map<number, number>()) {
    this.pending = Array.from({ length: n }, (_, i) => i + 1);
    this.bad = new Set(bad);
    this.quarantineAfter = quarantineAfter;
    this.flaky = flaky;
  }

  get idle(): boolean {
    return this.pending.length === 0;
  }

  async converge(limit: number): Promise<ConvergeResult> {
    this.transactions++;
    const batch = this.pending.slice(0, limit);
    const failing = batch.find((id) => this.bad.has(id) || (this.flaky.get(id) ?? 0) > 0);
    if (failing !== undefined) {
      if (this.flaky.has(failing)) this.flaky.set(failing, this.flaky.get(failing)! - 1);
      throw new BatchFailed(batch, new Error(`event ${failing} is bad`));
    }
    this.pending.splice(0, batch.length);
    this.applied.push(...batch);
    return {
      events: batch.length,
      signals: batch.length,
      createdIncidents: [],
      updatedIncidents: [],
      queuedJobs: false,
    };
  }

  async recordFailure(eventId: number): Promise<{ attempts: number; quarantined: boolean }> {
    const attempts = (this.attempts.get(eventId) ?? 0) + 1;
    this.attempts.set(eventId, attempts);
    const quarantined = attempts >= this.quarantineAfter;
    if (quarantined) {
      this.quarantined.add(eventId);
      this.pending.splice(this.pending.indexOf(eventId), 1);
    }
    return { attempts, quarantined };
  }

  isTransient(error: unknown): boolean {
    return error instanceof Error && error.message === 'connection terminated';
  }
}

/** Steps until every event is applied or quarantined; fails the test beyond `maxSteps`. */
async function run(store: FakeStore, bisector: ConvergenceBisector, maxSteps = 100_000): Promise<number> {
  let steps = 0;
  while (!store.idle) {
    await bisector.step();
    if (++steps > maxSteps) throw new Error(`no end after ${maxSteps} steps`);
  }
  return steps;
}

describe('ConvergenceBisector', () => {
  it('applies everything in one transaction per 200 events when nothing fails', async () => {
    const store = new FakeStore(450, [], 5);
    await run(store, new ConvergenceBisector(store, 200));
    expect(store.applied).toEqual(Array.from({ length: 450 }, (_, i) => i + 1));
    expect(store.transactions).toBe(3);
  });

  it('isolates one bad event: applies those ahead of it, quarantines it after its tries, then the rest', async () => {
    const store = new FakeStore(10, [4], 3);
    const bisector = new ConvergenceBisector(store, 8);
    const outcomes = [];
    while (!store.idle) outcomes.push(await bisector.step());
    expect(store.applied).toEqual([1, 2, 3, 5, 6, 7, 8, 9, 10]);
    expect(store.quarantined).toEqual(new Set([4]));
    expect(store.attempts.get(4)).toBe(3);
    // 1..8 fails, 1..4 fails, 1..2 applied, 3..6 fails, 3..4 fails, 3 applied, 4..5 fails, then 4 alone
    // fails three times and is set aside; 5, 6..7 and 8..10 follow as the batch size doubles again.
    expect(outcomes.map((o) => o.kind)).toEqual([
      'split',
      'split',
      'applied',
      'split',
      'split',
      'applied',
      'split',
      'failed',
      'failed',
      'failed',
      'applied',
      'applied',
      'applied',
    ]);
    // The try count is exact: one failed step per try once the event is first in line.
    const failures = outcomes.filter((o) => o.kind === 'failed');
    expect(failures.map((o) => o.kind === 'failed' && [o.eventId, o.attempts, o.quarantined])).toEqual([
      [4, 1, false],
      [4, 2, false],
      [4, 3, true],
    ]);
  });

  it('an event that fails only for a while is applied, in order, without being quarantined', async () => {
    // Event 3 fails four times: three times inside batches (no try counted), once on its own.
    const store = new FakeStore(6, [], 5, new Map([[3, 4]]));
    await run(store, new ConvergenceBisector(store, 4));
    expect(store.applied).toEqual([1, 2, 3, 4, 5, 6]);
    expect(store.quarantined.size).toBe(0);
    expect(store.attempts.get(3)).toBe(1);
  });

  it('throws transient errors without splitting or counting a try', async () => {
    const store = new FakeStore(5, [], 3);
    store.converge = async () => {
      throw new BatchFailed([1, 2, 3, 4, 5], new Error('connection terminated'));
    };
    const bisector = new ConvergenceBisector(store, 8);
    await expect(bisector.step()).rejects.toThrow(BatchFailed);
    expect(bisector.nextLimit).toBe(8);
    expect(store.attempts.size).toBe(0);
  });

  it('throws errors from before any event was read as they are', async () => {
    const store = new FakeStore(5, [], 3);
    const down = new Error('the database is starting up');
    store.converge = async () => {
      throw down;
    };
    await expect(new ConvergenceBisector(store).step()).rejects.toBe(down);
  });

  it('for any events and bad events: good ones applied once each in id order, bad ones quarantined after exactly their tries, in bounded transactions', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 256 }),
        fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 12 }),
        async (n, quarantineAfter, maxLimit, badIds) => {
          const bad = new Set(badIds.filter((id) => id <= n));
          const store = new FakeStore(n, bad, quarantineAfter);
          const steps = await run(store, new ConvergenceBisector(store, maxLimit));
          const good = Array.from({ length: n }, (_, i) => i + 1).filter((id) => !bad.has(id));
          expect(store.applied).toEqual(good);
          expect(store.quarantined).toEqual(bad);
          for (const id of bad) expect(store.attempts.get(id)).toBe(quarantineAfter);
          // Without bad events: one transaction per maxLimit events. Each bad event adds its tries, and the
          // halvings and doublings around it: O(log² maxLimit).
          const log = Math.ceil(Math.log2(maxLimit)) + 1;
          expect(steps).toBeLessThanOrEqual(Math.ceil(n / maxLimit) + bad.size * (quarantineAfter + 2 * log * log));
        },
      ),
    );
  });
});
