/**
 * Cursor pagination, the same on every list endpoint (docs/api.md#lists-and-pagination): `?limit=&cursor=` in,
 * `{ <items>: [...], nextCursor }` out. `nextCursor` is null on the last page; otherwise pass it back as
 * `cursor` for the next page. Cursors are opaque: they name a position in the list's fixed order, so a page
 * never repeats or skips an item that was there when the first page was read.
 */
import { z } from 'zod';

/** The largest page any list serves. */
export const PAGE_LIMIT_MAX = 1000;

/** `nextCursor` of a page. */
export const NextCursor = z
  .string()
  .nullable()
  .describe('pass as `cursor` to get the next page; null on the last page');

/** The paging query parameters, with the list's default page size. */
export function pageQuery(defaultLimit: number) {
  return z.object({
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(PAGE_LIMIT_MAX)
      .default(defaultLimit)
      .describe(`items per page (1–${PAGE_LIMIT_MAX}, default ${defaultLimit})`),
    cursor: z.string().min(1).max(500).optional().describe('the `nextCursor` of the previous page'),
  });
}
export type PageQuery = { limit: number; cursor?: string | undefined };

/** A page of a list: the items under `key` (the list's name, e.g. `incidents`) and `nextCursor`. */
export function pageOf<K extends string, T extends z.ZodType>(key: K, item: T) {
  return z.object({ [key]: z.array(item), nextCursor: NextCursor } as { [P in K]: z.ZodArray<T> } & {
    nextCursor: typeof NextCursor;
  });
}
