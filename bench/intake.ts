/**
 * Intake benchmark: Faultline's Alertmanager webhook intake against a real Alertmanager 0.25 taking the same
 * alert stream, at 1 and at 100 alerts per request. Each server runs as a child process of its own (fresh
 * data folder or fresh PostgreSQL database per run); the load generator runs on worker threads here.
 *
 *   npm run bench:intake                          embedded store (PGlite)
 *   npm run bench:intake -- --postgres            PostgreSQL (fresh database on --postgres-url)
 *   npm run bench:intake -- --store pglite,postgres --duration 10 --repeat 3 --profile
 *
 * Phases per store: saturation (closed loop, fixed concurrency) for both targets, then half load (open loop
 * at half of Faultline's median throughput) for both targets; after each Faultline run it waits until the
 * engine has applied every accepted alert (convergence lag). Results go to docs/benchmarks.md between
 * markers. `--help` lists the options.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Target } from './lib/alerts.ts';
import { runLoad, type LoadResult } from './lib/load.ts';
import {
  alertmanagerVersion,
  cleanupAll,
  cpuSeconds,
  findAlertmanager,
  installSignalHandlers,
  machineBusyCores,
  machineCpu,
  onCleanup,
  pinnedNode,
  RssSampler,
  serverErrors,
  startAlertmanager,
  startFaultline,
  type ManagedChild,
} from './lib/procs.ts';
import { backendCpu, cpuDelta, createDatabase, postgresVersion, type FreshDatabase } from './lib/postgres.ts';
import { summariseProfile } from './lib/profile.ts';
import { startSmtpSink } from './lib/smtp-sink.ts';
import { median } from './lib/stats.ts';
import type { Convergence, Machine, Mode, Phase, RunResult, Settings, Store, StoreReport } from './lib/types.ts';
import { renderConsoleSummary, writeDocs } from './lib/report.ts';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const ADMIN_TOKEN = `bench-admin-${Date.now().toString(36)}-0123456789`;
const FAULTLINE_PATH = '/api/v1/intake/alertmanager/quickstart';
const ALERTMANAGER_PATH = '/api/v2/alerts';

const HELP = `npm run bench:intake -- [options]

  --duration <s>          measured seconds per run (default 10)
  --warmup <s>            unmeasured seconds before each window (default 2)
  --concurrency <n>       connections of the closed loop (default 32)
  --batch <n>             alerts per request of the batch mode (default 100)
  --repeat <n>            runs per target and mode; medians are reported (default 3)
  --store <list>          pglite (embedded, default), postgres, or pglite,postgres
  --postgres              same as --store postgres
  --postgres-url <url>    server for the fresh databases (default postgres://root@127.0.0.1:5432/test)
  --modes <list>          single,batch (default both)
  --workers <n>           load-generator threads (default 1)
  --converge-timeout <s>  longest wait for the engine after a run (default 120; the lag is then estimated)
  --quiet-wait <s>        before each run, wait up to this long for other load on the machine to drop (default 20, 0 = off)
  --no-half               skip the half-load phase
  --intake-only           also run Faultline with FAULTLINE_ROLE=api (intake without the engine), once per mode
  --profile               also run Faultline once per mode under node --cpu-prof and report the top functions
  --alertmanager <path>   Alertmanager binary (default: $ALERTMANAGER_BIN, alertmanager or prometheus-alertmanager on PATH)
  --docs <file>           report file (default docs/benchmarks.md); --no-docs to skip
`;

interface Options extends Settings {
  stores: Store[];
  postgresUrl: string;
  modes: Mode[];
  half: boolean;
  intakeOnly: boolean;
  profile: boolean;
  alertmanager?: string;
  docs: string | null;
  quietWaitS: number;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      concurrency: { type: 'string', default: '32' },
      batch: { type: 'string', default: '100' },
      repeat: { type: 'string', default: '3' },
      store: { type: 'string' },
      postgres: { type: 'boolean', default: false },
      'postgres-url': { type: 'string', default: 'postgres://root@127.0.0.1:5432/test' },
      modes: { type: 'string', default: 'single,batch' },
      workers: { type: 'string', default: '1' },
      'converge-timeout': { type: 'string', default: '120' },
      'quiet-wait': { type: 'string', default: '20' },
      'no-half': { type: 'boolean', default: false },
      'intake-only': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      alertmanager: { type: 'string' },
      docs: { type: 'string', default: 'docs/benchmarks.md' },
      'no-docs': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const num = (name: string, v: string, min: number) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min} (got ${v})`);
    return n;
  };
  const storeList = values.store ?? (values.postgres ? 'postgres' : 'pglite');
  const stores = storeList.split(',').map((s) => {
    const t = s.trim();
    if (t === 'pglite' || t === 'embedded') return 'pglite' as const;
    if (t === 'postgres' || t === 'postgresql') return 'postgres' as const;
    throw new Error(`--store: unknown store "${t}" (pglite or postgres)`);
  });
  const modes = values.modes.split(',').map((m) => {
    const t = m.trim();
    if (t === 'single' || t === 'batch') return t;
    throw new Error(`--modes: unknown mode "${t}" (single or batch)`);
  });
  return {
    durationS: num('duration', values.duration, 1),
    warmupS: num('warmup', values.warmup, 0),
    concurrency: Math.floor(num('concurrency', values.concurrency, 1)),
    batch: Math.floor(num('batch', values.batch, 2)),
    repeat: Math.floor(num('repeat', values.repeat, 1)),
    workers: Math.floor(num('workers', values.workers, 1)),
    convergeTimeoutS: num('converge-timeout', values['converge-timeout'], 1),
    quietWaitS: num('quiet-wait', values['quiet-wait'], 0),
    stores: [...new Set(stores)],
    postgresUrl: values['postgres-url'],
    modes: [...new Set(modes)],
    half: !values['no-half'],
    intakeOnly: values['intake-only'],
    profile: values.profile,
    ...(values.alertmanager ? { alertmanager: values.alertmanager } : {}),
    docs: values['no-docs'] ? null : resolve(ROOT, values.docs),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Progress
// ---------------------------------------------------------------------------------------------------------

const benchStart = Date.now();
let runsDone = 0;
let runsPlanned = 0;
const tty = process.stdout.isTTY === true;
let lastLine = 0;

function clock(s: number): string {
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
}

function eta(): string {
  const elapsed = (Date.now() - benchStart) / 1000;
  if (runsDone === 0) return `${clock(elapsed)} elapsed`;
  const left = (elapsed / runsDone) * (runsPlanned - runsDone);
  return `${clock(elapsed)} elapsed, ~${clock(left)} left`;
}

function say(line: string): void {
  if (tty) process.stdout.write('\r\x1b[K');
  process.stdout.write(`${line}\n`);
}

/** A status line: rewritten in place on a terminal, printed every 5 s otherwise. */
function status(line: string): void {
  const full = `  ${line}  [run ${runsDone + 1}/${runsPlanned}, ${eta()}]`;
  if (tty) process.stdout.write(`\r\x1b[K${full.slice(0, (process.stdout.columns ?? 160) - 1)}`);
  else if (Date.now() - lastLine >= 5000) {
    lastLine = Date.now();
    process.stdout.write(`${full}\n`);
  }
}

