/**
 * A real Prometheus for end-to-end tests and benchmarks, and the tiny exporter it scrapes.
 *
 * - `startOrdersExporter` serves counters `orders_success_total{module="…"}` on loopback; the caller sets
 *   each module's rate (orders per second) and the counter grows linearly at that rate; samples carry
 *   their own timestamps, so `rate()` over any window reads back exactly what was set.
 * - `backfillOrders` writes history for the same counters into a TSDB folder with
 *   `promtool tsdb create-blocks-from openmetrics`, so offset and median baselines (a week or days back)
 *   have data without waiting for it.
 * - `startPrometheus` runs one Prometheus on a free loopback port with a temporary storage folder (history
 *   optional) scraping the given targets every second.
 *
 * The binaries come from the Debian/Ubuntu package `prometheus` (`prometheus`, `promtool`);
 * PROMETHEUS_BIN and PROMTOOL_BIN override the paths.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { executable, exited, freePort, waitReady } from '../../test/support/process.ts';

const INSTALL_HINT =
  'Prometheus is required: install the Debian/Ubuntu package `prometheus` (sudo apt-get install -y prometheus), ' +
  'or set PROMETHEUS_BIN and PROMTOOL_BIN';

function findBinary(envName: string, name: string): string {
  const fromEnv = process.env[envName];
  if (fromEnv) {
    if (executable(fromEnv)) return fromEnv;
    throw new Error(`${envName}=${fromEnv} is not an executable file. ${INSTALL_HINT}`);
  }
  const candidates = [
    `/usr/bin/${name}`,
    ...(process.env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((d) => join(d, name)),
  ];
  const found = candidates.find(executable);
  if (!found) throw new Error(`no ${name} binary found. ${INSTALL_HINT}`);
  return found;
}

/** The Prometheus binary (PROMETHEUS_BIN, /usr/bin/prometheus or on the PATH). */
export const prometheusBinary = () => findBinary('PROMETHEUS_BIN', 'prometheus');
/** The promtool binary (PROMTOOL_BIN, /usr/bin/promtool or on the PATH). */
export const promtoolBinary = () => findBinary('PROMTOOL_BIN', 'promtool');

