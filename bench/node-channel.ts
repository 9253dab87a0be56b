/**
 * The node channel between Faultline nodes on one PostgreSQL (docs/adr/0005-cross-node-channel.md), and the
 * shared failed-sign-in limiter, measured:
 *
 *   DATABASE_URL=postgres://…/scratch node bench/node-channel.ts
 *
 * Two channels (A and B) on the database, as two nodes hold them. Three runs, medians printed:
 * (a) one note from A to B, sent alone (the 20 ms gathering included), 300 in a row: p50 and p99;
 * (b) 10,000 distinct live-update notes queued on A in one tick: notifications sent, time until B has all;
 * (c) the limiter's `attempt()` (two counter upserts), 200 attempts on keys that are not used up, beside an
 *     argon2id verification, which every sign-in pays anyway.
 * The database is migrated (the limiter's table); it should be a scratch one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, openNodeChannel } from '../apps/server/src/db/index.ts';
import { SignInLimiter } from '../apps/server/src/auth/sign-in-limit.ts';
import { hashPassword, verifyPassword } from '../apps/server/src/people/passwords.ts';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('set DATABASE_URL to a scratch PostgreSQL database');
const RUNS = 3;
const log = { warn: (o: object, m: string) => console.error(m, o), info: () => undefined };
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const median = (xs: number[]) => pct(xs, 0.5);

async function run(i: number) {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-channel-'));
  const dbA = await openDatabase({ databaseUrl: url, dataDir: dir });
  const dbB = await openDatabase({ databaseUrl: url, dataDir: dir, migrate: false });
  let got = 0;
  let notifications = 0;
  let target = 0;
  let arrived: (() => void) | null = null;
  const hooks = { onNotes: () => undefined, onReconnect: () => undefined, log };
  const a = openNodeChannel(dbA, hooks);
  const b = openNodeChannel(dbB, {
    ...hooks,
    onNotes(notes) {
      notifications++;
      got += notes.length;
      if (got >= target && arrived) arrived();
    },
  });
  await Promise.all([a.ready(), b.ready()]);
  const until = (n: number) => {
    target = got + n;
    return new Promise<void>((r) => (arrived = r));
  };

  const one: number[] = [];
  for (let k = 0; k < 300; k++) {
    const t = performance.now();
    const done = until(1);
    a.send({ k: 'message', m: { type: 'incident.updated', incidentId: k } });
    await done;
    one.push(performance.now() - t);
  }
  notifications = 0;
  const t = performance.now();
  const done = until(10_000);
  for (let k = 0; k < 10_000; k++) a.send({ k: 'message', m: { type: 'incident.updated', incidentId: 1_000 + k } });
  await done;
  const burstMs = performance.now() - t;
  const burstNotifications = notifications;

  const limiter = new SignInLimiter(dbA.db);
  const tag = `${Date.now()}-${i}`;
  const attempts: number[] = [];
  for (let k = 0; k < 200; k++) {
    const s = performance.now();
    // 50 emails × 4 clients: 2 attempts per email and client, 50 per client, none used up.
    await limiter.attempt(`p${k % 50}-${tag}@example.com`, `10.${i}.${k % 4}.${Date.now() % 250}`);
    attempts.push(performance.now() - s);
  }
  const stored = await hashPassword('the right passphrase, at last');
  const verifies: number[] = [];
  for (let k = 0; k < 20; k++) {
    const s = performance.now();
    await verifyPassword(stored, 'a wrong guess, again');
    verifies.push(performance.now() - s);
  }
  await Promise.all([a.close(), b.close()]);
  await Promise.all([dbA.close(), dbB.close()]);
  rmSync(dir, { recursive: true, force: true });
  return {
    oneP50: median(one),
    oneP99: pct(one, 0.99),
    burstMs,
    burstNotifications,
    limiterP50: median(attempts),
    limiterP99: pct(attempts, 0.99),
    argonP50: median(verifies),
  };
}

const results: Array<Awaited<ReturnType<typeof run>>> = [];
for (let i = 0; i < RUNS; i++) results.push(await run(i));
const m = (k: keyof (typeof results)[number]) => median(results.map((r) => r[k])).toFixed(1);
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; medians of ${RUNS} runs`,
);
console.log(`(a) one note A→B: p50 ${m('oneP50')} ms, p99 ${m('oneP99')} ms`);
console.log(`(b) 10,000 notes: ${m('burstNotifications')} notifications, all on B after ${m('burstMs')} ms`);
console.log(
  `(c) limiter attempt(): p50 ${m('limiterP50')} ms, p99 ${m('limiterP99')} ms; argon2id verify p50 ${m('argonP50')} ms`,
);
