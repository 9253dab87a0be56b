/**
 * Crash durability: a 202 from intake means the alert is stored. The real server runs as a child process,
 * takes a burst of concurrent Alertmanager webhooks and is killed with SIGKILL in the middle of it. After a
 * restart on the same data folder (the dead process's lock is stale) every alert that was answered 202
 * must show up, exactly once, in an incident.
 *
 * Runs on the embedded store, and on PostgreSQL in the scenario-postgres run (TEST_DATABASE_URL). The scenario run
 * also runs it on the default embedded store, the supervised PostgreSQL (db/embedded-postgres.ts), with no
 * FAULTLINE_EMBEDDED set, as `npm start` does: there the kill leaves PostgreSQL running, and the restart must find
 * that orphan by its postmaster.pid and stop it before starting its own.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentList } from '@faultline/contracts';
import { ADMIN_TOKEN, freshDatabaseUrl } from '../support/server.ts';
import { runningPostmaster } from '../../apps/server/src/db/embedded-postgres.ts';
import { freePort, spawnServer, stopChild, waitHealthy } from '../support/child-server.ts';

/** Concurrent senders, and how many 202s to collect before the kill. */
const SENDERS = 8;
const KILL_AFTER = 300;

async function dropDatabase(url: string): Promise<void> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`drop database if exists ${new URL(url).pathname.slice(1)} with (force)`);
  } finally {
    await client.end();
  }
}

/** One firing alert in Alertmanager's webhook format (version 4). */
function webhook(sender: number, n: number, fingerprint: string): unknown {
  const labels = {
    alertname: `CrashBurst${sender}`,
    service: 'checkout',
    severity: 'warning',
    instance: `host-${n}:9100`,
  };
  return {
    version: '4',
    status: 'firing',
    receiver: 'faultline',
    groupKey: `{}:{alertname="CrashBurst${sender}"}`,
    truncatedAlerts: 0,
    groupLabels: { alertname: labels.alertname },
    commonLabels: labels,
    commonAnnotations: {},
    externalURL: 'http://alertmanager.test:9093',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations: { summary: `burst alert ${n} from sender ${sender}` },
        startsAt: new Date().toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.test:9090/graph',
        fingerprint,
      },
    ],
  };
}

// The scenario tier runs once per store (vitest projects scenario / scenario-postgres); the harness's
// freshDatabaseUrl() gives a PostgreSQL database only in the PostgreSQL run.
const onPostgres = Boolean(process.env.TEST_DATABASE_URL) && process.env.FAULTLINE_TEST_STORE !== 'pglite';

