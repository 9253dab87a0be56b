/**
 * A fingerprint of everything a server has stored: one md5 per table of the public schema over its rows.
 * Two equal snapshots mean a request wrote nothing (no insert, update or delete anywhere). Take both with
 * a clock that does not move in between, since reading with a token refreshes its last-use time.
 */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../apps/server/src/db/client.ts';

export type DbSnapshot = Record<string, string>;

export async function snapshot(db: Db): Promise<DbSnapshot> {
  const tables = await rows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const out: DbSnapshot = {};
  for (const { name } of tables) {
    const [r] = await rows<{ h: string | null }>(
      db,
      sql`select md5(coalesce(string_agg(t::text, E'\n' order by t::text), '')) as h from ${sql.identifier(name)} t`,
    );
    out[name] = r?.h ?? '';
  }
  return out;
}

/** The tables whose contents differ between two snapshots. */
export function changedTables(before: DbSnapshot, after: DbSnapshot): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n] !== after[n]).sort();
}
