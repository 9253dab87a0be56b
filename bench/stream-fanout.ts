/**
 * Live-stream fan-out benchmark: intake throughput (alerts answered 202 per second, one alert per request,
 * closed loop) with 0 and with N team-limited live-update streams open. Each team-limited stream must not
 * learn of other teams' incidents, so every incident message is filtered by the incident's team; this
 * measures what that filtering costs intake. Embedded store, the quickstart config, a local SMTP sink.
 *
 *   node bench/stream-fanout.ts                       0 and 2000 streams, 10 s each after 2 s warm-up
 *   node bench/stream-fanout.ts --streams 0,500,2000 --duration 20 --root <checkout>
 *
 * `--root` runs another checkout's server (e.g. an older commit extracted with `git archive`) with this
 * script, to compare before and after. The stream and connection caps are lifted for the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runLoad } from './lib/load.ts';
import { cleanupAll, installSignalHandlers, pinnedNode, startFaultline, type ManagedChild } from './lib/procs.ts';
import { startSmtpSink } from './lib/smtp-sink.ts';

const HERE = resolve(fileURLToPath(new URL('..', import.meta.url)));
const ADMIN_TOKEN = `bench-admin-${Date.now().toString(36)}-0123456789`;

const { values: opts } = parseArgs({
  options: {
    streams: { type: 'string', default: '0,2000' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '16' },
    team: { type: 'string', default: 'payments' },
    root: { type: 'string', default: HERE },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (opts.help) {
  process.stdout.write(
    'node bench/stream-fanout.ts [--streams 0,2000] [--duration 10] [--warmup 2] [--concurrency 16] [--team payments] [--root DIR]\n',
  );
  process.exit(0);
}

/**
 * Opens `n` team-limited streams, each on its own connection; resolves when all answered 200. They are not read
 * during the load (the machine has few cores, and reading 2,000 streams here would take CPU from the server):
 * what the server sends waits in the sockets' buffers until `drain()` reads it and counts the messages.
 */
async function openStreams(
  url: string,
  token: string,
  n: number,
): Promise<{ drain(): Promise<number>; close(): void }> {
  const requests: ClientRequest[] = [];
  const responses: IncomingMessage[] = [];
  let received = 0;
  const opened: Array<Promise<void>> = [];
  for (let i = 0; i < n; i++) {
    opened.push(
      new Promise((ok, fail) => {
        const req = request(
          `${url}/api/v1/stream`,
          { agent: false, headers: { authorization: `Bearer ${token}` } },
          (res) => {
            if (res.statusCode !== 200) return fail(new Error(`stream ${i} answered ${res.statusCode}`));
            res.pause();
            res.on('error', () => undefined);
            responses.push(res);
            ok();
          },
        );
        req.on('error', fail);
        req.end();
        requests.push(req);
      }),
    );
    // Do not open thousands of connections in one burst.
    if (i % 200 === 199) await Promise.all(opened.slice(-200));
  }
  await Promise.all(opened);
  return {
    async drain() {
      for (const res of responses) {
        res.on('data', (chunk: Buffer) => (received += chunk.toString('utf8').split('data: ').length - 1));
        res.resume();
      }
      await new Promise((r) => setTimeout(r, 3_000));
      return received;
    },
    close: () => requests.forEach((r) => r.destroy()),
  };
}

async function run(streams: number): Promise<{ alertsPerS: number; p99: number; messages: number }> {
  const workDir = mkdtempSync(join(tmpdir(), 'faultline-fanout-'));
  const smtp = await startSmtpSink();
  let server: ManagedChild | undefined;
  try {
    server = await startFaultline({
      root: resolve(opts.root),
      nodeBin: pinnedNode(HERE),
      workDir,
      adminToken: ADMIN_TOKEN,
      smtpUrl: smtp.url,
      env: {
        FAULTLINE_MAX_STREAMS: String(Math.max(1, streams) + 10),
        FAULTLINE_MAX_STREAMS_PER_TOKEN: String(Math.max(1, streams) + 10),
        FAULTLINE_MAX_CONNECTIONS_PER_CLIENT: '0',
      },
    });
    const created = await fetch(`${server.url}/api/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench-board', role: 'viewer', team: opts.team }),
    });
    if (created.status !== 201) throw new Error(`token: ${created.status} ${await created.text()}`);
    const { token } = (await created.json()) as { token: string };
    const open = await openStreams(server.url, token, streams);
    const now = Date.now();
    const result = await runLoad({
      url: `${server.url}/api/v1/intake/alertmanager/quickstart`,
      target: 'faultline',
      stream: {
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
        salt: Math.floor(Math.random() * 0xffffff).toString(16),
      },
      batch: 1,
      mode: 'closed',
      concurrency: Number(opts.concurrency),
      alertRate: 0,
      workers: 1,
      warmupS: Number(opts.warmup),
      durationS: Number(opts.duration),
      timeoutMs: 30_000,
    });
    const messages = await open.drain();
    open.close();
    return { alertsPerS: result.alertsPerS, p99: result.p99, messages };
  } finally {
    await server?.stop();
    await smtp.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

installSignalHandlers();
try {
  for (const n of opts.streams.split(',').map(Number)) {
    const r = await run(n);
    process.stdout.write(
      `${String(n).padStart(5)} team-limited streams: ${r.alertsPerS.toFixed(0).padStart(6)} alerts/s, p99 ${r.p99.toFixed(0)} ms, ${r.messages} stream messages delivered\n`,
    );
  }
} finally {
  await cleanupAll();
}
