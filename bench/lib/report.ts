/**
 * The benchmark report: medians per store as Markdown, written to docs/benchmarks.md between per-store
 * markers (a rerun replaces its own store's block and keeps the other), and a short console summary.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Mode, Phase, RunResult, Store, StoreReport } from './types.ts';
import type { Target } from './alerts.ts';
import { ALERTMANAGER_CONFIG } from './procs.ts';
import { median } from './stats.ts';

/** Goals of the intake issue, for the embedded store; PostgreSQL must be at least as fast. */
export const GOALS = { single: 5_000, batch: 20_000, halfP99Ms: 50, rssMb: 600 } as const;

const STORE_NAME: Record<Store, string> = { pglite: 'Embedded store (PGlite)', postgres: 'PostgreSQL' };
const TARGET_NAME: Record<Target, string> = { faultline: 'Faultline', alertmanager: 'Alertmanager' };

const n0 = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const ms = (n: number) => (!Number.isFinite(n) ? '–' : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n0(n));
const pct = (n: number) => (Number.isFinite(n) ? `${Math.round(n)} %` : '–');

function modeName(mode: Mode, batch: number): string {
  return mode === 'single' ? '1 alert/request' : `${batch} alerts/request`;
}

/** Median figures of one (target, mode, phase). */
export interface Medians {
  runs: number;
  alertsPerS: number;
  p50: number;
  p99: number;
  errors: number;
  peakRssMb: number;
  lifetimeRssMb: number;
  serverCpuPct: number;
  dbCpuPct: number;
  generatorCpuPct: number;
  generatorElu: number;
  otherCores: number;
  offeredRate: number;
  lagS: number;
  /** Runs where the engine had not caught up when the wait ended (lag estimated). */
  lagEstimated: number;
  convergeRateDuringLoad: number;
  convergeRateAfterLoad: number;
}

function pick(runs: RunResult[], target: Target, mode: Mode, phase: Phase): RunResult[] {
  return runs.filter((r) => r.target === target && r.mode === mode && r.phase === phase);
}

export function medians(runs: RunResult[]): Medians | null {
  if (runs.length === 0) return null;
  const m = (f: (r: RunResult) => number | undefined) => median(runs.map((r) => f(r) ?? Number.NaN));
  return {
    runs: runs.length,
    alertsPerS: m((r) => r.alertsPerS),
    p50: m((r) => r.p50),
    p99: m((r) => r.p99),
    errors: m((r) => r.errorsWindow),
    peakRssMb: m((r) => r.peakRssMb),
    lifetimeRssMb: m((r) => r.lifetimeRssMb),
    serverCpuPct: m((r) => r.serverCpuPct),
    dbCpuPct: m((r) => r.dbCpuPct),
    generatorCpuPct: m((r) => r.generatorCpuPct),
    generatorElu: Math.max(...runs.map((r) => r.generatorElu)),
    otherCores: m((r) => r.otherCores),
    offeredRate: m((r) => r.offeredRate),
    lagS: m((r) => r.convergence?.lagS),
    lagEstimated: runs.filter((r) => r.convergence && !r.convergence.complete).length,
    convergeRateDuringLoad: m((r) => r.convergence?.rateDuringLoad),
    convergeRateAfterLoad: m((r) => r.convergence?.rateAfterLoad),
  };
}

function lag(m: Medians): string {
  if (!Number.isFinite(m.lagS) && m.lagEstimated === 0) return '–';
  if (!Number.isFinite(m.lagS)) return 'did not finish';
  const s = m.lagS < 10 ? m.lagS.toFixed(1) : n0(m.lagS);
  return m.lagEstimated > 0 ? `≈ ${s} s (est., ${m.lagEstimated}/${m.runs} runs)` : `${s} s`;
}

/** The figures another store's block is compared with (kept as JSON in a comment of the block). */
interface BlockData {
  store: Store;
  date: string;
  faultline: Partial<Record<Mode, { alertsPerS: number; p99Half: number; peakRssMb: number }>>;
}

