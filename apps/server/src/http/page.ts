/**
 * The cursor of every list endpoint (contracts: `pageQuery`, `pageOf`; docs/api.md#lists-and-pagination).
 * A cursor is the position of a page's last item in the list's fixed order — e.g. `[42]` for the incident
 * with id 42 in newest-first order — as base64url JSON. A store reads the items after that position (keyset
 * paging: stable while items are added, and as fast on page 1,000 as on page 1).
 */
import { z } from 'zod';
import type { PageQuery } from '@faultline/contracts';
import { AppError } from '../lib/index.ts';

/** A position of one value: a numeric id, or a string key (an email, a team id). */
export const IdCursor = z.tuple([z.number().int().positive()]);
export const KeyCursor = z.tuple([z.string().min(1).max(400)]);

/** One page of items and the cursor of the next page (null on the last). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The cursor for a position. */
export function encodeCursor(position: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/**
 * The position a `cursor` query parameter names, checked against the list's `shape`; undefined without one.
 * @throws AppError VALIDATION naming `querystring.cursor` for anything that is not a cursor of this list
 */
export function decodeCursor<T>(cursor: string | undefined, shape: z.ZodType<T>): T | undefined {
  if (cursor === undefined) return undefined;
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    position = undefined;
  }
  const parsed = shape.safeParse(position);
  if (!parsed.success) {
    throw new AppError('VALIDATION', 'invalid querystring: querystring.cursor: not a cursor of this list', [
      { path: 'querystring.cursor', message: 'not a cursor of this list; pass the nextCursor of the previous page' },
    ]);
  }
  return parsed.data;
}

/**
 * A page from `rows` read in the list's order with `limit + 1` as their limit: the extra row only tells that
 * there is a next page.
 */
export function pageOfRows<T>(rows: readonly T[], limit: number, positionOf: (item: T) => readonly unknown[]): Page<T> {
  const items = rows.slice(0, limit);
  const more = rows.length > limit;
  return { items, nextCursor: more && items.length > 0 ? encodeCursor(positionOf(items.at(-1)!)) : null };
}

/**
 * A page of a list held in memory (schedules, policies, modules, KPI watches: config and stored ones merged),
 * in order of `keyOf` (unique; compared by code units, so the order does not depend on a locale).
 * @throws AppError VALIDATION for a bad cursor
 */
export function pageOfList<T>(items: readonly T[], q: PageQuery, keyOf: (item: T) => string): Page<T> {
  const after = decodeCursor(q.cursor, KeyCursor)?.[0];
  const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const rest = after === undefined ? sorted : sorted.filter((item) => keyOf(item) > after);
  return pageOfRows(rest.slice(0, q.limit + 1), q.limit, (item) => [keyOf(item)]);
}
