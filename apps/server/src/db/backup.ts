/**
 * Backup and restore of the embedded store, and the move from PGlite to the embedded PostgreSQL
 * (docs/operations.md#backup-and-restore).
 *
 * The platform package ships the server binaries only (initdb, pg_ctl, postgres — no pg_dump, pg_restore or psql),
 * so the backup is Faultline's own logical dump, the same from either embedded store: inside one repeatable-read,
 * read-only transaction (a consistent snapshot; the server may keep running), every table of the `public` schema is
 * read as PostgreSQL row literals (`t::text`, which round-trips every type exactly), with the identity sequences and
 * the list of applied migrations. The file is gzipped JSON lines:
 *
 *   {"format":"faultline-backup","version":1,"migrations":[hash…],"createdAt":…}
 *   {"table":"incidents"}  then  {"rows":["(1,…)",…]}  (≤ 1,000 per line)  for each table
 *   {"sequences":[{"name":"public.incidents_id_seq","value":"42","called":true}]}
 *   {"end":true,"tableCount":N,"rowCount":M}
 *
 * A restore creates the schema by applying the backup's migrations (its list must be a prefix of this version's),
 * loads every table with foreign-key triggers off (`session_replication_role = replica`), sets the sequences, then
 * applies this version's remaining migrations: a backup from an older Faultline restores into a newer one.
 */
import {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  cpSync,
} from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { AppError } from '../lib/index.ts';

