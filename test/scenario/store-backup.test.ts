/**
 * The embedded store's own tools (docs/operations.md#backup-and-restore), through the `faultline` command as an
 * operator runs them: `migrate-store` moves a PGlite data folder with data to the embedded PostgreSQL, row for row;
 * `backup` reads the embedded PostgreSQL while the server runs; `restore` brings back exactly the backed-up state
 * (what was written after the backup is gone).
 *
 * Independent of TEST_DATABASE_URL (these tools refuse DATABASE_URL): runs in the scenario run only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IncidentList } from '@faultline/contracts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { changedTables, snapshot } from '../support/db-snapshot.ts';
import { CLI, NODE, ROOT } from '../support/child-server.ts';
import { runningPostmaster } from '../../apps/server/src/db/embedded-postgres.ts';
import { embeddedStore } from '../../apps/server/src/db/client.ts';
import { migrateStore, restoreEmbedded } from '../../apps/server/src/db/index.ts';

const onPostgres = process.env.FAULTLINE_TEST_STORE === 'postgres';

/** `faultline <args>` on `dataDir`, with nothing else from the test's environment. */
function faultline(dataDir: string, ...args: string[]): { code: number | null; out: string } {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('FAULTLINE_') && k !== 'DATABASE_URL'),
  );
  const r = spawnSync(NODE, [CLI, ...args], {
    cwd: ROOT,
    env: { ...env, FAULTLINE_DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

const alert = (name: string) => ({
  version: '4',
  status: 'firing',
  alerts: [{ status: 'firing', labels: { alertname: name, service: 'checkout', severity: 'critical' } }],
});

async function titles(s: TestServer): Promise<string[]> {
  const { incidents } = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
  return incidents.map((i) => i.title).sort();
}

/** Posts alerts and lets the engine turn them into incidents (no engine loop: nothing writes in the background). */
async function fire(s: TestServer, ...names: string[]): Promise<void> {
  for (const n of names) expect((await s.post('/api/v1/intake/alertmanager/quickstart', alert(n))).status).toBe(202);
  await s.engine!.drain();
}

describe.skipIf(onPostgres)('embedded store tools: migrate-store, backup, restore', () => {
  let dataDir = '';
  let current: TestServer | null = null;
  afterAll(async () => {
    await current?.stop();
    const pid = dataDir ? runningPostmaster(join(dataDir, 'postgres')) : null;
    if (pid) process.kill(pid, 'SIGQUIT');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  const start = async (env: Record<string, string>) => {
    current = await startTestServer({ ...(dataDir ? { dataDir } : {}), env, engineLoop: false });
    dataDir = current.dataDir;
    return current;
  };
  const stop = async () => {
    await current?.stop();
    current = null;
  };

  it('moves a PGlite folder with data to PostgreSQL, then backs up online and restores the backed-up state', async () => {
    // A data folder on PGlite, with incidents.
    const before = await start({ FAULTLINE_EMBEDDED: 'pglite' });
    expect(before.rt.dbKind).toBe('pglite');
    await fire(before, 'DiskFull', 'CheckoutLatency');
    const onPglite = await snapshot(before.rt.db);
    await stop();

    // Unset FAULTLINE_EMBEDDED (the default) on a PGlite folder: it stays on PGlite until moved.
    expect(embeddedStore({ dataDir, env: {} })).toBe('pglite');

    const moved = faultline(dataDir, 'migrate-store');
    expect(moved.code, moved.out).toBe(0);
    expect(moved.out).toMatch(/moved \d+ rows of \d+ tables from PGlite/);
    expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
    // Once moved, a second run refuses rather than overwrite.
    await expect(migrateStore({ dataDir, env: {}, now: new Date(0) })).rejects.toThrow(
      'already has an embedded PostgreSQL',
    );
    expect(embeddedStore({ dataDir, env: {} })).toBe('postgres');

    // The default now runs on the embedded PostgreSQL, with every row of every table as it was on PGlite.
    const after = await start({ FAULTLINE_EMBEDDED: '' });
    expect(after.rt.dbKind).toBe('postgres');
    expect(changedTables(onPglite, await snapshot(after.rt.db))).toEqual([]);
    expect(await titles(after)).toEqual(['CheckoutLatency', 'DiskFull']);

    // An online backup, then more work that the restore must take back.
    await fire(after, 'QueueBacklog');
    const backedUp = await snapshot(after.rt.db);
    const file = join(dataDir, 'nightly.backup.gz');
    const backup = faultline(dataDir, 'backup', file);
    expect(backup.code, backup.out).toBe(0);
    expect(backup.out).toContain('embedded postgres');
    await fire(after, 'AfterTheBackup');
    expect(await titles(after)).toEqual(['AfterTheBackup', 'CheckoutLatency', 'DiskFull', 'QueueBacklog']);

    // Restore needs the folder: refused while the server runs, nothing changed.
    const tools = { dataDir, env: {}, now: new Date(0) };
    await expect(restoreEmbedded(tools, file)).rejects.toThrow(`the data folder ${dataDir} is in use`);
    expect(await titles(after)).toHaveLength(4);
    await stop();

    // Not a backup: refused before anything is dropped.
    writeFileSync(join(dataDir, 'notes.txt'), 'not a backup\n');
    await expect(restoreEmbedded(tools, join(dataDir, 'notes.txt'))).rejects.toThrow('is not a Faultline backup');

    const restored = faultline(dataDir, 'restore', file);
    expect(restored.code, restored.out).toBe(0);
    const back = await start({ FAULTLINE_EMBEDDED: '' });
    expect(changedTables(backedUp, await snapshot(back.rt.db))).toEqual([]);
    expect(await titles(back)).toEqual(['CheckoutLatency', 'DiskFull', 'QueueBacklog']);
    // Identity sequences came back too: new rows do not collide with restored ones.
    await fire(back, 'AfterRestore');
    expect(await titles(back)).toEqual(['AfterRestore', 'CheckoutLatency', 'DiskFull', 'QueueBacklog']);
  }, 600_000);
});
