/**
 * `faultline backup`, `faultline restore` and `faultline migrate-store` on the embedded store of a data folder
 * (docs/operations.md#backup-and-restore): sessions on either embedded store, opened with the folder's lock or, for
 * a backup of a running embedded PostgreSQL, through its socket next to the running server.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { AppError } from '../lib/index.ts';
import { lockDataFolder } from './lock.ts';
import { tighten } from './data-folder.ts';
import { embeddedStore, type EmbeddedStore } from './client.ts';
import {
  CLUSTER_DIR,
  embeddedConnection,
  findPostgresBinaries,
  runningPostmaster,
  startEmbeddedPostgres,
  type EmbeddedPostgres,
} from './embedded-postgres.ts';
import { checkBackup, loadBackup, writeBackup, type BackupSummary } from './backup.ts';

export interface StoreToolOptions {
  dataDir: string;
  /** For FAULTLINE_EMBEDDED and FAULTLINE_POSTGRES_USER. */
  env: NodeJS.ProcessEnv;
  now: Date;
  onNotice?: (message: string) => void;
}

const PGDATA = 'pgdata';

async function startLocked(opts: StoreToolOptions): Promise<{ server: EmbeddedPostgres; release(): Promise<void> }> {
  const binaries = findPostgresBinaries();
  if (!binaries) throw new AppError('UNAVAILABLE', 'the PostgreSQL package for this platform is not installed');
  const lock = lockDataFolder(opts.dataDir);
  try {
    const server = await startEmbeddedPostgres({
      dataDir: opts.dataDir,
      binaries,
      env: opts.env,
      ...(opts.onNotice ? { onNotice: opts.onNotice } : {}),
    });
    return {
      server,
      async release() {
        await server.stop();
        lock.release();
      },
    };
  } catch (e) {
    lock.release();
    throw e;
  }
}

/** A client on the embedded PostgreSQL's `faultline` database, or on `postgres`. */
async function connect(connection: EmbeddedPostgres['connection'], database = connection.database): Promise<pg.Client> {
  const client = new pg.Client({ ...connection, database });
  await client.connect();
  return client;
}

/**
 * Writes a backup of the data folder's embedded store to `file`. The embedded PostgreSQL is read while Faultline
 * runs (a consistent snapshot through its socket) or, when it is stopped, started for the backup; PGlite only while
 * Faultline is stopped (the folder's lock).
 * @throws AppError CONFLICT when PGlite's folder is in use; UNAVAILABLE when the store cannot start.
 */
export async function backupEmbedded(
  opts: StoreToolOptions,
  file: string,
): Promise<BackupSummary & { store: EmbeddedStore }> {
  const dataDir = resolve(opts.dataDir);
  const store = embeddedStore({ env: opts.env, dataDir });
  if (store === 'postgres') {
    if (runningPostmaster(join(dataDir, CLUSTER_DIR)) !== null && existsSync(join(dataDir, 'faultline.lock'))) {
      const client = await connect(embeddedConnection(dataDir));
      try {
        return { ...(await writeBackup(client, file, opts.now)), store };
      } finally {
        await client.end();
      }
    }
    const { server, release } = await startLocked({ ...opts, dataDir });
    try {
      const client = await connect(server.connection);
      try {
        return { ...(await writeBackup(client, file, opts.now)), store };
      } finally {
        await client.end();
      }
    } finally {
      await release();
    }
  }
  const lock = lockDataFolder(dataDir);
  try {
    const db = new PGlite(join(dataDir, PGDATA));
    try {
      return { ...(await writeBackup(db, file, opts.now)), store };
    } finally {
      await db.close();
      tighten(dataDir);
    }
  } finally {
    lock.release();
  }
}

/** Loads `file` into a new, empty `faultline` database of the embedded PostgreSQL (the old one is dropped). */
async function restoreIntoPostgres(opts: StoreToolOptions, file: string): Promise<BackupSummary> {
  const { server, release } = await startLocked(opts);
  try {
    const admin = await connect(server.connection, 'postgres');
    try {
      await admin.query(`drop database if exists ${server.connection.database} with (force)`);
      await admin.query(`create database ${server.connection.database}`);
    } finally {
      await admin.end();
    }
    const client = await connect(server.connection);
    try {
      return await loadBackup(client, file, (folder) => migratePg(drizzlePg({ client }), { migrationsFolder: folder }));
    } finally {
      await client.end();
    }
  } finally {
    await release();
  }
}

