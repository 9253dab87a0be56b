/**
 * The embedded database folder is locked: a second Faultline on the same FAULTLINE_DATA_DIR refuses to start
 * and names the process that holds it; once that one stops, a new one starts.
 *
 * With DATABASE_URL the folder holds no database and several nodes may share one PostgreSQL (the lock's own
 * error message suggests it), so the PostgreSQL run (scenario-postgres) checks that instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startServer, type Server } from '../../apps/server/src/main.ts';
import { ADMIN_TOKEN, freshDatabaseUrl, startTestServer } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';
import {
  findPostgresBinaries,
  postgresAccount,
  runningPostmaster,
} from '../../apps/server/src/db/embedded-postgres.ts';
import {
  NODE,
  freePort,
  spawnServer,
  stopChild,
  waitHealthy,
  type ServerChild as Child,
} from '../support/child-server.ts';

/** `faultline serve` on `dataDir`; the embedded store unless `databaseUrl` (DATABASE_URL is never inherited). */
function serveOn(dataDir: string, port: number, databaseUrl?: string, env: Record<string, string> = {}): Child {
  return spawnServer(port, {
    FAULTLINE_DATA_DIR: dataDir,
    FAULTLINE_ADMIN_TOKEN: ADMIN_TOKEN,
    FAULTLINE_LOG_LEVEL: 'warn',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
}

/** Waits for the child to exit by itself, or fails after `timeoutMs`. */
async function exitOf(
  child: Child,
  timeoutMs = 45_000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the server did not exit within ${timeoutMs} ms:\n${child.output()}`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([child.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const alert = (name: string) => ({
  version: '4',
  status: 'firing',
  alerts: [{ status: 'firing', labels: { alertname: name, service: 'checkout', severity: 'warning' } }],
});

async function dropDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`drop database if exists ${new URL(url).pathname.slice(1)} with (force)`);
  } finally {
    await client.end();
  }
}

// The scenario tier runs once per store (vitest projects scenario / scenario-postgres).
const onPostgres = Boolean(process.env.TEST_DATABASE_URL) && process.env.FAULTLINE_TEST_STORE !== 'pglite';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-lock-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};
const track = (child: Child) => {
  cleanups.push(() => stopChild(child));
  return child;
};

if (onPostgres) {
  describe('data folder with DATABASE_URL (shared PostgreSQL)', () => {
    it('is not locked: two nodes on one folder and one database both run and see the same alerts', async () => {
      const dataDir = tempDir();
      const databaseUrl = await freshDatabaseUrl();
      expect(databaseUrl).toBeDefined();
      cleanups.push(() => dropDatabase(databaseUrl!));
      const [portA, portB] = [await freePort(), await freePort()];
      const a = track(serveOn(dataDir, portA, databaseUrl));
      await waitHealthy(a);
      const b = track(serveOn(dataDir, portB, databaseUrl));
      await waitHealthy(b);
      expect(existsSync(join(dataDir, 'faultline.lock'))).toBe(false);

      const res = await fetch(`http://127.0.0.1:${portB}/api/v1/intake/alertmanager/quickstart`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alert('SharedDatabase')),
      });
      expect(res.status).toBe(202);
      const titles = await waitFor('the incident on the other node', async () => {
        const r = await fetch(`http://127.0.0.1:${portA}/api/v1/incidents`, {
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        const { incidents } = (await r.json()) as { incidents: Array<{ title: string }> };
        return incidents.length > 0 ? incidents.map((i) => i.title) : null;
      });
      expect(titles).toEqual(['SharedDatabase']);
    }, 120_000);
  });
} else {
  describe('data folder lock (embedded store)', () => {
    it('refuses a second server on a folder in use, naming the holder, and starts once the holder stopped', async () => {
      const dataDir = tempDir();
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const holder = track(serveOn(dataDir, port));
      await waitHealthy(holder);
      const pid = holder.proc.pid!;
      expect(readFileSync(join(dataDir, 'faultline.lock'), 'utf8')).toBe(String(pid));

      // A second `faultline serve` process: exit code 1 and a message naming the holder.
      const second = track(serveOn(dataDir, await freePort()));
      const exit = await exitOf(second);
      expect(exit.code, second.output()).toBe(1);
      expect(second.output()).toContain(
        `cannot start: the data folder ${dataDir} is in use by another Faultline process (pid ${pid})`,
      );

      // startServer in this process is refused the same way.
      await expect(
        startServer({
          env: {
            FAULTLINE_PORT: '0',
            FAULTLINE_DATA_DIR: dataDir,
            FAULTLINE_ADMIN_TOKEN: ADMIN_TOKEN,
            FAULTLINE_LOG_LEVEL: 'silent',
          },
          banner: false,
        }),
      ).rejects.toThrow(`is in use by another Faultline process (pid ${pid})`);

      // The refused starters left the holder's lock and the holder alone.
      expect(readFileSync(join(dataDir, 'faultline.lock'), 'utf8')).toBe(String(pid));
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(
        (
          await fetch(`${url}/api/v1/intake/alertmanager/quickstart`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(alert('BeforeStop')),
          })
        ).status,
      ).toBe(202);

      // A clean stop releases the lock ...
      holder.proc.kill('SIGTERM');
      expect(await exitOf(holder)).toEqual({ code: 0, signal: null });
      expect(existsSync(join(dataDir, 'faultline.lock'))).toBe(false);

      // ... and the next server starts on the same folder and sees the data.
      const next = await startTestServer({ dataDir });
      cleanups.push(() => next.stop());
      expect(readFileSync(join(dataDir, 'faultline.lock'), 'utf8')).toBe(String(process.pid));
      expect((await next.post('/api/v1/intake/alertmanager/quickstart', alert('AfterRestart'))).status).toBe(202);
      const titles = await waitFor('both incidents', async () => {
        const { incidents } = (await (await next.api('/api/v1/incidents')).json()) as {
          incidents: Array<{ title: string }>;
        };
        return incidents.length >= 2 ? incidents.map((i) => i.title).sort() : null;
      });
      expect(titles).toEqual(['AfterRestart', 'BeforeStop']);
    }, 120_000);

    it('a server in this process holds the folder against a `faultline serve` process', async () => {
      const dataDir = tempDir();
      const s = await startTestServer({ dataDir });
      let stopped = false;
      cleanups.push(() => (stopped ? undefined : s.stop()));
      const refused = track(serveOn(dataDir, await freePort()));
      const exit = await exitOf(refused);
      expect(exit.code, refused.output()).toBe(1);
      expect(refused.output()).toContain(
        `cannot start: the data folder ${dataDir} is in use by another Faultline process (pid ${process.pid})`,
      );
      expect((await s.post('/api/v1/intake/alertmanager/quickstart', alert('StillServing'))).status).toBe(202);

      await s.stop();
      stopped = true;
      const port = await freePort();
      const after = track(serveOn(dataDir, port));
      await waitHealthy(after);
      expect(readFileSync(join(dataDir, 'faultline.lock'), 'utf8')).toBe(String(after.proc.pid));
    }, 120_000);

    it('refuses a second server in the same process on a folder in use', async () => {
      const dataDir = tempDir();
      const first = await startTestServer({ dataDir });
      cleanups.push(() => first.stop());
      let second: Server | undefined;
      cleanups.push(() => second?.stop());
      const outcome = await startServer({
        env: {
          FAULTLINE_PORT: '0',
          FAULTLINE_DATA_DIR: dataDir,
          FAULTLINE_ADMIN_TOKEN: ADMIN_TOKEN,
          FAULTLINE_LOG_LEVEL: 'silent',
        },
        banner: false,
      }).then(
        (s) => {
          second = s;
          return `a second server started on the folder, at ${s.url}`;
        },
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
      // Two embedded databases on one folder corrupt it, whichever process they live in.
      expect(outcome).toContain(`the data folder ${dataDir} is in use`);
      expect(readFileSync(join(dataDir, 'faultline.lock'), 'utf8')).toBe(String(process.pid));
    }, 120_000);

    it('on the embedded PostgreSQL: the folder lock refuses a second Faultline, its postmaster.pid a second server', async () => {
      const dataDir = tempDir();
      const cluster = join(dataDir, 'postgres');
      const holder = track(
        spawnServer(await freePort(), {
          FAULTLINE_DATA_DIR: dataDir,
          FAULTLINE_ADMIN_TOKEN: ADMIN_TOKEN,
          FAULTLINE_LOG_LEVEL: 'warn',
          FAULTLINE_EMBEDDED: 'postgres',
        }),
      );
      // A new folder: initdb first (seconds on a busy machine).
      await waitHealthy(holder, 120_000);
      const postmaster = runningPostmaster(cluster);
      expect(postmaster).toBeGreaterThan(0);

      const second = track(serveOn(dataDir, await freePort(), undefined, { FAULTLINE_EMBEDDED: 'postgres' }));
      expect((await exitOf(second)).code, second.output()).toBe(1);
      expect(second.output()).toContain(`is in use by another Faultline process (pid ${holder.proc.pid})`);

      // Past the folder lock, a second PostgreSQL on the cluster is refused by its postmaster.pid.
      const binaries = findPostgresBinaries()!;
      const account = postgresAccount();
      const raw = spawnSync(
        join(binaries.bin, 'postgres'),
        ['-D', cluster, '-c', 'listen_addresses=', '-c', `unix_socket_directories=${cluster}`],
        { encoding: 'utf8', timeout: 30_000, ...(account ? { uid: account.uid, gid: account.gid } : {}) },
      );
      expect(raw.status).not.toBe(0);
      expect(raw.stderr).toContain('lock file "postmaster.pid" already exists');
      expect(runningPostmaster(cluster)).toBe(postmaster);
      expect((await fetch(`${holder.url}/healthz`)).status).toBe(200);
    }, 240_000);

    it('takes over the lock of a process that no longer exists', async () => {
      const dataDir = tempDir();
      // A pid that surely is dead: a process that has already exited (and was reaped).
      const gone = spawn(NODE, ['-e', '0']);
      await new Promise((r) => gone.once('exit', r));
      writeFileSync(join(dataDir, 'faultline.lock'), String(gone.pid));
      const port = await freePort();
      const child = track(serveOn(dataDir, port));
      await waitHealthy(child);
      expect(readFileSync(join(dataDir, 'faultline.lock'), 'utf8')).toBe(String(child.proc.pid));
    }, 120_000);
  });
}
