/**
 * Child processes of the benchmark (the Faultline server and Alertmanager), free ports, /proc sampling of a
 * process (peak RSS, CPU time), and clean-up on exit and on signals so no child outlives the benchmark.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, writeFileSync, mkdirSync, accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

// ---------------------------------------------------------------------------------------------------------
// Clean-up
// ---------------------------------------------------------------------------------------------------------

const live = new Set<ChildProcess>();
const cleanups: (() => Promise<void> | void)[] = [];
let cleaning: Promise<void> | null = null;

/** Registers async clean-up (drop a database, remove a folder) run on normal end and on signals. */
export function onCleanup(fn: () => Promise<void> | void): () => void {
  cleanups.push(fn);
  return () => {
    const i = cleanups.indexOf(fn);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

/** Stops every child and runs the clean-ups (idempotent). */
export function cleanupAll(): Promise<void> {
  cleaning ??= (async () => {
    for (const child of live) child.kill('SIGKILL');
    for (const fn of cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch (e) {
        process.stderr.write(`clean-up failed: ${e instanceof Error ? e.message : String(e)}\n`);
      }
    }
  })();
  return cleaning;
}

/** Kills children on exit, and cleans up then exits on SIGINT/SIGTERM/SIGHUP. */
export function installSignalHandlers(): void {
  process.on('exit', () => {
    for (const child of live) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      process.stderr.write(`\n${sig}: stopping the servers and cleaning up…\n`);
      void cleanupAll().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Ports and readiness
// ---------------------------------------------------------------------------------------------------------

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitReady(child: ManagedChild, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${child.name} exited with ${child.exitCode} before it was ready; last output:\n${child.tail()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${child.name} was not ready at ${url} within ${timeoutMs / 1000} s; last output:\n${child.tail()}`);
}

// ---------------------------------------------------------------------------------------------------------
// Managed children
// ---------------------------------------------------------------------------------------------------------

export interface ManagedChild {
  name: string;
  pid: number;
  /** Base URL, no trailing slash. */
  url: string;
  logFile: string;
  exitCode: number | null;
  /** Last lines of the child's output. */
  tail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

function manage(
  name: string,
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  logFile: string,
): ManagedChild {
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`cannot start ${name} (${cmd})`);
  live.add(child);
  const log = createWriteStream(logFile);
  let recent = '';
  const keep = (chunk: Buffer) => {
    log.write(chunk);
    recent = (recent + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      live.delete(child);
      m.exitCode = code ?? (signal ? 128 : -1);
      log.end();
      resolve();
    });
  });
  const m: ManagedChild = {
    name,
    pid: child.pid,
    url: '',
    logFile,
    exitCode: null,
    tail: () => recent.split('\n').slice(-25).join('\n'),
    async stop(graceMs = 20_000) {
      if (m.exitCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(t);
    },
  };
  return m;
}

export interface FaultlineStart {
  root: string;
  nodeBin: string;
  /** Fresh folder of this run: data, logs. */
  workDir: string;
  adminToken: string;
  databaseUrl?: string;
  /** Write a V8 CPU profile of the server into this folder (on exit). */
  profileDir?: string;
  /** FAULTLINE_ROLE: `all` (default) or `api` (intake without the engine, a diagnostic). */
  role?: 'all' | 'api';
  /** FAULTLINE_SMTP_URL for the pages. */
  smtpUrl?: string;
  /** FAULTLINE_CONFIG (default: the quickstart config). */
  configFile?: string;
  /** More FAULTLINE_* settings (limits, …). */
  env?: Record<string, string>;
}

/** Starts `faultline serve` as a child process on a free port and waits for /healthz. */
export async function startFaultline(o: FaultlineStart): Promise<ManagedChild> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('FAULTLINE_') && k !== 'DATABASE_URL' && !k.startsWith('npm_')) env[k] = v;
  }
  Object.assign(env, {
    FAULTLINE_PORT: String(port),
    FAULTLINE_HOST: '127.0.0.1',
    FAULTLINE_DATA_DIR: join(o.workDir, 'data'),
    FAULTLINE_LOG_LEVEL: 'warn',
    FAULTLINE_ADMIN_TOKEN: o.adminToken,
    ...(o.databaseUrl ? { DATABASE_URL: o.databaseUrl } : {}),
    ...(o.role && o.role !== 'all' ? { FAULTLINE_ROLE: o.role } : {}),
    ...(o.smtpUrl ? { FAULTLINE_SMTP_URL: o.smtpUrl } : {}),
    ...(o.configFile ? { FAULTLINE_CONFIG: o.configFile } : {}),
    ...o.env,
  });
  const nodeArgs = o.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : [];
  const child = manage(
    'faultline',
    o.nodeBin,
    [...nodeArgs, join(o.root, 'apps/server/src/cli/main.ts'), 'serve'],
    env,
    o.root,
    join(o.workDir, 'faultline.log'),
  );
  child.url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(child, `${child.url}/healthz`, 180_000);
  } catch (e) {
    await child.stop(2000);
    throw e;
  }
  return child;
}

/** Where Alertmanager is: --alertmanager, $ALERTMANAGER_BIN, or `alertmanager`/`prometheus-alertmanager` on PATH. */
export function findAlertmanager(explicit?: string): string {
  const candidates = explicit
    ? [explicit]
    : [
        ...(process.env.ALERTMANAGER_BIN ? [process.env.ALERTMANAGER_BIN] : []),
        ...(process.env.PATH ?? '')
          .split(delimiter)
          .filter(Boolean)
          .flatMap((d) => [join(d, 'alertmanager'), join(d, 'prometheus-alertmanager')]),
        '/usr/bin/prometheus-alertmanager',
      ];
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // next
    }
  }
  throw new Error(
    explicit
      ? `Alertmanager not found or not executable at ${explicit}`
      : 'Alertmanager not found. Install it (Debian/Ubuntu: apt-get install prometheus-alertmanager) or pass ' +
          '--alertmanager /path/to/alertmanager (or set ALERTMANAGER_BIN). The benchmark compares against it.',
  );
}

/** `alertmanager --version`, first line (e.g. "alertmanager, version 0.25.0 (…)"). */
export function alertmanagerVersion(bin: string): string {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n')[0] ?? '';
  if (r.status !== 0 || !out) throw new Error(`${bin} --version failed: ${out || r.error?.message}`);
  return out;
}

/**
 * Alertmanager config of the benchmark: one route to a receiver with no integration (a "null" receiver), with
 * group_wait/group_interval of an hour, so Alertmanager ingests, stores and groups alerts but never notifies.
 */
export const ALERTMANAGER_CONFIG = `route:
  receiver: 'null'
  group_by: ['alertname', 'service']
  group_wait: 1h
  group_interval: 1h
  repeat_interval: 24h
receivers:
  - name: 'null'
`;

/** Starts Alertmanager (clustering off, storage in `workDir`) on a free port and waits for /-/ready. */
export async function startAlertmanager(bin: string, workDir: string): Promise<ManagedChild> {
  const port = await freePort();
  mkdirSync(join(workDir, 'am-data'), { recursive: true });
  const configFile = join(workDir, 'alertmanager.yml');
  writeFileSync(configFile, ALERTMANAGER_CONFIG);
  const child = manage(
    'alertmanager',
    bin,
    [
      `--config.file=${configFile}`,
      `--storage.path=${join(workDir, 'am-data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    process.env,
    workDir,
    join(workDir, 'alertmanager.log'),
  );
  child.url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(child, `${child.url}/-/ready`, 30_000);
  } catch (e) {
    await child.stop(2000);
    throw e;
  }
  return child;
}

// ---------------------------------------------------------------------------------------------------------
// /proc sampling
// ---------------------------------------------------------------------------------------------------------

const CLK_TCK = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(r.stdout?.trim());
  return Number.isFinite(n) && n > 0 ? n : 100;
})();

/** utime + stime of a process (all its threads), seconds; NaN when it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at the last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK;
  } catch {
    return Number.NaN;
  }
}

function statusKb(pid: number): { rss: number; hwm: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(s);
    const hwm = /VmHWM:\s+(\d+) kB/.exec(s);
    return { rss: Number(rss?.[1] ?? 0), hwm: Number(hwm?.[1] ?? 0) };
  } catch {
    return null;
  }
}

/**
 * Samples a process's VmRSS every 100 ms. `stop()` gives the highest sample (the peak while it ran) and the
 * kernel's VmHWM (the peak over the process's whole life, start-up included).
 */
export class RssSampler {
  private readonly pid: number;
  private timer: NodeJS.Timeout | null = null;
  private peakKb = 0;
  private hwmKb = 0;

  constructor(pid: number) {
    this.pid = pid;
  }

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), 100);
  }

  private sample(): void {
    const s = statusKb(this.pid);
    if (!s) return;
    this.peakKb = Math.max(this.peakKb, s.rss);
    this.hwmKb = Math.max(this.hwmKb, s.hwm);
  }

  /** Stops sampling (after a last sample); MB. */
  stop(): { peakMb: number; lifetimeMb: number } {
    this.sample();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return { peakMb: this.peakKb / 1024, lifetimeMb: Math.max(this.hwmKb, this.peakKb) / 1024 };
  }
}

export function currentRssMb(pid: number): number {
  return (statusKb(pid)?.rss ?? Number.NaN) / 1024;
}

/** The pinned Node binary of the repo (node_modules/.bin/node), else the one running the benchmark. */
export function pinnedNode(root: string): string {
  const p = join(root, 'node_modules/.bin/node');
  return existsSync(p) ? p : process.execPath;
}

/**
 * Error and fatal lines of a pino log (JSON lines with "level" ≥ 50): their number and the first few messages
 * (with the error's message), so a run that failed inside the server says why.
 */
export function serverErrors(logFile: string, keep = 3): { count: number; first: string[] } {
  let count = 0;
  const first: string[] = [];
  let text = '';
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    return { count, first };
  }
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const j = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string; stack?: string } };
      if ((j.level ?? 0) < 50) continue;
      count++;
      if (first.length < keep) {
        // A database error wrapped by the ORM says what failed in its cause ("caused by: …" in the stack).
        const cause = /caused by: ([^\n]*)/.exec(`${j.err?.message ?? ''}\n${j.err?.stack ?? ''}`)?.[1];
        const err = cause ?? (j.err?.message ?? '').replace(/\s+/g, ' ').slice(0, 200);
        first.push(`${j.msg ?? ''}${err ? `: ${err}` : ''}`.slice(0, 300));
      }
    } catch {
      // not a log record
    }
  }
  return { count, first };
}

/** Busy and total CPU time of the whole machine so far, seconds (from /proc/stat). */
export function machineCpu(): { busyS: number; totalS: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    return { busyS: (total - idle) / CLK_TCK, totalS: total / CLK_TCK };
  } catch {
    return { busyS: Number.NaN, totalS: Number.NaN };
  }
}

/** CPU cores busy on the whole machine over `ms` milliseconds. */
export async function machineBusyCores(ms: number): Promise<number> {
  const a = machineCpu();
  const t = Date.now();
  await new Promise((r) => setTimeout(r, ms));
  const b = machineCpu();
  return (b.busyS - a.busyS) / ((Date.now() - t) / 1000);
}
