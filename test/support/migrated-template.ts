/**
 * A migrated empty database made once per run and copied for each test server, instead of running
 * PGlite's initdb and every migration again per server (measured on the 2-core machine: initdb 3.4 s and
 * migrations 0.7 s against a 0.8 s folder copy and a 0.2 s open). The template is keyed by a hash of the
 * migration files and the PGlite version, so a changed migration builds a new one; it is built in a
 * temporary folder and renamed into place, so parallel test workers never read a half-built template.
 * On PostgreSQL the same idea is `create database … template …`, see {@link postgresTemplate}.
 */
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase } from '../../apps/server/src/db/index.ts';

const migrationsFolder = fileURLToPath(new URL('../../apps/server/drizzle', import.meta.url));
const pgliteVersion = (
  JSON.parse(
    readFileSync(
      fileURLToPath(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url)),
      'utf8',
    ),
  ) as { version: string }
).version;

/** Hash of every migration file (SQL and journal) and the PGlite version: the template's identity. */
function migrationsKey(): string {
  const hash = createHash('sha256').update(pgliteVersion);
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, name.name);
      if (name.isDirectory()) walk(path);
      else if (name.name.endsWith('.sql') || name.name === '_journal.json')
        hash.update(name.name).update(readFileSync(path));
    }
  };
  walk(migrationsFolder);
  return hash.digest('hex').slice(0, 16);
}

let pgliteTemplate: Promise<string> | undefined;

/** The path of a migrated, closed PGlite `pgdata` folder; built on first use by any worker of the run. */
export function pgliteTemplateDir(): Promise<string> {
  pgliteTemplate ??= (async () => {
    const root = join(tmpdir(), 'faultline-test-templates');
    const final = join(root, `pglite-${migrationsKey()}`);
    if (existsSync(join(final, 'pgdata'))) return join(final, 'pgdata');
    mkdirSync(root, { recursive: true });
    const building = join(root, `building-${randomBytes(6).toString('hex')}`);
    mkdirSync(building);
    const database = await openDatabase({ dataDir: building, embedded: 'pglite' });
    await database.close();
    try {
      renameSync(building, final);
    } catch {
      // Another worker renamed its template first: use that one.
      rmSync(building, { recursive: true, force: true });
    }
    return join(final, 'pgdata');
  })();
  return pgliteTemplate;
}

/** Copies the migrated template into `dataDir/pgdata`, so the server opens it and finds nothing to migrate. */
export async function seedPgliteDataDir(dataDir: string): Promise<void> {
  cpSync(await pgliteTemplateDir(), join(dataDir, 'pgdata'), { recursive: true });
}

let postgresTemplates: Promise<string> | undefined;

/**
 * The name of a migrated template database on the `base` PostgreSQL server, made once per migrations hash
 * under an advisory lock (parallel workers wait for the first). Fresh test databases are created from it.
 */
export function postgresTemplate(base: string): Promise<string> {
  postgresTemplates ??= (async () => {
    const name = `faultline_tpl_${migrationsKey()}`;
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query('select pg_advisory_lock(7041978)');
      const found = await client.query('select 1 from pg_database where datname = $1', [name]);
      if (found.rowCount === 0) {
        const building = `${name}_b${randomBytes(3).toString('hex')}`;
        await client.query(`create database ${building}`);
        const url = new URL(base);
        url.pathname = `/${building}`;
        const database = await openDatabase({ databaseUrl: url.toString(), dataDir: tmpdir() });
        await database.close();
        try {
          await client.query(`alter database ${building} rename to ${name}`);
        } catch (e) {
          // A run on another base database (advisory locks are per database) made it first: use that one.
          if ((e as { code?: string }).code !== '42P04') throw e;
          await client.query(`drop database ${building}`);
        }
      }
    } finally {
      await client.query('select pg_advisory_unlock(7041978)').catch(() => {});
      await client.end();
    }
    return name;
  })();
  return postgresTemplates;
}