const fmt = (n: number, d = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : '–';

// ---------------------------------------------------------------------------------------------------------
// One run
// ---------------------------------------------------------------------------------------------------------

interface RunSpec {
  store: Store;
  target: Target;
  mode: Mode;
  phase: Phase;
  run: number;
  /** Open loop when set (alerts/s). */
  rate?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the rest of the machine uses less than half a core, up to `maxS` seconds. */
async function waitQuiet(maxS: number): Promise<void> {
  if (maxS <= 0) return;
  const deadline = Date.now() + maxS * 1000;
  let busy = await machineBusyCores(1000);
  if (busy < 0.5) return;
  while (Date.now() < deadline) {
    status(`waiting for the machine to quiet down (other processes use ${fmt(busy, 1)} cores)`);
    busy = await machineBusyCores(2000);
    if (busy < 0.5) return;
  }
  say(`  note: other processes still use ${fmt(busy, 1)} of ${availableParallelism()} cores; measuring anyway`);
}

async function sumAlertCount(url: string): Promise<number> {
  const res = await fetch(`${url}/api/v1/incidents?status=all&limit=1000`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) throw new Error(`GET /api/v1/incidents answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  const body = (await res.json()) as { incidents: { alertCount: number }[] };
  return body.incidents.reduce((n, i) => n + i.alertCount, 0);
}

/**
 * Polls the incidents until the alert counts add up to every accepted alert (each alert of the stream is
 * distinct, so each adds one to its incident's alertCount when the engine applies it).
 */
async function waitConvergence(
  fl: ManagedChild,
  load: LoadResult,
  loadStartedAt: number,
  timeoutS: number,
  label: string,
): Promise<Convergence> {
  const total = load.okAlertsTotal;
  const stopAt = load.lastAnswerAt;
  const atStop = await sumAlertCount(fl.url);
  const loadS = Math.max(0.001, (stopAt - loadStartedAt) / 1000);
  const base = { total, atStop, rateDuringLoad: atStop / loadS };
  if (atStop >= total)
    return { ...base, rateAfterLoad: Number.NaN, lagS: Math.max(0, (Date.now() - stopAt) / 1000), complete: true };
  const t0 = Date.now();
  let last = atStop;
  let lastChange = Date.now();
  for (;;) {
    await sleep(250);
    const n = await sumAlertCount(fl.url);
    const now = Date.now();
    if (n !== last) lastChange = now;
    last = n;
    const rateAfterLoad = (n - atStop) / ((now - t0) / 1000);
    status(
      `${label}: converging ${fmt(n)}/${fmt(total)} alerts applied, ${fmt((now - stopAt) / 1000, 1)} s after the load`,
    );
    if (n >= total) return { ...base, rateAfterLoad, lagS: (now - stopAt) / 1000, complete: true };
    const waited = (now - t0) / 1000;
    if (waited >= timeoutS || now - lastChange > 20_000) {
      const stalled = now - lastChange > 20_000;
      const est = rateAfterLoad > 0 ? (now - stopAt) / 1000 + (total - n) / rateAfterLoad : Number.POSITIVE_INFINITY;
      return {
        ...base,
        rateAfterLoad,
        lagS: est,
        complete: false,
        note: stalled
          ? `no progress for 20 s at ${fmt(n)}/${fmt(total)}`
          : `stopped waiting after ${fmt(waited)} s at ${fmt(n)}/${fmt(total)}; lag extrapolated at ${fmt(rateAfterLoad)} alerts/s`,
      };
    }
  }
}

interface RunContext {
  opts: Options;
  amBin: string;
  nodeBin: string;
  tmp: string;
  /** Profiles to keep, by mode. */
  profiles: StoreReport['profiles'];
  /** Where Faultline sends its pages (a sink in this process). */
  smtpUrl: string;
}

async function oneRun(ctx: RunContext, spec: RunSpec): Promise<RunResult> {
  const { opts } = ctx;
  const label = `${spec.store === 'pglite' ? 'embedded' : 'postgres'} · ${spec.phase} · ${spec.mode === 'single' ? '1 alert/req' : `${opts.batch} alerts/req`} · ${spec.target}${spec.phase === 'saturation' || spec.phase === 'half' ? ` · run ${spec.run}/${opts.repeat}` : ''}`;
  await waitQuiet(opts.quietWaitS);
  say(`▶ ${label}${spec.rate ? ` at ${fmt(spec.rate)} alerts/s` : ''}`);
  const workDir = mkdtempSync(join(ctx.tmp, `${spec.target}-`));
  let db: FreshDatabase | null = null;
  let child: ManagedChild | null = null;
  const profileDir = spec.phase === 'profile' ? join(ctx.tmp, `profile-${spec.store}-${spec.mode}`) : undefined;
  try {
    status(`${label}: starting ${spec.target}`);
    if (spec.target === 'alertmanager') {
      child = await startAlertmanager(ctx.amBin, workDir);
    } else {
      if (spec.store === 'postgres') db = await createDatabase(opts.postgresUrl);
      child = await startFaultline({
        root: ROOT,
        nodeBin: ctx.nodeBin,
        workDir,
        adminToken: ADMIN_TOKEN,
        ...(db ? { databaseUrl: db.url } : {}),
        ...(profileDir ? { profileDir } : {}),
        role: spec.phase === 'intake-only' ? 'api' : 'all',
        smtpUrl: ctx.smtpUrl,
      });
    }
    const server = child;
    const rss = new RssSampler(server.pid);
    rss.start();
    let cpu0 = 0;
    let cpu1 = 0;
    let w0 = 0;
    let w1 = 0;
    let hr0 = 0;
    let hr1 = 0;
    let m0 = machineCpu();
    let m1 = m0;
    let db0: Promise<Map<number, number>> = Promise.resolve(new Map());
    let db1: Promise<Map<number, number>> = Promise.resolve(new Map());
    const loadStartedAt = Date.now();
    const load = await runLoad(
      {
        url: `${server.url}${spec.target === 'faultline' ? FAULTLINE_PATH : ALERTMANAGER_PATH}`,
        target: spec.target,
        stream: {
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          endsAt: new Date(Date.now() + 6 * 3600_000).toISOString(),
          salt: Math.floor(Math.random() * 0xffffff).toString(16),
        },
        batch: spec.mode === 'single' ? 1 : opts.batch,
        mode: spec.rate ? 'open' : 'closed',
        concurrency: opts.concurrency,
        alertRate: spec.rate ?? 0,
        workers: opts.workers,
        warmupS: opts.warmupS,
        durationS: opts.durationS,
        timeoutMs: 60_000,
      },
      {
        onWindowStart() {
          w0 = Date.now();
          hr0 = Number(process.hrtime.bigint() / 1000n);
          cpu0 = cpuSeconds(server.pid);
          m0 = machineCpu();
          if (db) db0 = backendCpu(opts.postgresUrl, db.name);
        },
        onWindowEnd() {
          w1 = Date.now();
          hr1 = Number(process.hrtime.bigint() / 1000n);
          cpu1 = cpuSeconds(server.pid);
          m1 = machineCpu();
          if (db) db1 = backendCpu(opts.postgresUrl, db.name);
        },
        onProgress(p) {
          const total = opts.warmupS + opts.durationS;
          status(
            `${label}: ${p.elapsedS < opts.warmupS ? 'warm-up' : 'load'} ${fmt(Math.min(p.elapsedS, total), 1)}/${fmt(total, 1)} s, ${fmt(p.okAlerts)} alerts accepted, ${fmt(p.errors)} errors, ${p.inflight} in flight`,
          );
        },
      },
    );
    const windowS = Math.max(0.001, (w1 - w0) / 1000);
    const serverCpuS = cpu1 - cpu0;
    const dbCpuS = db ? cpuDelta(await db0, await db1) : 0;
    const genCpuS = (load.generatorCpuPct / 100) * opts.durationS;
    const machineS = m1.busyS - m0.busyS;
    let convergence: Convergence | undefined;
    if (spec.target === 'faultline' && spec.phase !== 'intake-only') {
      convergence = await waitConvergence(server, load, loadStartedAt, opts.convergeTimeoutS, label);
    }
    const mem = rss.stop();
    status(`${label}: stopping ${spec.target}`);
    await server.stop(60_000);
    const errors = spec.target === 'faultline' ? serverErrors(server.logFile) : { count: 0, first: [] };
    if (profileDir) {
      const file = existsSync(profileDir) ? readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile')) : undefined;
      if (file) {
        const path = join(profileDir, file);
        ctx.profiles.push({
          mode: spec.mode,
          file: path,
          summary: summariseProfile(path, 15, { fromUs: hr0, toUs: hr1 }),
        });
      } else say(`  note: no CPU profile was written (the server writes it only when it exits by itself on SIGTERM)`);
    }
    const r: RunResult = {
      store: spec.store,
      target: spec.target,
      mode: spec.mode,
      phase: spec.phase,
      run: spec.run,
      ...(spec.rate ? { offeredRate: spec.rate } : {}),
      alertsPerS: load.alertsPerS,
      requestsPerS: load.requestsPerS,
      p50: load.p50,
      p99: load.p99,
      max: load.max,
      errorsWindow: load.errorsWindow,
      okAlertsTotal: load.okAlertsTotal,
      statusCounts: load.statusCounts,
      errorSamples: load.errorSamples,
      peakRssMb: mem.peakMb,
      lifetimeRssMb: mem.lifetimeMb,
      serverCpuPct: (serverCpuS / windowS) * 100,
      ...(db ? { dbCpuPct: (dbCpuS / windowS) * 100 } : {}),
      generatorCpuPct: load.generatorCpuPct,
      generatorElu: load.generatorElu,
      otherCores: Math.max(0, (machineS - serverCpuS - dbCpuS - genCpuS) / windowS),
      lateSends: load.lateSends,
      ...(convergence ? { convergence } : {}),
      serverErrors: errors,
    };
    const conv = convergence
      ? `, converged ${convergence.complete ? `in ${fmt(convergence.lagS, 1)} s` : `not within the wait (${fmt(convergence.atStop)} applied at stop; ${convergence.note})`}`
      : '';
    say(
      `  ${fmt(r.alertsPerS)} alerts/s, p50 ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms, ${fmt(r.errorsWindow)} errors, peak RSS ${fmt(r.peakRssMb)} MB, server CPU ${fmt(r.serverCpuPct)}%${conv}`,
    );
    if (r.errorsWindow > 0)
      for (const [k, v] of Object.entries(r.errorSamples))
        say(`  errors ${k} ×${r.statusCounts[k]}: ${v.slice(0, 160)}`);
    if (errors.count > 0) say(`  the server logged ${errors.count} errors, first: ${errors.first[0]}`);
    if (r.generatorElu > 0.85)
      say(`  warning: the load generator's event loop was ${fmt(r.generatorElu * 100)}% busy; try --workers 2`);
    return r;
  } catch (e) {
    if (child) say(`  ${child.name} log: ${child.logFile}`);
    throw e;
  } finally {
    await child?.stop(5000);
    await db?.drop().catch((e: unknown) => say(`  note: could not drop ${db?.name}: ${String(e)}`));
    rmSync(workDir, { recursive: true, force: true });
    runsDone++;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------------

function revision(): string {
  const git = (args: string[]) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
  const head = git(['rev-parse', '--short', 'HEAD']) || 'unknown';
  const diff =
    spawnSync('git', ['diff', 'HEAD', '--', 'apps', 'packages'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 })
      .stdout ?? '';
  const untracked = git(['ls-files', '--others', '--exclude-standard', '--', 'apps/server', 'packages']);
  if (!diff && !untracked) return head;
  const id = createHash('sha256').update(diff).update(untracked).digest('hex').slice(0, 8);
  return `${head} with uncommitted changes in apps/ or packages/ (diff ${id})`;
}

function machineInfo(nodeBin: string, am: string, pgVersion?: string): Machine {
  const node = spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: totalmem() / 1024 ** 3,
    kernel: `Linux ${release()}`,
    node,
    alertmanager: am,
    ...(pgVersion ? { postgres: pgVersion } : {}),
    revision: revision(),
    loadAverage: loadavg()
      .map((l) => l.toFixed(2))
      .join(', '),
  };
}

function medianOf(runs: RunResult[], pick: (r: RunResult) => number): number {
  return median(runs.map(pick));
}

async function benchStore(ctx: RunContext, store: Store, machine: Machine): Promise<StoreReport> {
  const { opts } = ctx;
  const runs: RunResult[] = [];
  const failures: StoreReport['failures'] = [];
  ctx.profiles = [];
  // A failed run is reported and skipped; the medians use the runs that completed.
  const attempt = async (spec: RunSpec) => {
    try {
      runs.push(await oneRun(ctx, spec));
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      say(`  run failed: ${error}`);
      const { phase, mode, target, run } = spec;
      failures.push({ phase, mode, target, run, error: error.split('\n')[0]!.slice(0, 300) });
    }
  };
  say(`\n=== ${store === 'pglite' ? 'Embedded store (PGlite)' : 'PostgreSQL'} ===`);
  say(`— saturation: closed loop, ${opts.concurrency} connections, ${opts.warmupS} s warm-up + ${opts.durationS} s`);
  for (let run = 1; run <= opts.repeat; run++) {
    for (const mode of opts.modes) {
      for (const target of ['alertmanager', 'faultline'] as const) {
        await attempt({ store, target, mode, phase: 'saturation', run });
      }
    }
  }
  const halfRates: StoreReport['halfRates'] = {};
  for (const mode of opts.modes) {
    const fl = runs.filter((r) => r.target === 'faultline' && r.mode === mode && r.phase === 'saturation');
    if (fl.length > 0) halfRates[mode] = Math.max(1, medianOf(fl, (r) => r.alertsPerS) / 2);
  }
  if (opts.half) {
    say(`— half load: open loop at half of Faultline's median throughput`);
    for (let run = 1; run <= opts.repeat; run++) {
      for (const mode of opts.modes) {
        const rate = halfRates[mode];
        if (rate === undefined) continue;
        for (const target of ['alertmanager', 'faultline'] as const) {
          await attempt({ store, target, mode, phase: 'half', run, rate });
        }
      }
    }
  }
  if (opts.intakeOnly) {
    say(`— diagnostic: Faultline with FAULTLINE_ROLE=api (intake only, no engine)`);
    for (const mode of opts.modes) await attempt({ store, target: 'faultline', mode, phase: 'intake-only', run: 1 });
  }
  if (opts.profile) {
    say(`— diagnostic: Faultline under node --cpu-prof (not counted in the medians)`);
    for (const mode of opts.modes) await attempt({ store, target: 'faultline', mode, phase: 'profile', run: 1 });
  }
  const args = process.argv.slice(2);
  return {
    store,
    date: new Date().toISOString(),
    command: `npm run bench:intake${args.length ? ` -- ${args.join(' ')}` : ''}`,
    machine,
    settings: {
      durationS: opts.durationS,
      warmupS: opts.warmupS,
      concurrency: opts.concurrency,
      batch: opts.batch,
      repeat: opts.repeat,
      workers: opts.workers,
      convergeTimeoutS: opts.convergeTimeoutS,
    },
    runs,
    failures,
    profiles: ctx.profiles,
    halfRates,
  };
}

async function main(): Promise<void> {
  installSignalHandlers();
  const opts = parseOptions(process.argv.slice(2));
  const amBin = findAlertmanager(opts.alertmanager);
  const amVersion = alertmanagerVersion(amBin);
  const nodeBin = pinnedNode(ROOT);
  const pgVersion = opts.stores.includes('postgres') ? await postgresVersion(opts.postgresUrl) : undefined;
  const tmp = mkdtempSync(join(tmpdir(), 'faultline-bench-'));
  onCleanup(() => {
    // Keep CPU profiles (their paths are printed and written to the report); remove the rest.
    for (const f of readdirSync(tmp))
      if (!f.startsWith('profile-')) rmSync(join(tmp, f), { recursive: true, force: true });
    if (readdirSync(tmp).length === 0) rmSync(tmp, { recursive: true, force: true });
  });
  const perStoreRuns =
    opts.modes.length * (2 * opts.repeat * (opts.half ? 2 : 1) + (opts.intakeOnly ? 1 : 0) + (opts.profile ? 1 : 0));
  runsPlanned = perStoreRuns * opts.stores.length;
  say(
    `Faultline intake benchmark — ${amVersion.split(' (')[0]}, server node ${spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim()}`,
  );
  say(
    `${runsPlanned} runs: stores ${opts.stores.join(', ')}; modes ${opts.modes.join(', ')}; ${opts.repeat} repeats of ${opts.warmupS} + ${opts.durationS} s; each run starts a fresh server`,
  );
  const smtp = await startSmtpSink();
  onCleanup(() => smtp.close());
  const ctx: RunContext = { opts, amBin, nodeBin, tmp, profiles: [], smtpUrl: smtp.url };
  const reports: StoreReport[] = [];
  for (const store of opts.stores) {
    const report = await benchStore(
      ctx,
      store,
      machineInfo(nodeBin, amVersion, store === 'postgres' ? pgVersion : undefined),
    );
    reports.push(report);
    say(renderConsoleSummary(report));
    if (opts.docs) {
      writeDocs(opts.docs, report, reports);
      say(`wrote ${opts.docs.replace(`${ROOT}/`, '')} (${store})`);
    }
    for (const p of report.profiles) say(`CPU profile (${p.mode}): ${p.file}`);
  }
  say(`done in ${clock((Date.now() - benchStart) / 1000)}`);
}

try {
  await main();
  await cleanupAll();
} catch (e) {
  say(`\nbench:intake failed: ${e instanceof Error ? e.message : String(e)}`);
  await cleanupAll();
  process.exitCode = 1;
}
