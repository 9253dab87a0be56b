/**
 * Opens Faultline's one SQL dialect, PostgreSQL: a server when `DATABASE_URL` is set; otherwise the embedded store
 * in the data folder — a real PostgreSQL that Faultline starts and supervises (embedded-postgres.ts), or PGlite
 * (in-process WebAssembly) where the platform has no PostgreSQL package or on request (`FAULTLINE_EMBEDDED=pglite`).
 * All are driven through drizzle-orm with the same schema and the same migrations (apps/server/drizzle), applied at
 * open; the embedded PostgreSQL goes through the same `pg` pool as `DATABASE_URL`.
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
import { existsSync } from 'node:fs';
import { lockDataFolder, type FolderLock } from './lock.ts';
import { tighten } from './data-folder.ts';
import {
  CLUSTER_DIR,
  findPostgresBinaries,
  startEmbeddedPostgres,
  type EmbeddedPostgres,
} from './embedded-postgres.ts';
import { AppError } from '../lib/index.ts';

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
  /** The SQL engine: `pglite` (in-process) or `postgres` (DATABASE_URL or the embedded PostgreSQL). */
  kind: 'pglite' | 'postgres';
  /**
   * A shared PostgreSQL (DATABASE_URL) only: a new client on the same server, outside the pool, named
   * `applicationName` in `pg_stat_activity` (the node channel's listening connection, db/node-channel.ts). The
   * caller connects and ends it. Absent on the embedded stores, which one node owns alone.
   */
  dedicatedClient?: (applicationName: string) => pg.Client;
  /** Which embedded store runs in the data folder; null with DATABASE_URL. */
  embedded: EmbeddedStore | null;
  close(): Promise<void>;
}

/** The two embedded stores: `postgres` (a supervised PostgreSQL server, the default) and `pglite`. */
export type EmbeddedStore = 'postgres' | 'pglite';

export interface OpenOptions {
  /** A postgres:// URL; when absent the embedded database lives in the data folder. */
  databaseUrl?: string | undefined;
  /**
   * Which embedded store (ignored with `databaseUrl`): `postgres` in `dataDir/postgres`, `pglite` in
   * `dataDir/pgdata`. Default: `FAULTLINE_EMBEDDED` of `env`, else `postgres` where this platform's PostgreSQL
   * package is installed, else `pglite`.
   */
  embedded?: EmbeddedStore | undefined;
  /** The environment for the defaults above and `FAULTLINE_POSTGRES_USER` (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Told about an orphaned embedded PostgreSQL stopped before start. */
  onNotice?: (message: string) => void;
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
 * The embedded store `opts` asks for, or the default: PostgreSQL where its package is installed — except for a data
 * folder that holds a PGlite store (`pgdata/`) and no PostgreSQL cluster yet, which stays on PGlite until
 * `faultline migrate-store` moves it (a new, empty store must never hide the old one's data).
 */
export function embeddedStore(opts: Pick<OpenOptions, 'embedded' | 'env' | 'dataDir'>): EmbeddedStore {
  const asked = opts.embedded ?? (opts.env ?? process.env).FAULTLINE_EMBEDDED;
  if (asked === 'pglite') return 'pglite';
  if (asked === 'postgres') return 'postgres';
  if (asked) throw new AppError('VALIDATION', `FAULTLINE_EMBEDDED must be postgres or pglite, not "${asked}"`);
  if (legacyPglite(opts.dataDir)) return 'pglite';
  return findPostgresBinaries() ? 'postgres' : 'pglite';
}

/** A data folder with a PGlite store and no PostgreSQL cluster. */
function legacyPglite(dataDir: string): boolean {
  return existsSync(join(dataDir, 'pgdata')) && !existsSync(join(dataDir, CLUSTER_DIR));
}

/** A pool on a PostgreSQL server with migrations applied: DATABASE_URL and the embedded server alike. */
async function openPool(
  config: pg.PoolConfig,
  opts: OpenOptions,
  embedded: EmbeddedStore | null,
  onClose: () => Promise<void>,
): Promise<Database> {
  const pool = new pg.Pool({ ...config, max: opts.poolSize ?? 10 });
  pool.on('error', (err) => opts.onIdleError?.(err));
  const db = drizzlePg({ client: pool }) as unknown as Db;
  try {
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
  } catch (e) {
    await pool.end().catch(() => {});
    await onClose();
    throw e;
  }
  const query: RawQuery = async (text, params) => (await pool.query(text, params)).rows;
  return {
    db,
    query,
    kind: 'postgres',
    embedded,
    ...(embedded === null
      ? {
          dedicatedClient: (applicationName: string) => new pg.Client({ ...config, application_name: applicationName }),
        }
      : {}),
    async close() {
      // Connections the server ends while the pool closes are expected, not worth a warning.
      pool.removeAllListeners('error');
      pool.on('error', () => {});
      await pool.end();
      await onClose();
    },
  };
}

/**
 * Opens the database and applies migrations; with the embedded PostgreSQL, starts it first (and `close` stops it,
 * after the pool has ended).
 * @throws AppError CONFLICT when another process holds the embedded data folder; UNAVAILABLE when the embedded
 *   PostgreSQL cannot start (the message says how to fix it).
 */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) return openPool({ connectionString: opts.databaseUrl }, opts, null, async () => {});

  const store = embeddedStore(opts);
  if (store === 'pglite' && !opts.embedded && !opts.env?.FAULTLINE_EMBEDDED && legacyPglite(opts.dataDir)) {
    if (findPostgresBinaries()) {
      opts.onNotice?.(
        `${opts.dataDir} holds a PGlite store: running on it. \`faultline migrate-store\` (with Faultline stopped) ` +
          'moves it to the embedded PostgreSQL (docs/operations.md#the-embedded-store)',
      );
    }
  }
  const lock: FolderLock = lockDataFolder(opts.dataDir);
  if (store === 'postgres') {
    const binaries = findPostgresBinaries();
    if (!binaries) {
      lock.release();
      throw new AppError(
        'UNAVAILABLE',
        `FAULTLINE_EMBEDDED=postgres, but the PostgreSQL package for this platform is not installed ` +
          `(npm install --include=optional); or set FAULTLINE_EMBEDDED=pglite`,
      );
    }
    let server: EmbeddedPostgres;
    try {
      server = await startEmbeddedPostgres({
        dataDir: opts.dataDir,
        binaries,
        ...(opts.env ? { env: opts.env } : {}),
        ...(opts.onNotice ? { onNotice: opts.onNotice } : {}),
      });
    } catch (e) {
      lock.release();
      throw e;
    }
    return openPool(server.connection, opts, 'postgres', async () => {
      await server.stop();
      lock.release();
    });
  }

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
      embedded: 'pglite',
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
