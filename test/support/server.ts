/**
 * Scenario-test harness: a real Faultline server on a random port with a fresh database — embedded
 * PGlite in a temp folder, or, when TEST_DATABASE_URL is set, a fresh database created on that
 * PostgreSQL server (and dropped afterwards), both copied from a migrated template made once per run
 * (migrated-template.ts) — on a clock of its own (the test instant, or the test's FakeClock), and named
 * fixtures instead of magic ids.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startServer, type Server, type StartOptions } from '../../apps/server/src/main.ts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { TickingClock } from './clock.ts';
import { postgresTemplate, seedPgliteDataDir } from './migrated-template.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestServer extends Server {
  dataDir: string;
  /** fetch against the server with the admin token. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** POST JSON without authentication (intake). */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Like stop(), and removes the data folder / drops the database. */
  dispose(): Promise<void>;
}

export interface TestServerOptions extends Omit<StartOptions, 'env'> {
  /** YAML text of the config; default: the shipped quickstart. */
  configYaml?: string;
  env?: Record<string, string>;
  /** Reuse a data folder / database (restart scenarios). */
  dataDir?: string;
  databaseUrl?: string;
}

/**
 * A fresh database on the TEST_DATABASE_URL server, or undefined for the embedded store. The scenario
 * tier runs once per store: vitest's `scenario-postgres` project sets FAULTLINE_TEST_STORE=postgres.
 */
export async function freshDatabaseUrl(): Promise<string | undefined> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base || process.env.FAULTLINE_TEST_STORE === 'pglite') return undefined;
  const name = `faultline_t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  // From a migrated template (made once per run): a server then finds nothing to migrate.
  await client.query(`create database ${name} template ${await postgresTemplate(base)}`);
  await client.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database made by `freshDatabaseUrl` (nothing without TEST_DATABASE_URL). */
export async function dropDatabase(url: string): Promise<void> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return;
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  await client.query(`drop database if exists ${name} with (force)`);
  await client.end();
}

/**
 * Starts a server for one test file. Without `opts.clock` it runs on a {@link TickingClock} from the test
 * instant, never on the machine's date.
 */
export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'faultline-test-'));
  let configPath = QUICKSTART_CONFIG;
  if (opts.configYaml) {
    configPath = join(dataDir, 'config.yaml');
    writeFileSync(configPath, opts.configYaml);
  }
  const databaseUrl = opts.databaseUrl ?? (opts.dataDir ? undefined : await freshDatabaseUrl());
  if (!databaseUrl && !opts.dataDir && !opts.env?.DATABASE_URL) await seedPgliteDataDir(dataDir);
  const env: Record<string, string> = {
    FAULTLINE_PORT: '0',
    FAULTLINE_DATA_DIR: dataDir,
    FAULTLINE_CONFIG: configPath,
    FAULTLINE_ADMIN_TOKEN: ADMIN_TOKEN,
    FAULTLINE_LOG_LEVEL: 'warn',
    // The embedded store of the scenario tier is PGlite, seeded from the migrated template above.
    FAULTLINE_EMBEDDED: 'pglite',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...opts.env,
  };
  const server = await startServer({ ...opts, clock: opts.clock ?? new TickingClock(), env, banner: false });
  return Object.assign(server, {
    dataDir,
    api: (path: string, init: RequestInit = {}) =>
      fetch(`${server.url}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(init.body ? { 'content-type': 'application/json' } : {}),
          ...init.headers,
        },
      }),
    post: (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    async dispose() {
      await server.stop();
      if (databaseUrl && !opts.databaseUrl) await dropDatabase(databaseUrl);
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