/** Loads `file` into a new PGlite folder, then swaps it in (the previous one is kept as `pgdata.before-restore`). */
async function restoreIntoPglite(opts: StoreToolOptions, file: string): Promise<BackupSummary> {
  const lock = lockDataFolder(opts.dataDir);
  try {
    const building = join(opts.dataDir, `${PGDATA}.restoring`);
    rmSync(building, { recursive: true, force: true });
    const db = new PGlite(building);
    let summary: BackupSummary;
    try {
      summary = await loadBackup(db, file, (folder) =>
        migratePglite(drizzlePglite({ client: db }), { migrationsFolder: folder }),
      );
    } catch (e) {
      await db.close();
      rmSync(building, { recursive: true, force: true });
      throw e;
    }
    await db.close();
    const current = join(opts.dataDir, PGDATA);
    const before = join(opts.dataDir, `${PGDATA}.before-restore`);
    if (existsSync(current)) {
      rmSync(before, { recursive: true, force: true });
      renameSync(current, before);
    }
    renameSync(building, current);
    tighten(opts.dataDir);
    return summary;
  } finally {
    lock.release();
  }
}

/**
 * Replaces the data folder's embedded store with the contents of the backup `file`. Faultline must be stopped.
 * @throws AppError CONFLICT when the folder is in use; VALIDATION for a file that is not a Faultline backup or comes
 *   from a newer version (nothing is changed then).
 */
export async function restoreEmbedded(
  opts: StoreToolOptions,
  file: string,
): Promise<BackupSummary & { store: EmbeddedStore }> {
  const store = embeddedStore({ env: opts.env, dataDir: opts.dataDir });
  await checkBackup(file);
  const summary = store === 'postgres' ? await restoreIntoPostgres(opts, file) : await restoreIntoPglite(opts, file);
  return { ...summary, store };
}

/**
 * Moves a data folder from PGlite (`pgdata/`) to the embedded PostgreSQL (`postgres/`): a backup of PGlite restored
 * into a new cluster. `pgdata/` is left as it was (delete it once the server runs on PostgreSQL). Faultline must be
 * stopped.
 * @throws AppError VALIDATION when there is no PGlite store or the folder already has a PostgreSQL cluster;
 *   CONFLICT when the folder is in use; UNAVAILABLE when PostgreSQL cannot start.
 */
export async function migrateStore(opts: StoreToolOptions): Promise<BackupSummary & { backup: string }> {
  const dataDir = resolve(opts.dataDir);
  if (!existsSync(join(dataDir, PGDATA))) {
    throw new AppError('VALIDATION', `${dataDir} has no PGlite store (${PGDATA}/) to move`);
  }
  if (existsSync(join(dataDir, CLUSTER_DIR))) {
    throw new AppError(
      'VALIDATION',
      `${dataDir} already has an embedded PostgreSQL (${CLUSTER_DIR}/); move it aside to migrate the PGlite store again`,
    );
  }
  if (!findPostgresBinaries())
    throw new AppError('UNAVAILABLE', 'the PostgreSQL package for this platform is not installed');
  const backup = join(dataDir, 'pglite-to-postgres.backup.gz');
  // Brings PGlite's schema to this version first, so the backup and the new cluster agree.
  const lock = lockDataFolder(dataDir);
  try {
    const db = new PGlite(join(dataDir, PGDATA));
    try {
      await migratePglite(drizzlePglite({ client: db }), {
        migrationsFolder: fileURLToPath(new URL('../../drizzle', import.meta.url)),
      });
    } finally {
      await db.close();
    }
  } finally {
    lock.release();
  }
  await backupEmbedded({ ...opts, dataDir, env: { ...opts.env, FAULTLINE_EMBEDDED: 'pglite' } }, backup);
  try {
    const summary = await restoreIntoPostgres({ ...opts, dataDir }, backup);
    rmSync(backup, { force: true });
    return { ...summary, backup };
  } catch (e) {
    rmSync(join(dataDir, CLUSTER_DIR), { recursive: true, force: true });
    throw e;
  }
}
