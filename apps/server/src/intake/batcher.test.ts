import { describe, expect, it } from 'vitest';
import type { RawQuery } from '../db/client.ts';
import { IntakeBatcher, type PendingEvent } from './batcher.ts';

const event = (payload: string): PendingEvent => ({
  integration: 'k',
  source: 'generic',
  receivedAt: new Date('2026-11-21T14:00:00Z'),
  payload,
  signals: [],
});

/** A database that refuses any INSERT holding the payload `bad` (as for a value it cannot store). */
function fakeDb(refuse: (params: unknown[]) => Error | null) {
  let nextId = 1;
  const statements: number[] = [];
  const query = (async (_text: string, params: unknown[]) => {
    const rows = params.length / 5;
    statements.push(rows);
    const error = refuse(params);
    if (error) throw error;
    return Array.from({ length: rows }, () => ({ id: nextId++ }));
  }) as RawQuery;
  return { query, statements };
}

describe('IntakeBatcher', () => {
  it('commits requests that arrive together in one INSERT', async () => {
    const db = fakeDb(() => null);
    const b = new IntakeBatcher(db.query);
    expect(await Promise.all([b.submit(event('a')), b.submit(event('b')), b.submit(event('c'))])).toEqual([1, 2, 3]);
    expect(db.statements).toEqual([3]);
  });

  it('a row the database refuses fails only its own request: the batch is written again row by row', async () => {
    const dataError = Object.assign(new Error('invalid byte sequence'), { code: '22021' });
    const db = fakeDb((params) => (params.includes('bad') ? dataError : null));
    const b = new IntakeBatcher(db.query);
    const results = await Promise.allSettled([b.submit(event('a')), b.submit(event('bad')), b.submit(event('c'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[1]).toMatchObject({ reason: dataError });
    expect(db.statements).toEqual([3, 1, 1, 1]);
  });

  it('a database that is down fails the whole batch at once, without a statement per row', async () => {
    const down = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const db = fakeDb(() => down);
    const b = new IntakeBatcher(db.query);
    const results = await Promise.allSettled([b.submit(event('a')), b.submit(event('b'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(db.statements).toEqual([2]);
  });
});
