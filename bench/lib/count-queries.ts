/**
 * A diagnostic preload for a Faultline server on PostgreSQL: counts the statements it sends, by statement
 * text, and writes the counts (descending) to `$FAULTLINE_BENCH_QUERY_COUNTS` when the process exits.
 * `bench:escalation --count-queries` starts the server with `NODE_OPTIONS=--import <this file>`.
 */
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';

const out = process.env.FAULTLINE_BENCH_QUERY_COUNTS;
const require = createRequire(new URL('../../apps/server/src/main.ts', import.meta.url));
const pg = require('pg') as { Client: { prototype: { query: (...a: unknown[]) => unknown } } };
const counts = new Map<string, number>();
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
  const q = args[0];
  const text = typeof q === 'string' ? q : ((q as { text?: string } | null)?.text ?? '?');
  const key = text.replace(/\s+/g, ' ').trim().slice(0, 160);
  counts.set(key, (counts.get(key) ?? 0) + 1);
  return original.apply(this, args);
};
process.on('exit', () => {
  if (!out) return;
  const list = [...counts].sort((a, b) => b[1] - a[1]);
  writeFileSync(out, list.map(([k, n]) => `${n}\t${k}`).join('\n') + '\n');
});
