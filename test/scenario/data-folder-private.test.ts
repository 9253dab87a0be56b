/**
 * The data folder is private to the server's user (docs/security.md, "Secrets and outbound calls"): the
 * embedded database (with the secret that signs ack links), the lock and the admin token. A real `faultline
 * serve` runs under umask 000 — the worst a service manager or container can hand it — on a folder an older
 * version left world-readable (folders 0777, files 0666); after a start, some writes and a stop, every folder
 * under it is 0700 and every file 0600.
 *
 * Runs on the embedded store, and on PostgreSQL in the scenario-postgres run (TEST_DATABASE_URL), where the
 * folder holds the admin token.
 */
import { spawn } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, NODE, ROOT, freePort, stopChild, waitHealthy, type ServerChild } from '../support/child-server.ts';
import { freshDatabaseUrl } from '../support/server.ts';

const ADMIN_TOKEN = 'data-folder-private-token-0123';

/** `faultline serve` under `umask 000`, printing into a buffer. */
function serveUnderUmask0(port: number, env: Record<string, string>): ServerChild {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('FAULTLINE_') && k !== 'DATABASE_URL'),
  );
  const proc = spawn('/bin/sh', ['-c', 'umask 000 && exec "$0" "$@"', NODE, CLI, 'serve'], {
    cwd: ROOT,
    // PGlite, whose own file modes this test is about (the embedded PostgreSQL keeps its cluster 0700/0600 itself).
    env: {
      ...inherited,
      FAULTLINE_EMBEDDED: 'pglite',
      ...env,
      FAULTLINE_PORT: String(port),
      FAULTLINE_HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { name: `umask-000:${port}`, url: `http://127.0.0.1:${port}`, proc, output: () => out, exited };
}

/** Every path under `dir` (itself included) with its permission bits. */
function walk(dir: string): Array<{ path: string; dir: boolean; mode: number }> {
  const out = [{ path: dir, dir: true, mode: lstatSync(dir).mode & 0o777 }];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.isSymbolicLink()) continue;
    if (st.isDirectory()) out.push(...walk(path));
    else out.push({ path, dir: false, mode: st.mode & 0o777 });
  }
  return out;
}

/** Makes everything under `dir` world-readable and writable, as an older version (or a umask 000 start) left it. */
function loosen(dir: string): void {
  for (const e of walk(dir)) chmodSync(e.path, e.dir ? 0o777 : 0o666);
}

describe('the data folder is private to the server user', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'faultline-private-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('after starts under umask 000 on a world-readable folder, every folder is 0700 and every file 0600', async () => {
    mkdirSync(join(dataDir, 'left-by-an-older-version'));
    writeFileSync(join(dataDir, 'left-by-an-older-version', 'notes.txt'), 'old\n');
    const databaseUrl = await freshDatabaseUrl();
    const env = {
      FAULTLINE_DATA_DIR: dataDir,
      FAULTLINE_ADMIN_TOKEN: ADMIN_TOKEN,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    };
    const start = async () => {
      const child = serveUnderUmask0(await freePort(), env);
      await waitHealthy(child, 120_000);
      return child;
    };

    let child = await start();
    await stopChild(child);
    loosen(dataDir);
    expect(walk(dataDir).every((e) => (e.mode & 0o077) !== 0)).toBe(true);

    child = await start();
    try {
      // Writes after the start create new files (WAL, relations): they must be private too.
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${child.url}/api/v1/intake/alertmanager/quickstart`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            version: '4',
            status: 'firing',
            alerts: [{ status: 'firing', labels: { alertname: `Private${i}`, service: 'checkout-api' } }],
          }),
        });
        expect(res.status).toBe(202);
      }
      const users = await fetch(`${child.url}/api/v1/users`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(users.status).toBe(200);
    } finally {
      await stopChild(child);
    }

    const open = walk(dataDir).filter((e) => (e.mode & 0o077) !== 0 || e.mode !== (e.dir ? 0o700 : 0o600));
    const shown = open.slice(0, 10).map((e) => `${e.mode.toString(8)} ${e.path.slice(dataDir.length) || '/'}`);
    expect(open.length, `${open.length} of ${walk(dataDir).length} entries are not private:\n${shown.join('\n')}`).toBe(
      0,
    );
  }, 300_000); // two starts of a real server, on a shared machine
});