/** `prometheus --version`'s first line, e.g. `prometheus, version 2.42.0+ds (…)`. */
export function prometheusVersion(): string {
  const r = spawnSync(prometheusBinary(), ['--version'], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`.split('\n')[0]!.trim();
}

export interface OrdersExporter {
  /** `127.0.0.1:<port>`, the scrape target. */
  target: string;
  /** Sets a module's rate in orders per second from now on (a new module starts at 0); resolves once applied. */
  setRate(module: string, perSecond: number): Promise<void>;
  /** Scrapes served so far. */
  scrapes(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The exporter's HTTP server, run as a child process: Faultline under test shares the test's process (the
 * embedded database blocks its event loop for a while at times), and a scrape that times out would leave a
 * gap that makes `rate()` under-read. (A worker thread would do for that, but V8 has crashed freeing
 * WebAssembly code with a second isolate in the process.) Plain JavaScript, run with `node -e`; rate changes
 * arrive over the IPC channel.
 */
const EXPORTER_PROCESS = `
const { createServer } = require('node:http');
const series = new Map();
const value = (s, t) => s.base + (s.rate * (t - s.since)) / 1000;
const setRate = (module, rate) => {
  const t = Date.now();
  const s = series.get(module);
  series.set(module, { rate, base: s ? value(s, t) : 0, since: t });
};
for (const [m, r] of Object.entries(JSON.parse(process.env.EXPORTER_RATES))) setRate(m, r);
let scrapes = 0;
process.on('message', (msg) => {
  if (msg.type === 'setRate') setRate(msg.module, msg.perSecond);
  process.send({ type: 'ack', id: msg.id, scrapes });
});
process.on('disconnect', () => process.exit(0));
const server = createServer((req, res) => {
  if (req.url !== '/metrics') return res.writeHead(404).end();
  scrapes++;
  // Each sample carries the instant its value was computed (Prometheus keeps it: honor_timestamps).
  const t = Date.now();
  const lines = ['# HELP orders_success_total Successful orders.', '# TYPE orders_success_total counter'];
  for (const [m, s] of series) lines.push('orders_success_total{module="' + m + '"} ' + value(s, t).toFixed(6) + ' ' + t);
  res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(lines.join('\\n') + '\\n');
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.send({ type: 'listening', port: server.address().port }));
`;

/**
 * Serves `orders_success_total{module="<m>"}` for every module of `rates` (orders per second) at `/metrics`
 * in the Prometheus text format, from a child process. Counter values are floats growing linearly between
 * rate changes; `setRate` applies from the moment the exporter receives it.
 */
export async function startOrdersExporter(rates: Record<string, number>): Promise<OrdersExporter> {
  const child = spawn(process.execPath, ['-e', EXPORTER_PROCESS], {
    env: { ...process.env, EXPORTER_RATES: JSON.stringify(rates) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the exporter exited (code ${code}) before it listened`)));
    child.on('message', (m: { type: string; port?: number }) => {
      if (m.type === 'listening') resolve(m.port!);
    });
  });
  let nextId = 0;
  let scrapes = 0;
  const send = (msg: Record<string, unknown>) => {
    const id = ++nextId;
    return new Promise<void>((resolve) => {
      const onMessage = (m: { type: string; id?: number; scrapes?: number }) => {
        if (m.type === 'ack' && m.id === id) {
          scrapes = m.scrapes ?? scrapes;
          child.off('message', onMessage);
          resolve();
        }
      };
      child.on('message', onMessage);
      child.send({ ...msg, id });
    });
  };
  let stopped: Promise<void> | null = null;
  return {
    target: `127.0.0.1:${port}`,
    setRate: (module, perSecond) => send({ type: 'setRate', module, perSecond }),
    async scrapes() {
      await send({ type: 'ping' });
      return scrapes;
    },
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          await exited(child);
        }
      })();
      return stopped;
    },
  };
}

export interface OrdersHistory {
  /** Orders per second per module, constant over every range. */
  rates: Record<string, number>;
  /** Time ranges to fill (each one is a separate run of the counters). */
  ranges: Array<{ start: Date; end: Date }>;
  /** Seconds between samples (default 2; keep it under half the `rate()` window of the queries). */
  stepSeconds?: number;
}

/**
 * Writes TSDB blocks of `orders_success_total{module}` history into `storageDir` (Prometheus's
 * `--storage.tsdb.path`, before it starts) with promtool.
 * @throws Error with promtool's output when it fails
 */
export function backfillOrders(storageDir: string, history: OrdersHistory): void {
  const step = (history.stepSeconds ?? 2) * 1000;
  const lines = ['# HELP orders_success Successful orders.', '# TYPE orders_success counter'];
  // OpenMetrics wants each series' samples together and in time order.
  for (const [module, rate] of Object.entries(history.rates)) {
    for (const { start, end } of [...history.ranges].sort((a, b) => a.start.getTime() - b.start.getTime())) {
      for (let t = start.getTime(); t <= end.getTime(); t += step) {
        const v = 1_000 + (rate * (t - start.getTime())) / 1000;
        lines.push(`orders_success_total{module="${module}"} ${v.toFixed(3)} ${(t / 1000).toFixed(3)}`);
      }
    }
  }
  lines.push('# EOF');
  const file = join(storageDir, '..', `backfill-${Date.now()}.om`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const r = spawnSync(promtoolBinary(), ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', file, storageDir], {
    encoding: 'utf8',
  });
  rmSync(file, { force: true });
  if (r.status !== 0) throw new Error(`promtool could not backfill (exit ${r.status}):\n${r.stdout}${r.stderr}`);
}

