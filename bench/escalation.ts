/**
 * Escalation timer benchmark (issue 4: "10,000 pending escalation timers; fire lateness p50/p99 and
 * notifications/s through a local SMTP sink and a local webhook sink; RSS. Targets: p99 lateness < 1 s,
 * ≥ 500 notifications/s per node").
 *
 *   npm run bench:escalation
 *   npm run bench:escalation -- --store postgres --timers 10000 --window 10 --runs 3 --no-docs
 *
 * Each run starts one fresh Faultline server (`faultline serve`, a child process, as bench:intake does) on a
 * fresh embedded store or a fresh PostgreSQL database. Before it starts, the benchmark writes `--timers`
 * pending escalation timers straight into the database, as the escalation engine leaves them after a step:
 * per timer an incident (triggered), its escalation row naming step 2 of a policy as the next position, and
 * the `escalation.step` job for it, due at an instant spread evenly over `--window` seconds starting
 * `--lead` seconds after seeding. From then on everything is the product: the engine claims the due jobs,
 * runs step 2 (a notification per incident, through the people's notification rules for email), and
 * delivers each notification through the real provider to a local sink:
 * - email: 20 policies, one per team member (so no one exceeds the per-person budget, which the config sets
 *   to 10,000 a minute), SMTP to an in-process SMTP server;
 * - webhook: one policy paging a webhook channel, a signed POST to an in-process HTTP server.
 * Measured per run: fire lateness of each step (its job's completion − its due time: the step's notifications
 * exist at that instant), deliveries/s at the sink from the first to the last arrival, the server's peak RSS
 * (sampled every 100 ms) and CPU. Medians of `--runs` runs per store and channel go to docs/benchmarks.md
 * between `<!-- bench:escalation:start -->` and `<!-- bench:escalation:end -->`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { openDatabase, type Database } from '../apps/server/src/db/client.ts';
import { escalations } from '../apps/server/src/escalation/tables.ts';
import { incidents } from '../apps/server/src/incident/tables.ts';
import { jobs } from '../apps/server/src/engine/tables.ts';
import { startWebhookSink, type WebhookSink } from '../test/support/webhook-sink.ts';
import {
  RssSampler,
  cleanupAll,
  cpuSeconds,
  installSignalHandlers,
  onCleanup,
  pinnedNode,
  serverErrors,
  startFaultline,
  type ManagedChild,
} from './lib/procs.ts';
import { backendCpu, cpuDelta, createDatabase, postgresVersion } from './lib/postgres.ts';
import { startSmtpSink, type SmtpSink } from './lib/smtp-sink.ts';
import { median, percentile } from './lib/stats.ts';
import { machineLine, revision } from './lib/machine.ts';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
/** Each store's figures sit between these markers in the docs' "Escalation" section; a rerun replaces them. */
const marker = (store: string, end: 'start' | 'end') => `<!-- bench:escalation:${store}:${end} -->`;
const MEMBERS = 20;
const ADMIN_TOKEN = 'bench-escalation-admin-token-0123456789';

