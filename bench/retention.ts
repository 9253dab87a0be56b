/**
 * Retention benchmark (issue 18 item 5, docs/operations.md#retention): a week of ever-growing records past their
 * retention — KPI samples of `--watches` watches every minute, one inbound event a second with its two finished
 * jobs, and a page every 5 minutes — is deleted by retention's own runs (`pruneAll` with its batch and time budget,
 * run after run until nothing more is due, as the hourly job and its one-minute backlog re-runs do), while alerts
 * are posted to the intake at a steady rate. Reports rows deleted, the prune's wall time and rows/s, the longest
 * run, and intake latency (p50/p99) during the prune against the same rate with no prune.
 *
 *   npm run bench:retention                                            embedded store, 100 watches
 *   TEST_DATABASE_URL=postgres://root@127.0.0.1:5432/<db> npm run bench:retention -- --store postgres
 *   npm run bench:retention -- --watches 1000 --repeat 3
 *
 * Prints a Markdown block for docs/benchmarks.md (the figures are pasted there by hand, with the command).
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { rows } from '../apps/server/src/db/index.ts';
import { FakeClock } from '../apps/server/src/lib/clock.ts';
import { BATCH, pruneAll, type PruneCounts } from '../apps/server/src/retention/index.ts';
import { startTestServer } from '../test/support/server.ts';
import { machineLine, revision } from './lib/machine.ts';
import { median, percentile } from './lib/stats.ts';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const { values: opts } = parseArgs({
  options: {
    store: { type: 'string', default: 'embedded' },
    watches: { type: 'string', default: '100' },
    days: { type: 'string', default: '7' },
    rate: { type: 'string', default: '20' },
    repeat: { type: 'string', default: '3' },
  },
});
const store = opts.store === 'postgres' ? 'postgres' : 'embedded';
if (store === 'postgres' && !process.env.TEST_DATABASE_URL) throw new Error('--store postgres needs TEST_DATABASE_URL');
process.env.FAULTLINE_TEST_STORE = store === 'postgres' ? 'postgres' : 'pglite';
const WATCHES = Number(opts.watches);
const DAYS = Number(opts.days);
const RATE = Number(opts.rate); // alerts per second posted during each phase
const REPEAT = Number(opts.repeat);
const NOW = new Date('2027-01-15T12:00:00Z');
const config = `${await import('node:fs').then((fs) => fs.readFileSync(resolve(ROOT, 'examples/quickstart.yaml'), 'utf8'))}
retention: { eventsDays: 1, jobsDays: 1, kpiSamplesDays: 1, deliveriesDays: 1 }
`;

interface Run {
  seeded: number;
  deleted: PruneCounts;
  pruneMs: number;
  runs: number;
  longestRunMs: number;
  idle: { p50: number; p99: number; n: number };
  during: { p50: number; p99: number; n: number };
}

/** Posts one alert every 1/RATE s until `stop()` resolves; returns the latencies, ms. */
function steadyIntake(post: (i: number) => Promise<Response>): { stop(): Promise<number[]> } {
  const latencies: number[] = [];
  let running = true;
  let i = 0;
  const inflight: Promise<void>[] = [];
  const timer = setInterval(() => {
    if (!running) return;
    const start = performance.now();
    inflight.push(
      post(i++).then(async (res) => {
        await res.arrayBuffer();
        if (res.status !== 202) throw new Error(`intake answered ${res.status}`);
        latencies.push(performance.now() - start);
      }),
    );
  }, 1000 / RATE);
  return {
    async stop() {
      running = false;
      clearInterval(timer);
      await Promise.all(inflight);
      return latencies;
    },
  };
}

const summary = (ms: number[]) => {
  const sorted = Float64Array.from(ms).sort();
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: ms.length };
};