/** One SQL session (a pg.Client, a pool client or a PGlite instance): the statements of a transaction run on it. */
export interface Session {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

const FORMAT = 'faultline-backup';
const VERSION = 1;
const BATCH = 1_000;
const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** The same text forms on both sides, whatever the server's defaults. */
async function pinTextForms(s: Session): Promise<void> {
  await s.query("set datestyle = 'ISO, MDY'");
  await s.query("set intervalstyle = 'postgres'");
  await s.query('set extra_float_digits = 3');
  await s.query("set timezone = 'UTC'");
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

interface Journal {
  entries: Array<{ idx: number; tag: string; when: number }>;
}

/** This version's migrations, in order: drizzle records each as the sha256 of its SQL file. */
async function knownMigrations(): Promise<Array<{ tag: string; hash: string }>> {
  const { createHash } = await import('node:crypto');
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as Journal;
  return journal.entries.map((e) => ({
    tag: e.tag,
    hash: createHash('sha256')
      .update(readFileSync(join(migrationsFolder, `${e.tag}.sql`), 'utf8'))
      .digest('hex'),
  }));
}

/** Counts of what a backup or restore moved. */
export interface BackupSummary {
  tables: number;
  rows: number;
}

/**
 * Writes a backup of the database on `s` to `file` (written as `file.partial`, renamed when complete; mode 0600:
 * it holds every secret the database does).
 * @throws AppError VALIDATION when the database has no Faultline schema.
 */
export async function writeBackup(s: Session, file: string, now: Date): Promise<BackupSummary> {
  const partial = `${file}.partial`;
  const gzip = createGzip();
  const out = createWriteStream(partial, { mode: 0o600 });
  gzip.pipe(out);
  const write = async (line: unknown) => {
    if (!gzip.write(`${JSON.stringify(line)}\n`)) await once(gzip, 'drain');
  };
  let rows = 0;
  let tables: string[] = [];
  await s.query('begin isolation level repeatable read read only');
  try {
    await pinTextForms(s);
    const applied = await s
      .query<{ hash: string }>('select hash from drizzle.__drizzle_migrations order by created_at, id')
      .catch(() => {
        throw new AppError('VALIDATION', 'this database holds no Faultline schema (no migrations applied)');
      });
    await write({ format: FORMAT, version: VERSION, migrations: applied.rows.map((r) => r.hash), createdAt: now });
    tables = (
      await s.query<{ name: string }>(
        "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1",
      )
    ).rows.map((r) => r.name);
    for (const table of tables) {
      await write({ table });
      await s.query(`declare backup_rows no scroll cursor for select t::text as r from public.${ident(table)} t`);
      for (;;) {
        const batch = (await s.query<{ r: string }>(`fetch ${BATCH} from backup_rows`)).rows;
        if (batch.length === 0) break;
        rows += batch.length;
        await write({ rows: batch.map((b) => b.r) });
      }
      await s.query('close backup_rows');
    }
    const sequences = await s.query<{ name: string; value: string | null; called: boolean }>(
      `select format('%I.%I', schemaname, sequencename) as name, last_value::text as value, last_value is not null as called
         from pg_sequences where schemaname = 'public' order by 1`,
    );
    await write({ sequences: sequences.rows });
    await write({ end: true, tableCount: tables.length, rowCount: rows });
  } finally {
    await s.query('rollback').catch(() => {});
  }
  gzip.end();
  await finished(out);
  renameSync(partial, file);
  return { tables: tables.length, rows };
}

type Line =
  | { format: string; version: number; migrations: string[] }
  | { table: string }
  | { rows: string[] }
  | { sequences: Array<{ name: string; value: string | null; called: boolean }> }
  | { end: true; tableCount: number; rowCount: number };

/** The backup's lines, parsed, in order. */
async function* readLines(file: string): AsyncGenerator<Line> {
  const gunzip = createGunzip();
  const input = createReadStream(file);
  input.on('error', (e) => gunzip.destroy(e));
  const lines = createInterface({ input: input.pipe(gunzip), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield JSON.parse(line) as Line;
}

/**
 * Checks that `file` is a Faultline backup this version can restore, before anything is replaced.
 * @throws AppError VALIDATION saying why not.
 */
export async function checkBackup(file: string): Promise<void> {
  const header = await readHeader(file);
  rmSync(await migrationsUpTo(header.migrations), { recursive: true, force: true });
}

/** The backup's header (its first line). */
async function readHeader(file: string): Promise<{ migrations: string[] }> {
  let first: Line | undefined;
  try {
    for await (const line of readLines(file)) {
      first = line;
      break;
    }
  } catch (e) {
    throw new AppError('VALIDATION', `${file} is not a Faultline backup (${(e as Error).message})`);
  }
  if (!first || !('format' in first) || first.format !== FORMAT) {
    throw new AppError('VALIDATION', `${file} is not a Faultline backup`);
  }
  if (first.version !== VERSION) {
    throw new AppError(
      'VALIDATION',
      `${file} is a backup of format version ${first.version}; this Faultline reads ${VERSION}`,
    );
  }
  return first;
}

/**
 * A migrations folder with only the first `count` of this version's migrations, for building the backup's schema.
 * @throws AppError VALIDATION when the backup's migrations are not a prefix of this version's (a newer Faultline's
 *   backup, or another project's).
 */
async function migrationsUpTo(applied: string[]): Promise<string> {
  const known = await knownMigrations();
  const mismatch = applied.findIndex((hash, i) => known[i]?.hash !== hash);
  if (mismatch >= 0 || applied.length > known.length) {
    throw new AppError(
      'VALIDATION',
      `the backup was made by a Faultline with other migrations (from #${mismatch >= 0 ? mismatch : known.length}); ` +
        'restore it with that version or a newer one',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'faultline-restore-'));
  cpSync(migrationsFolder, dir, { recursive: true });
  const journal = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as Journal;
  journal.entries = journal.entries.slice(0, applied.length);
  writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify(journal));
  return dir;
}

/** Applies the migrations of `folder` on the session (drizzle's migrator for the session's driver). */
export type Migrate = (folder: string) => Promise<void>;

/**
 * Loads a backup into an empty database on `s`: the backup's schema (`migrate` with its migrations), the rows, the
 * sequences, then this version's remaining migrations.
 * @throws AppError VALIDATION for a file that is not a complete Faultline backup, or one from a newer version.
 */
export async function loadBackup(s: Session, file: string, migrate: Migrate): Promise<BackupSummary> {
  const header = await readHeader(file);
  const partial = await migrationsUpTo(header.migrations);
  try {
    await migrate(partial);
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  let table: string | null = null;
  let insert = '';
  let rows = 0;
  let tables = 0;
  let complete = false;
  await s.query('begin');
  try {
    await pinTextForms(s);
    // Rows arrive table by table in name order, not in foreign-key order: checks off for this transaction.
    await s.query('set local session_replication_role = replica');
    for await (const line of readLines(file)) {
      if ('end' in line) {
        if (line.rowCount !== rows || line.tableCount !== tables) {
          throw new AppError('VALIDATION', `${file} is damaged: it lists ${line.rowCount} rows and holds ${rows}`);
        }
        complete = true;
      } else if ('table' in line) {
        table = line.table;
        tables++;
        const cols = await s.query<{ name: string; always: boolean }>(
          `select column_name as name, identity_generation = 'ALWAYS' as always from information_schema.columns
            where table_schema = 'public' and table_name = $1 and is_generated = 'NEVER' order by ordinal_position`,
          [table],
        );
        if (cols.rows.length === 0)
          throw new AppError('VALIDATION', `the backup has a table "${table}" this schema lacks`);
        const list = cols.rows.map((c) => ident(c.name)).join(', ');
        const overriding = cols.rows.some((c) => c.always) ? ' overriding system value' : '';
        insert =
          `insert into public.${ident(table)} (${list})${overriding} ` +
          `select ${cols.rows.map((c) => `(x.r).${ident(c.name)}`).join(', ')} ` +
          `from (select r::public.${ident(table)} as r from unnest($1::text[]) r) x`;
      } else if ('rows' in line) {
        if (!table) throw new AppError('VALIDATION', `${file} has rows before any table`);
        await s.query(insert, [line.rows]);
        rows += line.rows.length;
      } else if ('sequences' in line) {
        for (const q of line.sequences) {
          if (q.value !== null)
            await s.query('select setval($1::regclass, $2::bigint, $3)', [q.name, q.value, q.called]);
        }
      }
    }
    if (!complete) throw new AppError('VALIDATION', `${file} is incomplete (it ends before its last line)`);
    await s.query('commit');
  } catch (e) {
    await s.query('rollback').catch(() => {});
    throw e;
  }
  await migrate(migrationsFolder);
  return { tables, rows };
}