function blockData(r: StoreReport): BlockData {
  const faultline: BlockData['faultline'] = {};
  for (const mode of ['single', 'batch'] as const) {
    const sat = medians(pick(r.runs, 'faultline', mode, 'saturation'));
    if (!sat) continue;
    const half = medians(pick(r.runs, 'faultline', mode, 'half'));
    faultline[mode] = {
      alertsPerS: Math.round(sat.alertsPerS),
      p99Half: half ? Number(half.p99.toFixed(2)) : Number.NaN,
      peakRssMb: Math.round(sat.peakRssMb),
    };
  }
  return { store: r.store, date: r.date, faultline };
}

const DATA_RE = (store: Store) => new RegExp(`<!-- bench:intake:data:${store} (\\{.*?\\}) -->`);

function readBlockData(text: string, store: Store): BlockData | null {
  const m = DATA_RE(store).exec(text);
  if (!m) return null;
  try {
    return JSON.parse(m[1]!) as BlockData;
  } catch {
    return null;
  }
}

function table(head: string[], align: ('l' | 'r')[], rows: string[][]): string {
  const sep = align.map((a) => (a === 'r' ? '---:' : '---'));
  return [head, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

function verdict(ok: boolean): string {
  return ok ? '**met**' : '**not met**';
}

function targetsSection(r: StoreReport, embedded: BlockData | null): string {
  const rows: string[][] = [];
  const b = r.settings.batch;
  for (const mode of ['single', 'batch'] as const) {
    const sat = medians(pick(r.runs, 'faultline', mode, 'saturation'));
    if (!sat) continue;
    const goal = mode === 'single' ? GOALS.single : GOALS.batch;
    rows.push([
      `Throughput, ${modeName(mode, b)}`,
      `≥ ${n0(goal)} alerts/s`,
      `${n0(sat.alertsPerS)} alerts/s (${((sat.alertsPerS / goal) * 100).toFixed(sat.alertsPerS / goal < 0.1 ? 1 : 0)} % of the goal)`,
      verdict(sat.alertsPerS >= goal),
    ]);
    const half = medians(pick(r.runs, 'faultline', mode, 'half'));
    if (half) {
      const atGoalLoad = half.offeredRate >= goal / 2;
      const ok = half.p99 < GOALS.halfP99Ms && atGoalLoad && half.errors === 0;
      rows.push([
        `p99 at half load, ${modeName(mode, b)}`,
        `< ${GOALS.halfP99Ms} ms at ${n0(goal / 2)} alerts/s`,
        `${ms(half.p99)} ms at ${n0(half.offeredRate)} alerts/s${atGoalLoad ? '' : ' (half the measured throughput; the goal rate is not sustained)'}`,
        verdict(ok),
      ]);
    }
    rows.push([
      `Peak RSS, ${modeName(mode, b)}`,
      `< ${GOALS.rssMb} MB`,
      `${n0(sat.peakRssMb)} MB under load (${n0(sat.lifetimeRssMb)} MB peak including start-up)`,
      verdict(sat.peakRssMb < GOALS.rssMb),
    ]);
    if (r.store === 'postgres') {
      const e = embedded?.faultline[mode];
      rows.push([
        `PostgreSQL at least as fast as embedded, ${modeName(mode, b)}`,
        e
          ? `≥ ${n0(e.alertsPerS)} alerts/s (embedded, ${e.alertsPerS ? embedded!.date.slice(0, 10) : ''})`
          : '≥ the embedded store',
        `${n0(sat.alertsPerS)} alerts/s`,
        e ? verdict(sat.alertsPerS >= e.alertsPerS) : 'no embedded figures yet',
      ]);
    }
  }
  return table(['Target', 'Goal', 'Measured (median)', 'Status'], ['l', 'l', 'l', 'l'], rows);
}

function saturationTable(r: StoreReport): string {
  const rows: string[][] = [];
  for (const mode of ['single', 'batch'] as const) {
    const am = medians(pick(r.runs, 'alertmanager', mode, 'saturation'));
    const fl = medians(pick(r.runs, 'faultline', mode, 'saturation'));
    if (!am && !fl) continue;
    for (const [target, m] of [
      ['alertmanager', am],
      ['faultline', fl],
    ] as const) {
      if (!m) continue;
      const ratio =
        target === 'faultline' && am && fl
          ? `${(fl.alertsPerS / am.alertsPerS).toFixed(fl.alertsPerS / am.alertsPerS < 0.1 ? 3 : 2)} ×`
          : '';
      rows.push([
        modeName(mode, r.settings.batch),
        TARGET_NAME[target],
        n0(m.alertsPerS),
        ratio,
        ms(m.p50),
        ms(m.p99),
        n0(m.errors),
        `${n0(m.peakRssMb)} / ${n0(m.lifetimeRssMb)}`,
        pct(m.serverCpuPct) + (r.store === 'postgres' && target === 'faultline' ? ` + ${pct(m.dbCpuPct)} db` : ''),
        target === 'faultline' ? lag(m) : '–',
      ]);
    }
  }
  return table(
    [
      'Mode',
      'Server',
      'Accepted alerts/s',
      'Faultline / Alertmanager',
      'p50 ms',
      'p99 ms',
      'Errors',
      'Peak RSS MB (load / life)',
      'Server CPU',
      'Convergence lag',
    ],
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    rows,
  );
}

function halfTable(r: StoreReport): string {
  const rows: string[][] = [];
  for (const mode of ['single', 'batch'] as const) {
    for (const target of ['alertmanager', 'faultline'] as const) {
      const m = medians(pick(r.runs, target, mode, 'half'));
      if (!m) continue;
      rows.push([
        modeName(mode, r.settings.batch),
        TARGET_NAME[target],
        n0(m.offeredRate),
        n0(m.alertsPerS),
        ms(m.p50),
        ms(m.p99),
        n0(m.errors),
        `${n0(m.peakRssMb)} / ${n0(m.lifetimeRssMb)}`,
        pct(m.serverCpuPct),
        target === 'faultline' ? lag(m) : '–',
      ]);
    }
  }
  return table(
    [
      'Mode',
      'Server',
      'Offered alerts/s',
      'Accepted alerts/s',
      'p50 ms',
      'p99 ms',
      'Errors',
      'Peak RSS MB (load / life)',
      'Server CPU',
      'Convergence lag',
    ],
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    rows,
  );
}

function engineTable(r: StoreReport): string {
  const rows: string[][] = [];
  for (const phase of ['saturation', 'half'] as const) {
    for (const mode of ['single', 'batch'] as const) {
      const m = medians(pick(r.runs, 'faultline', mode, phase));
      if (!m) continue;
      rows.push([
        `${phase === 'saturation' ? 'saturation' : 'half load'}, ${modeName(mode, r.settings.batch)}`,
        n0(m.alertsPerS),
        n0(m.convergeRateDuringLoad),
        Number.isFinite(m.convergeRateAfterLoad) ? n0(m.convergeRateAfterLoad) : '– (nothing left)',
        lag(m),
      ]);
    }
  }
  return table(
    [
      'Phase',
      'Accepted alerts/s',
      'Applied alerts/s during the load',
      'Applied alerts/s after it',
      'Lag after the load',
    ],
    ['l', 'r', 'r', 'r', 'l'],
    rows,
  );
}

function diagnostics(r: StoreReport): string {
  const out: string[] = [];
  const intake = r.runs.filter((x) => x.phase === 'intake-only');
  if (intake.length > 0) {
    out.push(
      '#### Intake without the engine (`FAULTLINE_ROLE=api`, one run per mode)\n',
      table(
        ['Mode', 'Accepted alerts/s', 'p50 ms', 'p99 ms', 'Errors', 'Peak RSS MB (load)', 'Server CPU'],
        ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
        intake.map((x) => [
          modeName(x.mode, r.settings.batch),
          n0(x.alertsPerS),
          ms(x.p50),
          ms(x.p99),
          n0(x.errorsWindow),
          n0(x.peakRssMb),
          pct(x.serverCpuPct),
        ]),
      ),
      '',
    );
  }
  for (const p of r.profiles) {
    const run = r.runs.find((x) => x.phase === 'profile' && x.mode === p.mode);
    const s = p.summary;
    out.push(
      `#### CPU profile of the server, ${modeName(p.mode, r.settings.batch)} (\`node --cpu-prof\`, ${s.windowed ? 'measurement window only' : 'whole process life'})\n`,
      `${run ? `That run: ${n0(run.alertsPerS)} alerts/s, server CPU ${pct(run.serverCpuPct)}. ` : ''}Busy ${n0(s.busyMs)} ms of ${n0(s.wallMs)} ms sampled; shares are of the busy time.\n`,
      table(
        ['Component', 'Self time'],
        ['l', 'r'],
        s.components.slice(0, 8).map((c) => [c.component, `${c.pct.toFixed(1)} %`]),
      ),
      '',
      table(
        ['Function (self time)', 'Where', 'Component', 'Share'],
        ['l', 'l', 'l', 'r'],
        s.functions
          .slice(0, 12)
          .map((f) => [`\`${f.name}\``, f.where ? `\`${f.where}\`` : '', f.component, `${f.pct.toFixed(1)} %`]),
      ),
      '',
    );
  }
  return out.join('\n');
}

function convergenceCell(x: RunResult): string {
  const c = x.convergence!;
  const lagText = c.complete
    ? `${c.lagS.toFixed(1)} s`
    : Number.isFinite(c.lagS)
      ? `≈ ${n0(c.lagS)} s est.`
      : 'stalled';
  return `${lagText} (${n0(c.atStop)}/${n0(c.total)} applied at stop${c.note ? `; ${c.note}` : ''})`;
}

function errorsSection(r: StoreReport): string {
  const bad = r.runs.filter((x) => x.serverErrors.count > 0);
  if (bad.length === 0 && r.failures.length === 0) return '';
  return [
    '#### Errors',
    '',
    ...r.failures.map(
      (f) =>
        `- Run failed (not in the medians): ${f.phase}, ${modeName(f.mode, r.settings.batch)}, ${TARGET_NAME[f.target]}, run ${f.run}: ${f.error}`,
    ),
    ...bad.map(
      (x) =>
        `- Faultline logged errors in ${x.phase}, ${modeName(x.mode, r.settings.batch)}, run ${x.run}: ${x.serverErrors.count} error lines; first: ${x.serverErrors.first.map((f) => `\`${f.replace(/`/g, "'")}\``).join('; ')}`,
    ),
    '',
  ].join('\n');
}

function runsTable(r: StoreReport): string {
  const rows = r.runs.map((x) => [
    x.phase,
    modeName(x.mode, r.settings.batch),
    TARGET_NAME[x.target],
    String(x.run),
    x.offeredRate ? n0(x.offeredRate) : '',
    n0(x.alertsPerS),
    ms(x.p50),
    ms(x.p99),
    ms(x.max),
    Object.entries(x.statusCounts)
      .filter(([k]) => !k.startsWith('2'))
      .map(([k, v]) => `${k}×${v}`)
      .join(' ') || '0',
    `${n0(x.peakRssMb)} / ${n0(x.lifetimeRssMb)}`,
    pct(x.serverCpuPct) + (x.dbCpuPct !== undefined ? ` + ${pct(x.dbCpuPct)} db` : ''),
    `${pct(x.generatorCpuPct)} / ${Math.round(x.generatorElu * 100)} %`,
    x.otherCores.toFixed(2),
    x.convergence ? convergenceCell(x) : '',
  ]);
  return table(
    [
      'Phase',
      'Mode',
      'Server',
      'Run',
      'Offered/s',
      'Alerts/s',
      'p50',
      'p99',
      'max',
      'Errors',
      'RSS MB (load / life)',
      'Server CPU',
      'Generator CPU / event loop',
      'Other cores busy',
      'Convergence',
    ],
    ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'l', 'r', 'r', 'r', 'r', 'l'],
    rows,
  );
}

export function renderBlock(r: StoreReport, embedded: BlockData | null): string {
  const s = r.settings;
  const m = r.machine;
  const all = r.runs.filter((x) => x.phase === 'saturation' || x.phase === 'half');
  const genMax = Math.max(...all.map((x) => x.generatorCpuPct));
  const eluMax = Math.max(...all.map((x) => x.generatorElu));
  const other = median(all.map((x) => x.otherCores));
  const otherMax = Math.max(...all.map((x) => x.otherCores));
  return [
    `### ${STORE_NAME[r.store]}`,
    '',
    `Measured ${r.date.slice(0, 16).replace('T', ' ')} UTC with \`${r.command}\`.`,
    '',
    `- Machine: ${m.cpus} CPUs (${m.cpuModel.trim()}), ${m.memoryGb.toFixed(1)} GB memory, ${m.kernel}; load average at the start ${m.loadAverage}.`,
    `- Faultline ${m.revision}: \`node apps/server/src/cli/main.ts serve\` on Node ${m.node}, examples/quickstart.yaml, FAULTLINE_LOG_LEVEL=warn, ${r.store === 'pglite' ? 'embedded PGlite in a fresh temporary data folder' : `${m.postgres ?? 'PostgreSQL'} on 127.0.0.1, a fresh database per run (dropped afterwards)`}.`,
    `- Alertmanager: ${m.alertmanager}; clustering off, temporary storage, a receiver with no integration ("null") with group_wait 1h, so it never notifies.`,
    `- Load: ${s.concurrency} keep-alive connections (closed loop), ${s.warmupS} s warm-up then ${s.durationS} s measured, ${s.repeat} run${s.repeat === 1 ? '' : 's'} per server and mode, every run on a freshly started server; ${s.workers} load thread${s.workers > 1 ? 's' : ''}. Every alert is a distinct label set (instance = host-<n>). Latency is per request.`,
    `- Load generator: at most ${Math.round(genMax)} % of a core, event loop at most ${Math.round(eluMax * 100)} % busy${eluMax > 0.85 ? ' (close to saturated: a rerun with --workers 2 shows whether it limited the fastest server)' : ', so it was not the bottleneck'}. Other processes on the machine used ${other.toFixed(2)} cores (median; up to ${otherMax.toFixed(2)}) during the windows.`,
    '',
    `#### Saturation: closed loop, ${s.concurrency} connections (${s.repeat === 1 ? 'one run' : `medians of ${s.repeat} runs`})`,
    '',
    saturationTable(r),
    '',
    'Accepted = answered 2xx (Faultline answers only after the events are committed). Peak RSS is the server process ' +
      'only, sampled every 100 ms: "load" is the highest sample while the run loaded it and converged, "life" the ' +
      "kernel's VmHWM, which includes start-up" +
      (r.store === 'postgres' ? ' (PostgreSQL backends are not included; their CPU is shown as "db").' : '.') +
      ` Convergence lag: time from the last answer until the incidents' alert counts add up to every accepted alert (wait capped at ${s.convergeTimeoutS} s, then extrapolated).`,
    '',
    ...(r.runs.some((x) => x.phase === 'half')
      ? [
          `#### Half load: open loop at half of Faultline's median throughput (${s.repeat === 1 ? 'one run' : `medians of ${s.repeat} runs`})`,
          '',
          halfTable(r),
          '',
          'Latency in the open loop is measured from the scheduled send time, so queueing in a stalled server counts.',
          '',
        ]
      : []),
    '#### Does the engine keep up?',
    '',
    engineTable(r),
    '',
    '#### Targets',
    '',
    targetsSection(r, embedded),
    '',
    errorsSection(r),
    diagnostics(r),
    '<details><summary>Every run</summary>',
    '',
    runsTable(r),
    '',
    '</details>',
    '',
    `<!-- bench:intake:data:${r.store} ${JSON.stringify(blockData(r))} -->`,
  ].join('\n');
}