const { values: opts } = parseArgs({
  options: {
    store: { type: 'string', default: 'pglite,postgres' },
    channels: { type: 'string', default: 'email,webhook' },
    timers: { type: 'string', default: '10000' },
    window: { type: 'string' },
    lead: { type: 'string', default: '60' },
    profile: { type: 'string' },
    'count-queries': { type: 'string' },
    runs: { type: 'string', default: '3' },
    timeout: { type: 'string', default: '300' },
    'postgres-url': { type: 'string', default: process.env.TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test' },
    docs: { type: 'string', default: 'docs/benchmarks.md' },
    'no-docs': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (opts.help) {
  process.stdout.write(
    'npm run bench:escalation -- [--store pglite,postgres] [--channels email,webhook] [--timers 10000] [--window 10]\n' +
      '  [--lead 60] [--runs 3] [--timeout 300] [--postgres-url URL] [--profile dir] [--docs file | --no-docs]\n' +
      '  --window: seconds over which the timers fall due; --lead: seconds from seeding to the first due timer\n' +
      '  (embedded store: it covers the server start; PostgreSQL seeds after the start, at most 10 s ahead)\n' +
      '  --profile: write a V8 CPU profile of each server into dir\n' +
      '  --count-queries dir: count the statements each server sends (PostgreSQL only), by text, into dir\n',
  );
  process.exit(0);
}
type Store = 'pglite' | 'postgres';
type Channel = 'email' | 'webhook';
const STORES = opts.store.split(',') as Store[];
const CHANNELS = opts.channels.split(',') as Channel[];
const TIMERS = Number(opts.timers);
/** Default: due at 500 a second, the per-node delivery target, so one run tests both targets. */
const WINDOW_S = opts.window ? Number(opts.window) : TIMERS / 500;
const LEAD_S = Number(opts.lead);
const RUNS = Number(opts.runs);
const say = (line: string) => process.stdout.write(`${line}\n`);

/** The config: 20 members with an email policy each, a webhook channel with its policy, a large budget. */
function config(smtpUrl: string, hookUrl: string): string {
  const member = (k: number) => `m${k}@example.com`;
  const twoSteps = (target: Record<string, string>) => [
    { delayMinutes: 0, targets: [target] },
    { delayMinutes: 1, targets: [target] },
  ];
  return stringify({
    version: 1,
    catalog: {
      businessLines: [
        {
          id: 'bench',
          modules: [{ id: 'core', tier: 'core', volume: 'high', services: [{ id: 'svc', team: 'ops' }] }],
        },
      ],
    },
    teams: [
      {
        id: 'ops',
        members: Array.from({ length: MEMBERS }, (_, k) => ({ name: `Member ${k}`, email: member(k) })),
        escalationPolicy: 'mail-0',
      },
    ],
    channels: [{ id: 'hook', type: 'webhook', config: { url: `${hookUrl}/hook`, secret: 'bench-escalation-secret' } }],
    escalationPolicies: [
      ...Array.from({ length: MEMBERS }, (_, k) => ({ id: `mail-${k}`, steps: twoSteps({ user: member(k) }) })),
      { id: 'hook', steps: twoSteps({ channel: 'hook' }) },
    ],
    levels: { templates: false, rules: [] },
    notify: { budget: { max: 10_000, perMinutes: 1 } },
    smtp: { url: smtpUrl, from: 'Faultline <faultline@example.com>' },
    // The webhook sink listens on 127.0.0.1.
    outbound: { allow: ['127.0.0.1'] },
  });
}

/**
 * Writes `count` pending step-2 timers (incident, escalation row, `escalation.step` job) due evenly over
 * `[firstDue, firstDue + windowMs)`, 1,000 rows per statement.
 */
async function seed(db: Database, channel: Channel, count: number, firstDue: number, windowMs: number) {
  const now = new Date();
  for (let from = 0; from < count; from += 1000) {
    const n = Math.min(1000, count - from);
    const idx = Array.from({ length: n }, (_, i) => from + i);
    const made = await db.db
      .insert(incidents)
      .values(
        idx.map((i) => ({
          title: `bench timer ${i}`,
          status: 'triggered',
          groupKey: `bench-${i}`,
          service: 'svc',
          createdAt: now,
          updatedAt: now,
        })),
      )
      .returning({ id: incidents.id });
    const timers = made.map((m, j) => {
      const i = from + j;
      return {
        incidentId: m.id,
        policyId: channel === 'email' ? `mail-${i % MEMBERS}` : 'hook',
        due: new Date(firstDue + Math.floor((i * windowMs) / count)),
      };
    });
    await db.db.insert(escalations).values(
      timers.map((t) => ({
        incidentId: t.incidentId,
        reason: 'initial',
        policyId: t.policyId,
        nextStep: 1,
        nextRound: 0,
        nextAt: t.due,
        pages: 1,
        startedAt: now,
        updatedAt: now,
      })),
    );
    await db.db.insert(jobs).values(
      timers.map((t) => ({
        kind: 'escalation.step',
        payload: { incidentId: t.incidentId, policyId: t.policyId, step: 1, round: 0, reason: 'initial' },
        runAt: t.due,
        createdAt: now,
      })),
    );
  }
}

interface RunResult {
  store: Store;
  channel: Channel;
  run: number;
  delivered: number;
  /** Step lateness, ms. */
  p50: number;
  p99: number;
  max: number;
  /** Deliveries per second at the sink, first to last arrival. */
  perS: number;
  /** Last delivery − last due timer, s. */
  tailS: number;
  peakRssMb: number;
  cpuPct: number;
  /** Steps fired per second, first to last. */
  stepsPerS: number;
  /** PostgreSQL backends of the run's database, % of one core (PostgreSQL only). */
  dbCpuPct: number;
  /** 1-minute load average of the machine when the run's timers started to fall due. */
  load: number;
  /** Seconds between the server being ready and the first timer falling due (must be > 0). */
  readyBeforeS: number;
  notSent: number;
  errors: { count: number; first: string[] };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Lateness (ms) of every step-2 job and the number of notifications not sent. */
async function readResults(
  db: Database,
): Promise<{ lateness: number[]; notSent: number; steps: number; stepsPerS: number }> {
  const late = await db.query<{ ms: number; done: number }>(
    `select (extract(epoch from done_at - run_at) * 1000)::float8 as ms, (extract(epoch from done_at) * 1000)::float8 as done
       from jobs where kind = 'escalation.step' and done_at is not null`,
    [],
  );
  const done = late.map((r) => Number(r.done)).sort((a, b) => a - b);
  const steps = await db.query<{ n: number }>(`select count(*)::int as n from jobs where kind = 'escalation.step'`, []);
  const notSent = await db.query<{ n: number }>(
    `select count(*)::int as n from notifications where status <> 'sent'`,
    [],
  );
  return {
    lateness: late.map((r) => Number(r.ms)).sort((a, b) => a - b),
    notSent: notSent[0]?.n ?? 0,
    steps: steps[0]?.n ?? 0,
    stepsPerS: done.length > 1 ? ((done.length - 1) * 1000) / (done.at(-1)! - done[0]!) : Number.NaN,
  };
}

async function oneRun(store: Store, channel: Channel, run: number, pgUrl: string): Promise<RunResult> {
  const workDir = mkdtempSync(join(tmpdir(), 'faultline-bench-escalation-'));
  const unregister = onCleanup(() => rmSync(workDir, { recursive: true, force: true }));
  const smtp: SmtpSink = await startSmtpSink();
  const hooks: WebhookSink = await startWebhookSink({ keep: false });
  const configFile = join(workDir, 'config.yaml');
  writeFileSync(configFile, config(smtp.url, hooks.url));
  const fresh = store === 'postgres' ? await createDatabase(pgUrl) : null;
  const dataDir = join(workDir, 'data');
  let server: ManagedChild | null = null;
  try {
    const windowMs = WINDOW_S * 1000;
    const start = () =>
      startFaultline({
        root: ROOT,
        nodeBin: pinnedNode(ROOT),
        workDir,
        adminToken: ADMIN_TOKEN,
        configFile,
        smtpUrl: smtp.url,
        ...(fresh ? { databaseUrl: fresh.url } : {}),
        ...(opts.profile ? { profileDir: resolve(opts.profile) } : {}),
        ...(opts['count-queries'] && store === 'postgres'
          ? {
              env: {
                NODE_OPTIONS: `--import ${join(ROOT, 'bench/lib/count-queries.ts')}`,
                FAULTLINE_BENCH_QUERY_COUNTS: join(resolve(opts['count-queries']), `${channel}-${run}.txt`),
              },
            }
          : {}),
      });
    // PostgreSQL: seed once the server is up (it applied the migrations), timers due `--lead` s later. The
    // embedded store allows one process: seed first (this applies the migrations), close, then start; the
    // lead must then cover the start-up.
    let firstDue: number;
    if (store === 'postgres') {
      server = await start();
      firstDue = Date.now() + Math.min(LEAD_S, 10) * 1000;
      const seedDb = await openDatabase({ databaseUrl: fresh!.url, dataDir, migrate: false });
      await seed(seedDb, channel, TIMERS, firstDue, windowMs);
      await seedDb.close();
    } else {
      firstDue = Date.now() + LEAD_S * 1000;
      const seedDb = await openDatabase({ dataDir });
      await seed(seedDb, channel, TIMERS, firstDue, windowMs);
      await seedDb.close();
      server = await start();
    }
    const readyBeforeS = (firstDue - Date.now()) / 1000;
    const rss = new RssSampler(server.pid);
    rss.start();
    const cpu0 = cpuSeconds(server.pid);
    const db0 = fresh ? await backendCpu(pgUrl, fresh.name) : new Map<number, number>();
    const t0 = Date.now();
    let load = Number.NaN;
    const arrivals = channel === 'email' ? smtp.arrivals : hooks.arrivals;
    const deadline = firstDue + windowMs + Number(opts.timeout) * 1000;
    while (arrivals.length < TIMERS && Date.now() < deadline) {
      await sleep(200);
      if (Number.isNaN(load) && Date.now() >= firstDue) load = loadavg()[0]!;
      process.stdout.write(`\r  ${store} ${channel} run ${run}: ${arrivals.length}/${TIMERS} delivered   `);
    }
    process.stdout.write('\n');
    await sleep(500);
    const elapsedS = (Date.now() - t0) / 1000;
    const cpuPct = ((cpuSeconds(server.pid) - cpu0) / elapsedS) * 100;
    const dbCpuPct = fresh ? (cpuDelta(db0, await backendCpu(pgUrl, fresh.name)) / elapsedS) * 100 : Number.NaN;
    const peakRssMb = rss.stop().peakMb;
    let results: Awaited<ReturnType<typeof readResults>>;
    if (store === 'postgres') {
      const db = await openDatabase({ databaseUrl: fresh!.url, dataDir, migrate: false });
      results = await readResults(db);
      await db.close();
      await server.stop();
    } else {
      await server.stop();
      const db = await openDatabase({ dataDir, migrate: false });
      results = await readResults(db);
      await db.close();
    }
    const sorted = arrivals.slice().sort((a, b) => a - b);
    const first = sorted[0] ?? Number.NaN;
    const last = sorted.at(-1) ?? Number.NaN;
    const r: RunResult = {
      store,
      channel,
      run,
      delivered: arrivals.length,
      p50: percentile(results.lateness, 50),
      p99: percentile(results.lateness, 99),
      max: results.lateness.at(-1) ?? Number.NaN,
      perS: sorted.length > 1 ? ((sorted.length - 1) * 1000) / (last - first) : Number.NaN,
      tailS: (last - (firstDue + windowMs)) / 1000,
      peakRssMb,
      cpuPct,
      stepsPerS: results.stepsPerS,
      dbCpuPct,
      load,
      readyBeforeS,
      notSent: results.notSent + (TIMERS - results.lateness.length),
      errors: serverErrors(server.logFile),
    };
    say(
      `  lateness p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms, max ${r.max.toFixed(0)} ms; ` +
        `${r.perS.toFixed(0)} deliveries/s; last delivery ${r.tailS.toFixed(1)} s after the last due timer; ` +
        `${r.stepsPerS.toFixed(0)} steps/s; peak RSS ${r.peakRssMb.toFixed(0)} MB; CPU ${r.cpuPct.toFixed(0)} %` +
        `${fresh ? ` + db ${r.dbCpuPct.toFixed(0)} %` : ''}; load ${r.load.toFixed(1)}; ready ${r.readyBeforeS.toFixed(1)} s early` +
        (r.notSent ? `; ${r.notSent} not done` : '') +
        (r.errors.count ? `; ${r.errors.count} error lines: ${r.errors.first.join(' | ')}` : ''),
    );
    return r;
  } finally {
    await server?.stop();
    await smtp.close();
    await hooks.close();
    await fresh?.drop();
    rmSync(workDir, { recursive: true, force: true });
    unregister();
  }
}

const STORE_NAME: Record<Store, string> = { pglite: 'Embedded store (PGlite)', postgres: 'PostgreSQL' };
const f0 = (n: number) => (Number.isFinite(n) ? n.toLocaleString('en', { maximumFractionDigits: 0 }) : '–');

function render(results: RunResult[], header: string[]): string {
  const rows: string[] = [];
  for (const store of STORES)
    for (const channel of CHANNELS) {
      const rs = results.filter((r) => r.store === store && r.channel === channel);
      if (rs.length === 0) continue;
      const m = (pick: (r: RunResult) => number) => median(rs.map(pick));
      rows.push(
        `| ${STORE_NAME[store]} | ${channel === 'email' ? 'email (SMTP sink)' : 'webhook (HTTP sink)'} | ` +
          `${f0(m((r) => r.p50))} ms | ${f0(m((r) => r.p99))} ms | ${f0(m((r) => r.max))} ms | ` +
          `${f0(m((r) => r.stepsPerS))} | ${f0(m((r) => r.perS))} | ${m((r) => r.tailS).toFixed(1)} s | ` +
          `${f0(m((r) => r.peakRssMb))} MB | ${f0(m((r) => r.cpuPct))} %${store === 'postgres' ? ` + ${f0(m((r) => r.dbCpuPct))} % db` : ''} | ` +
          `${m((r) => r.load).toFixed(1)} | ${rs.map((r) => `${f0(r.p99)} / ${f0(r.perS)}`).join(', ')} |`,
      );
    }
  const problems = results
    .filter((r) => r.notSent > 0 || r.delivered !== TIMERS || r.errors.count > 0 || r.readyBeforeS <= 0)
    .map(
      (r) =>
        `- ${STORE_NAME[r.store]}, ${r.channel}, run ${r.run}: ${r.delivered}/${TIMERS} delivered, ${r.notSent} not done, ` +
        `ready ${r.readyBeforeS.toFixed(1)} s before the first timer, ${r.errors.count} error lines ${r.errors.first.join(' | ')}`,
    );
  return [
    ...header,
    '',
    '| Store | Channel | Lateness p50 | p99 | max | Steps/s | Deliveries/s | Last delivery after last due | Peak RSS | Server CPU | Load average | Runs (p99 ms / deliveries/s) |',
    '| --- | --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --- |',
    ...rows,
    '',
    ...(problems.length ? ['Runs with problems:', '', ...problems, ''] : []),
  ].join('\n');
}

async function main(): Promise<void> {
  installSignalHandlers();
  const pgUrl = opts['postgres-url'];
  const pgVersion = STORES.includes('postgres') ? await postgresVersion(pgUrl) : null;
  const command = `npm run bench:escalation${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const header = (store: Store) => [
    `### ${STORE_NAME[store]}`,
    '',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`${command}\`.`,
    '',
    `- Machine: ${machineLine(pinnedNode(ROOT))}. Faultline ${revision(ROOT)}, one server process` +
      ` (\`faultline serve\`, FAULTLINE_LOG_LEVEL=warn, engine defaults)` +
      (store === 'postgres'
        ? `; ${pgVersion} on 127.0.0.1, a fresh database per run.`
        : '; a fresh data folder per run.'),
    `- ${TIMERS.toLocaleString('en')} pending step-2 timers, due evenly over ${WINDOW_S} s (${f0(TIMERS / WINDOW_S)} a second), ` +
      (store === 'postgres'
        ? 'seeded once the server is up, the first due 10 s later.'
        : `seeded before the server starts, the first due ${LEAD_S} s after seeding.`) +
      ` ${RUNS} run${RUNS === 1 ? '' : 's'} per channel, medians.`,
  ];
  for (const store of STORES) {
    const results: RunResult[] = [];
    for (const channel of CHANNELS)
      for (let run = 1; run <= RUNS; run++) {
        say(`${STORE_NAME[store]}, ${channel}, run ${run}/${RUNS}`);
        results.push(await oneRun(store, channel, run, pgUrl));
      }
    const text = render(results, header(store));
    say(`\n${text}`);
    if (!opts['no-docs']) {
      const path = resolve(ROOT, opts.docs);
      let doc = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
      const [b, e] = [marker(store, 'start'), marker(store, 'end')];
      const block = `${b}\n${text}\n${e}`;
      const i = doc.indexOf(b);
      const j = doc.indexOf(e);
      if (i >= 0 && j > i) doc = doc.slice(0, i) + block + doc.slice(j + e.length);
      else doc = `${doc.trimEnd()}\n\n${block}\n`;
      writeFileSync(path, doc);
      say(`\nwritten to ${opts.docs}`);
    }
  }
}

main()
  .then(() => cleanupAll())
  .catch(async (e) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    await cleanupAll();
    process.exit(1);
  });
