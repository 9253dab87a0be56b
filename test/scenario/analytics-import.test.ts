/**
 * Import history (issue 11): the real GitHub status history (test/fixtures/github-status-incidents, 819
 * incidents 2022–2026) imported with `faultline analytics import`, which shows its progress; the imported
 * incidents page nobody, a second import adds nothing, and the review's monthly counts and median durations
 * for 2025 equal values computed here independently from the raw file.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsReview } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

const FILE = 'test/fixtures/github-status-incidents/incidents.jsonl';

interface Raw {
  id: string;
  impact: string;
  started_at: string | null;
  resolved_at: string | null;
  updates: Array<{ at: string; status: string }>;
}

/** The raw file's faults of 2025 by UTC month, and their durations, computed without Faultline's code. */
function expected() {
  const rows = readFileSync(FILE, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Raw)
    .filter((r) => r.impact !== 'maintenance' && r.started_at && r.resolved_at);
  const counts: Record<string, number> = {};
  const resolve: number[] = [];
  const detect: number[] = [];
  for (const r of rows) {
    const started = Date.parse(r.started_at!);
    const resolved = Date.parse(r.resolved_at!);
    const first = r.updates.find((u) => u.status === 'Investigating');
    let detected = first ? Date.parse(first.at) : started;
    if (detected > resolved) detected = started;
    const month = new Date(detected).toISOString().slice(0, 7);
    if (!month.startsWith('2025')) continue;
    counts[month] = (counts[month] ?? 0) + 1;
    resolve.push(resolved - started);
    if (detected >= started) detect.push(detected - started);
  }
  const median = (v: number[]) => {
    const s = [...v].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  return { counts, medianResolve: median(resolve), medianDetect: median(detect), n: resolve.length };
}

describe('analytics: importing a real history', () => {
  const clock = new FakeClock('2026-09-15T12:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  const cli = (...args: string[]) =>
    promisify(execFile)('node_modules/.bin/node', ['apps/server/src/cli/main.ts', 'analytics', ...args], {
      env: { ...process.env, FAULTLINE_TOKEN: ADMIN_TOKEN, FAULTLINE_URL: s.url },
    });

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false });
  });
  afterAll(() => s.dispose());

  it('imports with progress, pages nobody, and a second import adds nothing', async () => {
    const first = await cli('import', FILE, '--batch', '300');
    const lines = first.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^300\/\d+ sent · 300 imported · 0 already there$/);
    expect(lines.at(-1)).toMatch(
      /^done: \d+ imported, 0 already there, \d+ not faults \(maintenance, unresolved\), 0 unreadable$/,
    );
    await s.engine!.drain();
    expect(email.sent).toEqual([]);
    const again = await cli('import', FILE);
    expect(again.stdout.trim().split('\n').at(-1)).toMatch(/^done: 0 imported, \d+ already there/);
  });

  it('refuses a bad batch naming the field', async () => {
    const post = (incidents: unknown[]) =>
      s.api('/api/v1/analytics/import', { method: 'POST', body: JSON.stringify({ incidents }) });
    const fields = async (res: Response) => {
      expect(res.status).toBe(400);
      return ((await res.json()) as { error: { fields: Array<{ path: string }> } }).error.fields.map((f) => f.path);
    };
    const ok = {
      externalId: 'csv:X',
      title: 'x',
      detectedAt: '2026-01-01T10:00:00Z',
      resolvedAt: '2026-01-01T11:00:00Z',
    };
    expect(await fields(await post([{ ...ok, resolvedAt: 'yesterday' }]))).toEqual(['incidents.0.resolvedAt']);
    expect(await fields(await post([{ ...ok, resolvedAt: '2026-01-01T09:00:00Z' }]))).toEqual([
      'incidents.0.resolvedAt',
    ]);
    expect(await fields(await post([{ ...ok, title: 'a\u0000b' }]))).toEqual(['incidents.0.title']);
  });

  it('counts 2025 by month and gives the median durations the raw file gives', async () => {
    const want = expected();
    const res = await s.api('/api/v1/analytics/review?from=2025-01-01&to=2026-01-01&timeZone=UTC');
    expect(res.status).toBe(200);
    const r = (await res.json()) as AnalyticsReview;
    const byLevel = r.counts.find((c) => c.dimension === 'level')!;
    expect(Object.fromEntries(byLevel.rows.map((x) => [x.bucket, x.total]))).toEqual(
      Object.fromEntries(
        Object.keys(want.counts)
          .sort()
          .map((m) => [m, want.counts[m]]),
      ),
    );
    expect(byLevel.n).toBe(want.n);
    const d = Object.fromEntries(r.durations.map((x) => [x.metric, x.overall]));
    expect(d.time_to_resolve).toMatchObject({ n: want.n, median: Math.round(want.medianResolve) });
    expect(d.mttr).toMatchObject({ n: want.n, median: Math.round(want.medianResolve) });
    expect(d.mttd!.median).toBe(Math.round(want.medianDetect));
    // The Statuspage impact maps onto levels: every imported fault has one of P1–P4.
    expect(byLevel.keys.every((k) => /^P[1-4]$/.test(k))).toBe(true);
    // Components are the services.
    expect(Object.keys(r.counts.find((c) => c.dimension === 'service')!.totals)).toContain('Actions');
  });
});
