/**
 * A real Prometheus Alertmanager for end-to-end tests: one process on a free loopback port, clustering off,
 * its own temporary storage folder, and a single webhook receiver pointed at the Faultline under test.
 * Alerts are posted through Alertmanager's own API v2, as Prometheus would.
 *
 * The binary comes from the Debian/Ubuntu package `prometheus-alertmanager` (CI installs it with apt-get);
 * ALERTMANAGER_BIN overrides the path.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { executable, exited, freePort, waitReady } from '../../test/support/process.ts';

/** One alert as Alertmanager's `POST /api/v2/alerts` takes it (the `postableAlert` of its OpenAPI spec). */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  /** RFC 3339; Alertmanager uses the time of receipt when absent. */
  startsAt?: string;
  /** RFC 3339; a time in the past resolves the alert. */
  endsAt?: string;
  /** Must be a URI when present. */
  generatorURL?: string;
}

/** One alert as `GET /api/v2/alerts` returns it (the fields the tests read). */
export interface GettableAlert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  status: { state: 'active' | 'suppressed' | 'unprocessed'; silencedBy: string[]; inhibitedBy: string[] };
}

export interface AlertmanagerOptions {
  /** The webhook receiver's URL, e.g. `${faultline}/api/v1/intake/alertmanager/quickstart`. */
  webhookUrl: string;
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
  groupBy?: string[];
  /** YAML appended to the generated alertmanager.yml (e.g. an `inhibit_rules:` block). */
  extraYaml?: string;
  /** How long to wait for `/-/ready`, ms (default 15 s). */
  readyTimeoutMs?: number;
}

export interface RunningAlertmanager {
  /** `http://127.0.0.1:<port>` */
  url: string;
  pid: number;
  /** The generated alertmanager.yml. */
  configText: string;
  /** POST /api/v2/alerts; throws unless Alertmanager answers 200. */
  postAlerts(alerts: PostableAlert[]): Promise<void>;
  /** GET /api/v2/alerts, optionally with matchers such as `alertname="X"`. */
  getAlerts(filter?: string[]): Promise<GettableAlert[]>;
  /** What Alertmanager printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; removes the storage folder. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

export { freePort };

const INSTALL_HINT =
  'Alertmanager is required by the end-to-end tests: install the Debian/Ubuntu package `prometheus-alertmanager` ' +
  '(sudo apt-get install -y prometheus-alertmanager), or set ALERTMANAGER_BIN to an alertmanager binary';

/**
 * The Alertmanager binary: ALERTMANAGER_BIN, /usr/bin/prometheus-alertmanager, or `prometheus-alertmanager` /
 * `alertmanager` on the PATH.
 * @throws Error with installation instructions when none is found.
 */
export function alertmanagerBinary(): string {
  const fromEnv = process.env.ALERTMANAGER_BIN;
  if (fromEnv) {
    if (executable(fromEnv)) return fromEnv;
    throw new Error(`ALERTMANAGER_BIN=${fromEnv} is not an executable file. ${INSTALL_HINT}`);
  }
  const candidates = ['/usr/bin/prometheus-alertmanager'];
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    candidates.push(join(dir, 'prometheus-alertmanager'), join(dir, 'alertmanager'));
  }
  const found = candidates.find(executable);
  if (!found) throw new Error(`no Alertmanager binary found. ${INSTALL_HINT}`);
  return found;
}

/** The alertmanager.yml for one webhook receiver. JSON strings are valid YAML scalars. */
export function alertmanagerConfig(opts: AlertmanagerOptions): string {
  const q = JSON.stringify;
  return [
    'route:',
    '  receiver: faultline',
    `  group_by: [${(opts.groupBy ?? ['alertname', 'service']).map((l) => q(l)).join(', ')}]`,
    `  group_wait: ${opts.groupWait ?? '1s'}`,
    `  group_interval: ${opts.groupInterval ?? '1s'}`,
    `  repeat_interval: ${opts.repeatInterval ?? '1h'}`,
    'receivers:',
    '  - name: faultline',
    '    webhook_configs:',
    `      - url: ${q(opts.webhookUrl)}`,
    '        send_resolved: true',
    ...(opts.extraYaml ? [opts.extraYaml] : []),
    '',
  ].join('\n');
}

/** Starts Alertmanager and resolves once `/-/ready` answers 200. Retries on a port lost to a race. */
export async function startAlertmanager(opts: AlertmanagerOptions): Promise<RunningAlertmanager> {
  const binary = alertmanagerBinary();
  const dir = mkdtempSync(join(tmpdir(), 'faultline-alertmanager-'));
  const configText = alertmanagerConfig(opts);
  const configFile = join(dir, 'alertmanager.yml');
  writeFileSync(configFile, configText);

  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let log = '';
    const child = spawn(
      binary,
      [
        `--config.file=${configFile}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        `--web.external-url=${url}`,
        '--cluster.listen-address=',
        '--log.level=info',
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
    const output = () => log;
    try {
      await Promise.race([waitReady('Alertmanager', url, child, opts.readyTimeoutMs ?? 15_000, output), spawnError]);
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
      configText,
      async postAlerts(alerts) {
        const res = await fetch(`${url}/api/v2/alerts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(alerts),
        });
        if (res.status !== 200)
          throw new Error(`Alertmanager refused the alerts: HTTP ${res.status} ${await res.text()}`);
      },
      async getAlerts(filter = []) {
        const qs = filter.map((f) => `filter=${encodeURIComponent(f)}`).join('&');
        const res = await fetch(`${url}/api/v2/alerts${qs ? `?${qs}` : ''}`);
        if (!res.ok) throw new Error(`GET /api/v2/alerts: HTTP ${res.status} ${await res.text()}`);
        return (await res.json()) as GettableAlert[];
      },
      output,
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