async function once(): Promise<Run> {
  const clock = new FakeClock(NOW.toISOString());
  const s = await startTestServer({ clock, engineLoop: false, configYaml: config });
  try {
    const db = s.rt.db;
    const from = `${new Date(NOW.getTime() - (DAYS + 1) * 86_400_000).toISOString()}`;
    const until = `${new Date(NOW.getTime() - 86_400_000 - 3_600_000).toISOString()}`;
    await db.execute(sql`
      insert into events (integration, source, received_at, payload, signals, processed_at)
      select 'quickstart', 'alertmanager', t, '{"alerts":[]}', '[]', t
        from generate_series(${from}::timestamptz, ${until}::timestamptz, interval '1 second') t`);
    await db.execute(sql`
      insert into jobs (id, kind, payload, run_at, created_at, done_at) overriding system value
      select n - 1000000000, 'escalation.page', '{}'::jsonb, t, t, t
        from generate_series(${from}::timestamptz, ${until}::timestamptz, interval '500 milliseconds')
             with ordinality as s(t, n)`);
    await db.execute(sql`
      insert into kpi_samples (watch_id, at, value, source)
      select 'watch-' || w, t, 100, 'push'
        from generate_series(1, ${WATCHES}) w,
             generate_series(${from}::timestamptz, ${until}::timestamptz, interval '1 minute') t`);
    const [inc] = await rows<{ id: string }>(
      db,
      sql`insert into incidents (title, status, group_key, created_at, updated_at)
          values ('bench', 'resolved', 'bench', ${from}::timestamptz, ${from}::timestamptz) returning id`,
    );
    await db.execute(sql`
      insert into notifications (incident_id, idempotency_key, channel, recipient, status, created_at)
      select ${Number(inc!.id)}, 'bench-' || extract(epoch from t), 'email', 'a@example.com', 'sent', t
        from generate_series(${from}::timestamptz, ${until}::timestamptz, interval '5 minutes') t`);
    await db.execute(sql`analyze`);
    const [c] = await rows<{ n: number }>(
      db,
      sql`select (select count(*) from events)::int + (select count(*) from jobs)::int
               + (select count(*) from kpi_samples)::int + (select count(*) from notifications)::int as n`,
    );
    // The server queued its own jobs at start; the seeded ones are older, so they take ids below theirs (ids
    // follow insertion, which retention's walk relies on).
    const post = (i: number) =>
      s.post('/api/v1/intake/alertmanager/quickstart', {
        version: '4',
        status: 'firing',
        alerts: [{ status: 'firing', labels: { alertname: `Bench${i}`, service: 'checkout-api' }, startsAt: NOW }],
      });
    // The same rate with no prune, for as long as the prune below is expected to take at least.
    const idleLoad = steadyIntake(post);
    await new Promise((r) => setTimeout(r, 5_000));
    const idle = summary(await idleLoad.stop());

    const deleted: PruneCounts = { events: 0, jobs: 0, kpiSamples: 0, deliveries: 0 };
    const load = steadyIntake(post);
    const started = performance.now();
    let runs = 0;
    let longest = 0;
    for (;;) {
      const runStart = performance.now();
      const run = await pruneAll(db, s.rt.config().config, NOW, () => performance.now() - runStart, {
        batch: BATCH[s.rt.dbKind],
      });
      runs++;
      longest = Math.max(longest, performance.now() - runStart);
      for (const k of Object.keys(deleted) as Array<keyof PruneCounts>) deleted[k] += run.deleted[k];
      if (!run.more) break;
      await new Promise((r) => setImmediate(r)); // the hourly job's next run comes from the engine's timer
    }
    const pruneMs = performance.now() - started;
    const during = summary(await load.stop());
    return { seeded: c!.n, deleted, pruneMs, runs, longestRunMs: longest, idle, during };
  } finally {
    await s.dispose();
  }
}

const results: Run[] = [];
for (let i = 0; i < REPEAT; i++) {
  const r = await once();
  results.push(r);
  console.error(
    `run ${i + 1}: ${JSON.stringify(r.deleted)} in ${(r.pruneMs / 1000).toFixed(1)} s over ${r.runs} runs ` +
      `(longest ${r.longestRunMs.toFixed(0)} ms); intake p50/p99 ${r.idle.p50.toFixed(1)}/${r.idle.p99.toFixed(1)} ms idle, ` +
      `${r.during.p50.toFixed(1)}/${r.during.p99.toFixed(1)} ms during`,
  );
}
const m = (f: (r: Run) => number) => median(results.map(f));
const total = (r: Run) => Object.values(r.deleted).reduce((a, b) => a + b, 0);
const fmt = (n: number) => Math.round(n).toLocaleString('en');
console.log(`
**${store === 'postgres' ? 'PostgreSQL (external)' : 'Embedded store'}**: ${DAYS} days past their retention — ${WATCHES} KPI watches a minute, an event a second with two finished jobs, a page every 5 minutes (${fmt(results[0]!.seeded)} rows). Median of ${REPEAT}; intake at ${RATE} alerts/s through HTTP meanwhile. ${revision(ROOT)}; ${machineLine(process.execPath)}.

| | median of ${REPEAT} |
| --- | ---: |
| rows deleted (events / jobs / KPI samples / deliveries) | ${fmt(m((r) => r.deleted.events))} / ${fmt(m((r) => r.deleted.jobs))} / ${fmt(m((r) => r.deleted.kpiSamples))} / ${fmt(m((r) => r.deleted.deliveries))} |
| prune wall time (runs of ≤ 2 s, batches of ${BATCH[store === 'postgres' ? 'postgres' : 'pglite']} rows) | ${(m((r) => r.pruneMs) / 1000).toFixed(1)} s in ${fmt(m((r) => r.runs))} runs |
| rows deleted per second | ${fmt(m((r) => total(r) / (r.pruneMs / 1000)))} |
| longest run | ${fmt(m((r) => r.longestRunMs))} ms |
| intake p50 / p99, no prune | ${m((r) => r.idle.p50).toFixed(1)} / ${m((r) => r.idle.p99).toFixed(1)} ms |
| intake p50 / p99, during the prune | ${m((r) => r.during.p50).toFixed(1)} / ${m((r) => r.during.p99).toFixed(1)} ms |
`);
