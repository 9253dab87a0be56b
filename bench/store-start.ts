/**
 * `npm run bench:store-start`: how long the embedded store takes to open (cold: a new data folder, initdb and every
 * migration; warm: the same folder again) and what it holds in memory when idle, for the embedded PostgreSQL and
 * PGlite, RUNS times each (default 3; medians printed). Figures in docs/adr/0008-embedded-postgresql.md.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { openDatabase, type Database } from '../apps/server/src/db/index.ts';
import { runningPostmaster } from '../apps/server/src/db/embedded-postgres.ts';

const RUNS = Number(process.env.RUNS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Resident memory of a process and its children, MB (Linux: ps). */
function treeRssMb(pid: number): number {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,rss='], { encoding: 'utf8' });
  const procs = out
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number, number]);
  const ids = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [p, pp] of procs)
      if (ids.has(pp) && !ids.has(p)) {
        ids.add(p);
        grew = true;
      }
  }
  return procs.filter(([p]) => ids.has(p)).reduce((s, [, , r]) => s + r, 0) / 1024;
}

async function timed(open: () => Promise<Database>): Promise<[number, Database]> {
  const t = performance.now();
  const db = await open();
  await db.query('select 1', []);
  return [performance.now() - t, db];
}

for (const store of ['postgres', 'pglite'] as const) {
  const cold: number[] = [];
  const warm: number[] = [];
  const serverRss: number[] = [];
  const nodeRss: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'faultline-bench-store-'));
    const open = () => openDatabase({ dataDir, embedded: store });
    const [c, first] = await timed(open);
    cold.push(c);
    await first.close();
    const [w, db] = await timed(open);
    warm.push(w);
    await new Promise((r) => setTimeout(r, 2_000));
    const pid = runningPostmaster(join(dataDir, 'postgres'));
    serverRss.push(pid ? treeRssMb(pid) : 0);
    nodeRss.push(process.memoryUsage().rss / 2 ** 20);
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(
    `${store}: cold open ${median(cold).toFixed(0)} ms, warm open ${median(warm).toFixed(0)} ms, idle ` +
      `PostgreSQL processes ${median(serverRss).toFixed(0)} MB, this Node process ${median(nodeRss).toFixed(0)} MB ` +
      `(medians of ${RUNS}; cold ${cold.map((x) => x.toFixed(0)).join('/')}, warm ${warm.map((x) => x.toFixed(0)).join('/')})`,
  );
}
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; ${readFileSync('/proc/cpuinfo', 'utf8').split('processor').length - 1} cpus`,
);
