/**
 * `faultline backup <file>`, `faultline restore <file>` and `faultline migrate-store`: the embedded store of
 * FAULTLINE_DATA_DIR (docs/operations.md#backup-and-restore). With DATABASE_URL they refuse and name PostgreSQL's
 * own tools.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parseBootEnv } from '../config/index.ts';
import { backupEmbedded, makeDataFolderPrivate, migrateStore, restoreEmbedded } from '../db/index.ts';
import { AppError, systemClock } from '../lib/index.ts';

const PG_TOOLS =
  'with DATABASE_URL the data lives in your PostgreSQL: back it up with its own tools ' +
  '(pg_dump -Fc / pg_restore, or pg_basebackup with WAL archiving; docs/operations.md#backup-and-restore)';

/** Runs a store command: the boot env, its messages, exit 1 with the error's message on failure. */
async function run(name: string, body: (o: { dataDir: string; env: NodeJS.ProcessEnv }) => Promise<string>) {
  try {
    const env = parseBootEnv(process.env);
    if (env.DATABASE_URL) throw new AppError('VALIDATION', PG_TOOLS);
    const dataDir = resolve(env.FAULTLINE_DATA_DIR);
    // As the server does: what these commands create is private (umask 077), and so is what PGlite reopened.
    makeDataFolderPrivate(dataDir);
    const message = await body({ dataDir, env: process.env });
    makeDataFolderPrivate(dataDir);
    process.stdout.write(`${message}\n`);
  } catch (e) {
    process.stderr.write(`faultline ${name}: ${e instanceof AppError ? e.message : String(e)}\n`);
    if (!(e instanceof AppError)) console.error(e);
    process.exit(1);
  }
}

const notice = (message: string) => process.stderr.write(`${message}\n`);

export function registerStoreCommands(program: Command): void {
  program
    .command('backup')
    .argument('<file>', 'where to write the backup (gzipped; holds every secret of the database: keep it private)')
    .description('back up the embedded store of FAULTLINE_DATA_DIR (while Faultline runs, on the embedded PostgreSQL)')
    .action((file: string) =>
      run('backup', async (o) => {
        const r = await backupEmbedded({ ...o, now: systemClock.now(), onNotice: notice }, resolve(file));
        return `backed up ${r.rows} rows of ${r.tables} tables (embedded ${r.store}) to ${resolve(file)}`;
      }),
    );
  program
    .command('restore')
    .argument('<file>', 'a file written by `faultline backup`')
    .description('replace the embedded store of FAULTLINE_DATA_DIR with a backup (Faultline stopped)')
    .action((file: string) =>
      run('restore', async (o) => {
        const r = await restoreEmbedded({ ...o, now: systemClock.now(), onNotice: notice }, resolve(file));
        return `restored ${r.rows} rows of ${r.tables} tables into the embedded ${r.store} store of ${o.dataDir}`;
      }),
    );
  program
    .command('migrate-store')
    .description('move FAULTLINE_DATA_DIR from the PGlite store to the embedded PostgreSQL (Faultline stopped)')
    .action(() =>
      run('migrate-store', async (o) => {
        const r = await migrateStore({ ...o, now: systemClock.now(), onNotice: notice });
        return (
          `moved ${r.rows} rows of ${r.tables} tables from PGlite (${o.dataDir}/pgdata) to the embedded PostgreSQL ` +
          `(${o.dataDir}/postgres). Start Faultline as before; once it runs, ${o.dataDir}/pgdata may be deleted.`
        );
      }),
    );
}
