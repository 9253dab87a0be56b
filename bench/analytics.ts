/**
 * Analytics benchmark (issue 11 item 6): how long the review takes over a large history.
 *
 *   npm run bench:analytics                              # the embedded store
 *   TEST_DATABASE_URL=postgres://… npm run bench:analytics -- --store postgres
 *   npm run bench:analytics -- --incidents 20000 --no-docs
 *
 * A fresh database gets `--incidents` resolved incidents spread evenly over 2026 (levels P1–P4, 10 teams,
 * 50 services, every key time set), 10 timeline entries each, one deploy per 5 incidents and a `caused`
 * verdict on every 20th incident — written with set-based SQL, not through the API (the API's speed is not
 * what is measured). Then each endpoint is called through HTTP 3 times and the median reported: the review
 * of one month (December), of a quarter and of the whole year (each also reads the previous period of the
 * same length), the incidents behind one bar, and a CSV. Before the calls, the derived facts rows (ADR 0027) are
 * computed for the seeded incidents and that backfill is timed on its own. Results go to docs/benchmarks.md between
 * `<!-- bench:analytics:<store>:start -->` and `…:end -->`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { FakeClock } from '../apps/server/src/lib/clock.ts';
import { rows } from '../apps/server/src/db/client.ts';
import { refreshStaleFacts } from '../apps/server/src/analytics/store.ts';
import { startTestServer } from '../test/support/server.ts';
import { recordingProvider } from '../test/support/recording-provider.ts';
import { machineLine, revision } from './lib/machine.ts';
import { median } from './lib/stats.ts';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const { values: opts } = parseArgs({
  options: {
    incidents: { type: 'string', default: '100000' },
    store: { type: 'string', default: 'embedded' },
    docs: { type: 'string', default: 'docs/benchmarks.md' },
    'no-docs': { type: 'boolean', default: false },
  },
});
const N = Number(opts.incidents);
const store = opts.store === 'postgres' ? 'postgres' : 'embedded';
if (store === 'postgres' && !process.env.TEST_DATABASE_URL) throw new Error('--store postgres needs TEST_DATABASE_URL');
process.env.FAULTLINE_TEST_STORE = store === 'postgres' ? 'postgres' : 'pglite';

const clock = new FakeClock('2027-01-15T12:00:00Z');
const s = await startTestServer({ clock, engineLoop: false, providers: { email: recordingProvider() } });
try {
  const db = s.rt.db;
  const seconds = Math.floor((365 * 86_400) / N);
  const t0 = performance.now();
  await db.execute(sql`
    insert into incidents (title, status, group_key, service, team, levels, created_at, updated_at,
      impact_started_at, detected_at, acknowledged_at, mitigated_at, resolved_at)
    select 'bench incident ' || g, 'resolved', 'bench:' || g, 'svc-' || (g % 50), 'team-' || (g % 10),
      jsonb_build_object('P', 1 + g % 4), t, t, t - interval '3 minutes', t, t + (g % 17) * interval '1 minute',
      t + (20 + g % 90) * interval '1 minute', t + (60 + g % 300) * interval '1 minute'
    from (select g, timestamptz '2026-01-01T00:00:00Z' + g * ${seconds} * interval '1 second' as t
          from generate_series(1, ${N}) g) x`);
  await db.execute(sql`
    insert into timeline (incident_id, at, kind, actor, message)
    select i.id, i.created_at + k * interval '1 minute', 'note', 'bench', 'note ' || k
    from incidents i cross join generate_series(1, 10) k`);
  await db.execute(sql`
    insert into changes (kind, summary, services, started_at, ended_at, status, source, created_at)
    select 'deploy', 'deploy ' || g, jsonb_build_array('svc-' || (g % 50)), t, t, 'succeeded', 'api', t
    from (select g, timestamptz '2026-01-01T00:00:00Z' + g * ${seconds * 5} * interval '1 second' as t
          from generate_series(1, ${Math.floor(N / 5)}) g) x`);
  await db.execute(sql`
    insert into change_verdicts (change_id, incident_id, verdict, why, actor, at)
    select c.id, i.id, 'caused', 'bench', 'bench', i.created_at
    from incidents i join changes c on c.id = i.id / 5 + 1 where i.id % 20 = 0`);
  await db.execute(sql`analyze`);
  const seeded = ((performance.now() - t0) / 1000).toFixed(1);
  // The seed is written with SQL, so the triggers marked every incident stale: compute the derived facts rows
  // now (what the migration's backfill leads to on the first read), timed on its own.
  const t1 = performance.now();
  await refreshStaleFacts(db, s.rt.config().catalog);
  const backfilled = ((performance.now() - t1) / 1000).toFixed(1);
  const counted = await rows<{ count: number }>(db, sql`select count(*)::int as count from timeline`);
  const timelineRows = counted[0]?.count ?? 0;

  const time = async (path: string): Promise<number> => {
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      const res = await s.api(path);
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
      runs.push(performance.now() - start);
    }
    return median(runs);
  };
  const q = (from: string, to: string) => `from=${from}&to=${to}&timeZone=Europe/Berlin`;
  const cases: Array<[string, string]> = [
    ['review, one month (Dec 2026)', `/api/v1/analytics/review?${q('2026-12-01', '2027-01-01')}`],
    ['review, one quarter (Q4 2026)', `/api/v1/analytics/review?${q('2026-10-01', '2027-01-01')}&bucket=week`],
    ['review, the year 2026', `/api/v1/analytics/review?${q('2026-01-01', '2027-01-01')}`],
    ['review, the year, one team', `/api/v1/analytics/review?${q('2026-01-01', '2027-01-01')}&team=team-3`],
    [
      'incidents behind one bar (2026-06, P1)',
      `/api/v1/analytics/incidents?${q('2026-01-01', '2027-01-01')}&bucketKey=2026-06&dimension=level&key=P1`,
    ],
    ['CSV of the year by level', `/api/v1/analytics/review.csv?${q('2026-01-01', '2027-01-01')}&table=counts`],
  ];
  const results: Array<[string, number]> = [];
  for (const [name, path] of cases) {
    const ms = await time(path);
    results.push([name, ms]);
    process.stdout.write(`${name}: ${ms.toFixed(0)} ms\n`);
  }
  const block = [
    `<!-- bench:analytics:${store}:start -->`,
    `**${store === 'postgres' ? 'PostgreSQL (external)' : 'Embedded store'}**: ${N.toLocaleString('en')} incidents over 2026, ${timelineRows.toLocaleString('en')} timeline entries, ${Math.floor(N / 5).toLocaleString('en')} changes (seeded in ${seeded} s, derived facts backfilled in ${backfilled} s). ${revision(ROOT)}; ${machineLine(process.execPath)}.`,
    '',
    '| request | median of 3 |',
    '| --- | ---: |',
    ...results.map(([name, ms]) => `| ${name} | ${ms.toFixed(0)} ms |`),
    `<!-- bench:analytics:${store}:end -->`,
  ].join('\n');
  process.stdout.write(`${block}\n`);
  if (!opts['no-docs']) {
    const path = resolve(ROOT, opts.docs);
    const doc = readFileSync(path, 'utf8');
    const start = `<!-- bench:analytics:${store}:start -->`;
    const end = `<!-- bench:analytics:${store}:end -->`;
    const next = doc.includes(start)
      ? doc.slice(0, doc.indexOf(start)) + block + doc.slice(doc.indexOf(end) + end.length)
      : `${doc.trimEnd()}\n\n${doc.includes('## Analytics') ? '' : '## Analytics\n\n'}${block}\n`;
    writeFileSync(path, next);
  }
} finally {
  await s.dispose();
}
