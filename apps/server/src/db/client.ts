/**
 * Opens Faultline's one SQL dialect, PostgreSQL: embedded PGlite (data in a local folder) by default, or a
 * real server when `DATABASE_URL` is set. Both are driven through drizzle-orm with the same schema and the
 * same migrations (apps/server/drizzle), applied at open.
 */
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { lockDataFolder, type FolderLock } from './lock.ts';
import { tighten } from './data-folder.ts';

/**
 * A drizzle database or transaction over either driver. Queries use the query builder and SQL; the relational
 * query API (`db.query.*`) is not used, so no schema object is registered: each domain owns its tables.
 */
export type Db = PgDatabase<PgQueryResultHKT>;

/** A raw parameterised query on the pool (not in a transaction): for hot paths where drizzle's query building costs more than the query. */
export type RawQuery = <T = Record<string, unknown>>(text: string, params: unknown[]) => Promise<T[]>;

export interface Database {
  db: Db;
  query: RawQuery;
  /** `pglite` (embedded) or `postgres` (DATABASE_URL). */
  kind: 'pglite' | 'postgres';
  /**
   * PostgreSQL only: a new client on the same server, outside the pool, named `applicationName` in
   * `pg_stat_activity` (the node channel's listening connection, db/node-channel.ts). The caller connects
   * and ends it.
   */
  dedicatedClient?: (applicationName: string) => pg.Client;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** A postgres:// URL; when absent the embedded database lives in `dataDir/pgdata`. */
  databaseUrl?: string | undefined;
  /** Data folder for the embedded database and its lock; created if missing. */
  dataDir: string;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /** Pool size for PostgreSQL (default 10). */
  poolSize?: number;
  /**
   * Called when an idle pooled connection fails (PostgreSQL restarted, the connection was terminated).
   * The pool drops that connection and opens a new one on demand; without a listener the error would
   * crash the process.
   */
  onIdleError?: (err: Error) => void;
}

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

// Any fixed number; all Faultline nodes use it to apply migrations one at a time.
const MIGRATION_LOCK = 7_041_977;

/**
 * Opens the database and applies migrations.
 * @throws AppError CONFLICT when another process holds the embedded data folder.
 */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    pool.on('error', (err) => opts.onIdleError?.(err));
    const db = drizzlePg({ client: pool }) as unknown as Db;
    if (opts.migrate !== false) {
      // Several nodes may start together on one server: take a session-level advisory lock around migrate.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migratePg(drizzlePg({ client }), { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
        client.release();
      }
    }
    const query: RawQuery = async (text, params) => (await pool.query(text, params)).rows;
    const dedicatedClient = (applicationName: string) =>
      new pg.Client({ connectionString: opts.databaseUrl, application_name: applicationName });
    return { db, query, kind: 'postgres', dedicatedClient, close: () => pool.end() };
  }

  const lock: FolderLock = lockDataFolder(opts.dataDir);
  try {
    const client = new PGlite(join(opts.dataDir, 'pgdata'));
    await client.waitReady;
    const db = drizzlePglite({ client }) as unknown as Db;
    if (opts.migrate !== false) await migratePglite(drizzlePglite({ client }), { migrationsFolder });
    // PGlite sets some files' modes itself (data-folder.ts): private again once open, and after closing.
    tighten(opts.dataDir);
    const query: RawQuery = async <T>(text: string, params: unknown[]) => (await client.query<T>(text, params)).rows;
    return {
      db,
      query,
      kind: 'pglite',
      async close() {
        await client.close();
        tighten(opts.dataDir);
        lock.release();
      },
    };
  } catch (e) {
    lock.release();
    throw e;
  }
}

/** Rows of a raw SQL statement, the same on both drivers. */
export async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