const SKELETON = `# Benchmarks

## Intake: Faultline vs Alertmanager

\`npm run bench:intake\` sends the same alert stream to Faultline's Alertmanager webhook intake
(\`POST /api/v1/intake/alertmanager/quickstart\`) and to a real Alertmanager (\`POST /api/v2/alerts\`), each started
as a child process on loopback, at 1 and at 100 alerts per request: first as fast as a fixed number of connections
allows (saturation), then at half of Faultline's throughput with an open-loop sender (latency at half load). After each
Faultline run it measures how long the engine needs to apply every accepted alert to incidents (convergence lag).
\`--postgres\` runs the same against PostgreSQL; \`--help\` lists the options. The sections between the markers are
generated; a rerun replaces them.

Alertmanager config used (no notification is ever sent):

\`\`\`yaml
${ALERTMANAGER_CONFIG}\`\`\`

<!-- bench:intake:pglite:begin -->
<!-- bench:intake:pglite:end -->

<!-- bench:intake:postgres:begin -->
<!-- bench:intake:postgres:end -->
`;

/** Replaces (or adds) this store's block in the report file. */
export function writeDocs(path: string, report: StoreReport, thisProcess: StoreReport[]): void {
  let text = existsSync(path) ? readFileSync(path, 'utf8') : SKELETON;
  const fromRun = thisProcess.find((r) => r.store === 'pglite');
  const embedded = fromRun ? blockData(fromRun) : readBlockData(text, 'pglite');
  const begin = `<!-- bench:intake:${report.store}:begin -->`;
  const end = `<!-- bench:intake:${report.store}:end -->`;
  const block = `${begin}\n${renderBlock(report, embedded)}\n${end}`;
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i >= 0 && j > i) text = text.slice(0, i) + block + text.slice(j + end.length);
  else text = `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, text);
}

/** A few lines for the terminal. */
export function renderConsoleSummary(r: StoreReport): string {
  const lines = [
    `\n${STORE_NAME[r.store]} — ${r.settings.repeat === 1 ? 'one run' : `medians of ${r.settings.repeat} runs`}`,
  ];
  for (const mode of ['single', 'batch'] as const) {
    const am = medians(pick(r.runs, 'alertmanager', mode, 'saturation'));
    const fl = medians(pick(r.runs, 'faultline', mode, 'saturation'));
    const half = medians(pick(r.runs, 'faultline', mode, 'half'));
    if (!fl) continue;
    lines.push(
      `  ${modeName(mode, r.settings.batch).padEnd(19)} Faultline ${n0(fl.alertsPerS).padStart(7)} alerts/s (p50 ${ms(fl.p50)} ms, p99 ${ms(fl.p99)} ms, RSS ${n0(fl.peakRssMb)} MB, lag ${lag(fl)})` +
        (am
          ? `  Alertmanager ${n0(am.alertsPerS)} alerts/s (p99 ${ms(am.p99)} ms)  ratio ${(fl.alertsPerS / am.alertsPerS).toFixed(3)}`
          : ''),
    );
    if (half)
      lines.push(
        `  ${''.padEnd(19)} half load ${n0(half.offeredRate)} alerts/s: p50 ${ms(half.p50)} ms, p99 ${ms(half.p99)} ms, lag ${lag(half)}`,
      );
  }
  return lines.join('\n');
}