export interface PrometheusOptions {
  /** Scrape targets (`host:port`), all in one job `exporter`. */
  targets: string[];
  /** Default `1s`. */
  scrapeInterval?: string;
  /** History to write before start. */
  history?: OrdersHistory;
  /** More `scrape_configs` entries, as YAML lines indented for the list (e.g. a job with `authorization`). */
  scrapeConfigs?: string[];
  /** How long to wait for `/-/ready`, ms (default 20 s). */
  readyTimeoutMs?: number;
}

export interface RunningPrometheus {
  /** `http://127.0.0.1:<port>` */
  url: string;
  pid: number;
  /** What Prometheus printed so far, for failure messages. */
  output(): string;
  /** The value of an instant query now (one series or a scalar), null when empty. */
  query(expr: string): Promise<number | null>;
  /** Resolves once every target has been scraped successfully (`up == 1` for all of them). */
  waitScraped(timeoutMs?: number): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; removes the storage folder. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts Prometheus and resolves once `/-/ready` answers 200. Retries on a port lost to a race. */
export async function startPrometheus(opts: PrometheusOptions): Promise<RunningPrometheus> {
  const binary = prometheusBinary();
  const dir = mkdtempSync(join(tmpdir(), 'faultline-prometheus-'));
  const storage = join(dir, 'data');
  if (opts.history) backfillOrders(storage, opts.history);
  const interval = opts.scrapeInterval ?? '1s';
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(
    configFile,
    [
      'global:',
      `  scrape_interval: ${interval}`,
      `  scrape_timeout: ${interval}`,
      'scrape_configs:',
      '  - job_name: exporter',
      '    static_configs:',
      `      - targets: [${opts.targets.map((t) => JSON.stringify(t)).join(', ')}]`,
      ...(opts.scrapeConfigs ?? []),
      '',
    ].join('\n'),
  );

  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let log = '';
    const child = spawn(
      binary,
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${storage}`,
        `--web.listen-address=127.0.0.1:${port}`,
        // Backfilled history reaches a week back; keep it.
        '--storage.tsdb.retention.time=30d',
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const append = (chunk: Buffer) => {
      log += chunk.toString('utf8');
      if (log.length > 200_000) log = log.slice(-100_000);
    };
    child.stdout!.on('data', append);
    child.stderr!.on('data', append);
    const spawnError = new Promise<never>((_, reject) =>
      child.once('error', (e) => reject(new Error(`cannot run ${binary}: ${e.message}. ${INSTALL_HINT}`))),
    );
    try {
      await Promise.race([waitReady('Prometheus', url, child, opts.readyTimeoutMs ?? 20_000, () => log), spawnError]);
    } catch (e) {
      lastError = e;
      child.kill('SIGKILL');
      await exited(child);
      if (/address already in use/i.test(log)) continue;
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    let stopped: Promise<void> | null = null;
    return {
      url,
      pid: child.pid!,
      output: () => log,
      async query(expr) {
        const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
        if (!res.ok) throw new Error(`query ${expr}: HTTP ${res.status} ${await res.text()}`);
        const body = (await res.json()) as { data: { resultType: string; result: unknown } };
        if (body.data.resultType === 'scalar') return Number((body.data.result as [number, string])[1]);
        const series = body.data.result as Array<{ value: [number, string] }>;
        return series[0] ? Number(series[0].value[1]) : null;
      },
      async waitScraped(timeoutMs = 20_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent('min(up{job="exporter"})')}`).catch(
            () => null,
          );
          const body = res?.ok
            ? ((await res.json()) as { data: { result: Array<{ value: [number, string] }> } })
            : null;
          if (body?.data.result[0]?.value[1] === '1') return;
          if (Date.now() > deadline)
            throw new Error(`Prometheus did not scrape ${opts.targets.join(', ')} within ${timeoutMs} ms:\n${log}`);
          await new Promise((r) => setTimeout(r, 200));
        }
      },
      stop(graceMs = 5_000) {
        stopped ??= (async () => {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
            await exited(child);
            clearTimeout(timer);
          }
          rmSync(dir, { recursive: true, force: true });
        })();
        return stopped;
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}
