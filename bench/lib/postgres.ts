/** A fresh PostgreSQL database per Faultline run (dropped afterwards), and CPU of its server backends. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { cpuSeconds, onCleanup } from './procs.ts';

export interface FreshDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function withClient<T>(baseUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** `select version()`; throws a readable error when the server cannot be reached. */
export async function postgresVersion(baseUrl: string): Promise<string> {
  try {
    return await withClient(baseUrl, async (c) => {
      const r = await c.query<{ v: string }>('select version() as v');
      return r.rows[0]!.v.split(' on ')[0]!;
    });
  } catch (e) {
    throw new Error(
      `cannot connect to PostgreSQL at ${baseUrl} (${e instanceof Error ? e.message : String(e)}); ` +
        'start it or pass --postgres-url postgres://user@host:port/db (the user must be allowed to create databases)',
    );
  }
}

/** Creates `faultline_bench_<random>` on the server of `baseUrl`. */
export async function createDatabase(baseUrl: string): Promise<FreshDatabase> {
  const name = `faultline_bench_${randomBytes(5).toString('hex')}`;
  await withClient(baseUrl, (c) => c.query(`create database ${name}`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await withClient(baseUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
  };
  const unregister = onCleanup(drop);
  return {
    url: url.toString(),
    name,
    async drop() {
      unregister();
      await drop();
    },
  };
}

/**
 * CPU seconds used so far by the server backends connected to `dbName` (0 when they cannot be read, e.g. a
 * remote server). Compare two readings: backends that appeared in between count from zero.
 */
export async function backendCpu(baseUrl: string, dbName: string): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  try {
    const pids = await withClient(baseUrl, async (c) => {
      const r = await c.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [dbName]);
      return r.rows.map((x) => x.pid);
    });
    for (const pid of pids) {
      const s = cpuSeconds(pid);
      if (Number.isFinite(s)) out.set(pid, s);
    }
  } catch {
    // best effort
  }
  return out;
}

export function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let s = 0;
  for (const [pid, v] of after) s += v - (before.get(pid) ?? 0);
  return s;
}
