/**
 * Retention's one deletion shape (docs/operations.md#retention): delete the oldest rows of an append-mostly table
 * in bounded batches, so a prune never holds a long lock or a long transaction (on the embedded store, never blocks
 * intake for longer than one batch).
 *
 * Rows are walked in id order, which is insertion order: the scan starts at the oldest row and stops at the `edge`,
 * the first row inserted at or after the cutoff, so a run costs what it deletes plus the few old rows it must keep
 * (e.g. quarantined events), never a scan of the whole table and no extra index on the intake path.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { rows } from './client.ts';

/** What to prune from one table. Identifiers are the caller's constants, never input. */
export interface PruneSpec {
  /** Table with a bigint `id` identity column that grows with insertion. */
  table: string;
  /** The instant column written at insert (e.g. `received_at`, `created_at`): bounds the walk. */
  insertedAt: string;
  /**
   * SQL condition a row must also meet to be deleted (e.g. `processed_at is not null`, `done_at < $before`);
   * `$before` is replaced by the cutoff parameter. Default: none.
   */
  where?: string;
}

/**
 * Deletes up to `limit` rows of `spec.table` inserted before `before` that meet `spec.where`, oldest first, in one
 * statement.
 * @returns how many rows were deleted (fewer than `limit`: nothing more is due now)
 */
export async function pruneOldest(db: Db, spec: PruneSpec, before: Date, limit: number): Promise<number> {
  const t = sql.identifier(spec.table);
  const at = sql.identifier(spec.insertedAt);
  const cutoff = sql`${before.toISOString()}::timestamptz`;
  const extra = spec.where
    ? sql.join(
        spec.where.split('$before').flatMap((part, i) => (i === 0 ? [sql.raw(part)] : [cutoff, sql.raw(part)])),
        sql``,
      )
    : sql`true`;
  const [r] = await rows<{ n: number }>(
    db,
    sql`with edge as (select id from ${t} where ${at} >= ${cutoff} order by id limit 1),
             gone as (
               delete from ${t} where id in (
                 select id from ${t}
                  where id < coalesce((select id from edge), 9223372036854775807)
                    and ${at} < ${cutoff} and (${extra})
                  order by id limit ${limit})
               returning 1)
        select count(*)::int as n from gone`,
  );
  return r?.n ?? 0;
}
