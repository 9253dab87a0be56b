import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors.ts';
import { IdCursor, KeyCursor, decodeCursor, encodeCursor, pageOfList, pageOfRows } from './page.ts';

describe('cursors', () => {
  it('round-trip a position', () => {
    expect(decodeCursor(encodeCursor([42]), IdCursor)).toEqual([42]);
    expect(decodeCursor(encodeCursor(['ana@example.com']), KeyCursor)).toEqual(['ana@example.com']);
    expect(decodeCursor(undefined, IdCursor)).toBeUndefined();
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor'],
    ['another shape', encodeCursor(['ana@example.com'])],
    ['a negative id', encodeCursor([-1])],
    ['an empty position', encodeCursor([])],
  ])('refuse %s with VALIDATION naming querystring.cursor', (_what, cursor) => {
    let error: unknown;
    try {
      decodeCursor(cursor, IdCursor);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION');
    expect((error as AppError).fields?.map((f) => f.path)).toEqual(['querystring.cursor']);
  });
});

describe('pageOfRows', () => {
  it('gives a next cursor only when the extra row came back', () => {
    expect(pageOfRows([{ id: 9 }, { id: 8 }, { id: 7 }], 2, (r) => [r.id])).toEqual({
      items: [{ id: 9 }, { id: 8 }],
      nextCursor: encodeCursor([8]),
    });
    expect(pageOfRows([{ id: 9 }, { id: 8 }], 2, (r) => [r.id])).toEqual({
      items: [{ id: 9 }, { id: 8 }],
      nextCursor: null,
    });
    expect(pageOfRows([], 2, () => [])).toEqual({ items: [], nextCursor: null });
  });
});

describe('pageOfList', () => {
  const items = ['delta', 'alpha', 'Charlie', 'bravo'].map((id) => ({ id }));

  it('pages in code-unit order of the key, from after the cursor', () => {
    const first = pageOfList(items, { limit: 2 }, (i) => i.id);
    expect(first.items.map((i) => i.id)).toEqual(['Charlie', 'alpha']);
    const second = pageOfList(items, { limit: 2, cursor: first.nextCursor! }, (i) => i.id);
    expect(second.items.map((i) => i.id)).toEqual(['bravo', 'delta']);
    expect(second.nextCursor).toBeNull();
  });

  it('continues after a removed item', () => {
    const first = pageOfList(items, { limit: 2 }, (i) => i.id);
    const rest = pageOfList(
      items.filter((i) => i.id !== 'alpha'),
      { limit: 5, cursor: first.nextCursor! },
      (i) => i.id,
    );
    expect(rest.items.map((i) => i.id)).toEqual(['bravo', 'delta']);
  });
});