describe(`crash durability on ${onPostgres ? 'PostgreSQL' : 'the embedded store'}`, () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('keeps every alert answered 202 across a SIGKILL in the middle of a burst', async () => {
    const databaseUrl = await freshDatabaseUrl();
    if (databaseUrl) cleanups.push(() => dropDatabase(databaseUrl));
    expect(databaseUrl !== undefined).toBe(onPostgres);
    await burstKillRestart(databaseUrl ? { DATABASE_URL: databaseUrl } : {});
  }, 150_000);

  it.skipIf(onPostgres)(
    'on the default embedded PostgreSQL (no FAULTLINE_EMBEDDED): the orphaned server is stopped and every 202 kept',
    async () => {
      await burstKillRestart({ FAULTLINE_EMBEDDED: '' });
    },
    150_000,
  );

  /** The burst, the kill and the restart; `store` picks the store (DATABASE_URL, FAULTLINE_EMBEDDED). */
  async function burstKillRestart(store: Record<string, string>): Promise<void> {
    const dataDir = mkdtempSync(join(tmpdir(), 'faultline-crash-'));
    const cluster = join(dataDir, 'postgres');
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    // A failed run must not leave a PostgreSQL behind on a removed folder.
    cleanups.push(() => {
      const pid = runningPostmaster(cluster);
      if (pid) process.kill(pid, 'SIGQUIT');
    });
    const postgres = store.DATABASE_URL !== undefined;
    const embeddedPostgres = store.FAULTLINE_EMBEDDED === '';
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = {
      FAULTLINE_PORT: String(port),
      FAULTLINE_HOST: '127.0.0.1',
      FAULTLINE_DATA_DIR: dataDir,
      FAULTLINE_ADMIN_TOKEN: ADMIN_TOKEN,
      FAULTLINE_LOG_LEVEL: 'warn',
      // Nobody listens here: pages stay queued; this test is about alerts.
      FAULTLINE_SMTP_URL: 'smtp://127.0.0.1:9',
      ...store,
    };

    const first = spawnServer(port, env);
    cleanups.push(() => stopChild(first));
    await waitHealthy(first);
    let orphan: number | null = null;
    if (embeddedPostgres) {
      // `npm start` with no settings runs on a real PostgreSQL, in the data folder, on a unix socket only.
      expect(first.output()).toContain(`(database: embedded PostgreSQL, ${cluster})`);
      orphan = runningPostmaster(cluster);
      expect(orphan).toBeGreaterThan(0);
    }

    // The burst: SENDERS concurrent senders, one alert per request, each with its own fingerprint and
    // instance. Stop at the first failed request (the server is gone).
    const acked: string[] = [];
    const refused: string[] = [];
    const sent = new Set<string>();
    let seq = 0;
    let killedAt = -1;
    const sender = async (id: number) => {
      for (;;) {
        const n = seq++;
        const fingerprint = `c${id}${n.toString(16).padStart(14, '0')}`;
        sent.add(`quickstart:${fingerprint}`);
        let res: Response;
        try {
          res = await fetch(`${url}/api/v1/intake/alertmanager/quickstart`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(webhook(id, n, fingerprint)),
          });
          await res.arrayBuffer();
        } catch {
          return;
        }
        if (res.status === 202) acked.push(fingerprint);
        else refused.push(`${fingerprint}: HTTP ${res.status}`);
        if (killedAt < 0 && acked.length >= KILL_AFTER) {
          killedAt = acked.length;
          first.proc.kill('SIGKILL');
        }
        if (killedAt < 0 && seq > 20_000)
          throw new Error(`only ${acked.length} of ${seq} alerts were answered 202: ${refused.slice(0, 5).join('; ')}`);
      }
    };
    await Promise.all(Array.from({ length: SENDERS }, (_, i) => sender(i)));
    const exit = await first.exited;
    expect(exit.signal).toBe('SIGKILL');
    expect(killedAt).toBeGreaterThanOrEqual(KILL_AFTER);
    // 202s still in flight when the signal landed count too: they were answered, so they must be stored.
    expect(acked.length).toBeGreaterThanOrEqual(killedAt);
    expect(new Set(acked).size).toBe(acked.length);

    const lockFile = join(dataDir, 'faultline.lock');
    if (!postgres) {
      // The dead process left its lock behind; the restart must treat it as stale.
      expect(existsSync(lockFile)).toBe(true);
      expect(readFileSync(lockFile, 'utf8')).toBe(String(first.proc.pid));
    }

    if (orphan !== null) {
      // SIGKILL reaches Faultline only: its PostgreSQL (own process group) is still running, orphaned.
      expect(runningPostmaster(cluster)).toBe(orphan);
    }

    const second = spawnServer(port, env);
    cleanups.push(() => stopChild(second));
    await waitHealthy(second);
    if (!postgres) expect(readFileSync(lockFile, 'utf8')).toBe(String(second.proc.pid));
    if (orphan !== null) {
      expect(second.output()).toContain(
        `stopping the embedded PostgreSQL (pid ${orphan}) left running by a Faultline that was killed`,
      );
      const now = runningPostmaster(cluster);
      expect(now).toBeGreaterThan(0);
      expect(now).not.toBe(orphan);
      expect(() => process.kill(orphan!, 0)).toThrow();
    }

    const api = async <T>(path: string): Promise<T> => {
      const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    /** Every incident with its alerts. */
    const storedAlerts = async () => {
      const { incidents } = await api<IncidentList>('/api/v1/incidents?status=all&limit=1000');
      const details = await Promise.all(incidents.map((i) => api<IncidentDetail>(`/api/v1/incidents/${i.id}`)));
      return details;
    };

    // Convergence after the restart: wait until every alert answered 202 is in an incident.
    const expected = new Set(acked.map((f) => `quickstart:${f}`));
    let details: IncidentDetail[] = [];
    const deadline = Date.now() + 30_000;
    for (;;) {
      details = await storedAlerts();
      const have = new Set(details.flatMap((d) => d.alerts.map((a) => a.dedupKey)));
      if ([...expected].every((k) => have.has(k)) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }

    const all = details.flatMap((d) => d.alerts);
    const stored = new Set(all.map((a) => a.dedupKey));
    const missing = [...expected].filter((k) => !stored.has(k));
    const summary = `sent ${seq}, answered 202: ${acked.length} (killed after ${killedAt}), other answers: ${refused.length}, stored: ${all.length}`;
    expect(
      missing,
      `${missing.length} of ${expected.size} alerts answered 202 are missing after the restart (${summary})`,
    ).toEqual([]);
    // Nothing applied twice: one alert row per dedup key, each received once, counts consistent.
    expect(stored.size).toBe(all.length);
    expect(all.filter((a) => a.count !== 1).map((a) => `${a.dedupKey} count ${a.count}`)).toEqual([]);
    for (const d of details) expect(d.alertCount, `incident #${d.id} ${d.groupKey}`).toBe(d.alerts.length);
    // Alerts that were in flight at the kill may or may not be stored, but nothing unknown appears.
    expect(all.filter((a) => !sent.has(a.dedupKey)).map((a) => a.dedupKey)).toEqual([]);
    expect(
      details.every(
        (d) => d.service === 'checkout-api' && d.groupKey.startsWith('service=checkout-api,alertname=CrashBurst'),
      ),
    ).toBe(true);
    if (embeddedPostgres) {
      // A clean stop (after the HTTP server drained) stops PostgreSQL too.
      await stopChild(second);
      expect(await second.exited).toEqual({ code: 0, signal: null });
      expect(runningPostmaster(cluster)).toBeNull();
    }
  }
});
