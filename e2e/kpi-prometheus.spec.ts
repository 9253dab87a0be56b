/**
 * End to end with a real Prometheus (2.42): Faultline's KPI watches query it every few seconds and grade
 * the modules' incidents from sustained drops with the fault-level template (seed 000).
 *
 * One Prometheus scrapes, every second, a tiny exporter this test runs (`orders_success_total{module}`,
 * whose rates the test sets). Three modules run in parallel, at 100 orders/s each:
 * - checkout (core, high volume) drops 35 % → P1 once the drop has held for the template's minute;
 * - login (sub-core, high volume) drops 35 % → P2 (one level lower);
 * - search (core, high volume) drops 5 % → below every level: a risk, not paged.
 * Restoring the rates resolves nothing; each incident gets a `kpi_recovered` entry and the watches are ok.
 * A watch with invalid PromQL shows Prometheus's own error; with Prometheus stopped every watch shows
 * `error` ("unreachable") and nothing is graded.
 *
 * Baselines — the three kinds, each against real Prometheus data:
 * - checkout: `offset: 1w`, the production setting. A week of history is not waited for: the test
 *   backfills the counters around "now − 1 week" with `promtool tsdb create-blocks-from openmetrics`
 *   before Prometheus starts (a few thousand samples, well under a second). A short offset such as 30s would
 *   not do: the baseline would follow the drop 30 s later and the 1-minute window would never hold.
 * - login: `median` of the same time 1, 2 and 3 days back (`period: 1d, windows: 3`), backfilled the same way.
 * - search: `static: 100`.
 */
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentList, IncidentSummary, KpiWatchList, KpiWatchView } from '@faultline/contracts';
import { QUICKSTART_CONFIG } from '../apps/server/src/config/env.ts';
import { systemClock } from '../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../test/support/recording-provider.ts';
import { startTestServer, type TestServer } from '../test/support/server.ts';
import { waitFor } from '../test/support/wait.ts';
import {
  startOrdersExporter,
  startPrometheus,
  type OrdersExporter,
  type RunningPrometheus,
} from './support/prometheus.ts';

const NORMAL = 100;
const RATE_WINDOW_S = 10;
const DAY = 86_400_000;
const query = (module: string) => `sum(rate(orders_success_total{module="${module}"}[${RATE_WINDOW_S}s]))`;

/** The quickstart plus login (sub-core) and search (core), high volume, and four KPI watches. */
function config(prometheusUrl: string): string {
  const c = parse(readFileSync(QUICKSTART_CONFIG, 'utf8')) as {
    catalog: { businessLines: Array<{ modules: unknown[] }> };
    [key: string]: unknown;
  };
  c.catalog.businessLines[0]!.modules.push(
    {
      id: 'login',
      name: 'Login',
      tier: 'sub-core',
      volume: 'high',
      services: [{ id: 'login-api', team: 'storefront' }],
    },
    {
      id: 'search',
      name: 'Search',
      tier: 'core',
      volume: 'high',
      services: [{ id: 'search-api', team: 'storefront' }],
    },
  );
  c.prometheus = { url: prometheusUrl, timeoutMs: 2_000 };
  // Prometheus runs on this machine's loopback address: outbound calls must be allowed to reach it.
  c.outbound = { allow: [new URL(prometheusUrl).hostname] };
  c.kpiWatches = [
    {
      id: 'checkout-orders',
      module: 'checkout',
      description: 'successful orders/s',
      query: query('checkout'),
      baseline: { kind: 'offset', offset: '1w' },
      everySeconds: 2,
    },
    {
      id: 'login-orders',
      module: 'login',
      description: 'successful logins/s',
      query: query('login'),
      baseline: { kind: 'median', period: '1d', windows: 3 },
      everySeconds: 3,
    },
    {
      id: 'search-orders',
      module: 'search',
      description: 'successful searches/s',
      query: query('search'),
      baseline: { kind: 'static', value: NORMAL },
      everySeconds: 2,
    },
    // Unclosed parenthesis: Prometheus answers 400 bad_data.
    {
      id: 'broken-query',
      module: 'order-history',
      query: 'sum(rate(orders_success_total[10s])',
      baseline: { kind: 'static', value: 1 },
      everySeconds: 5,
    },
  ];
  return stringify(c);
}

describe('KPI watches against a real Prometheus', () => {
  const email = recordingProvider();
  let exporter: OrdersExporter;
  let prom: RunningPrometheus;
  let s: TestServer;
  let setupError: unknown;
  const requireSetup = () => {
    if (setupError) throw setupError;
  };

  beforeAll(async () => {
    try {
      const start = Date.now();
      exporter = await startOrdersExporter({ checkout: NORMAL, login: NORMAL, search: NORMAL });
      // History around the baseline instants of the whole test run (it lasts a few minutes).
      const around = (t: number) => ({ start: new Date(t - 2 * 60_000), end: new Date(t + 10 * 60_000) });
      prom = await startPrometheus({
        targets: [exporter.target],
        history: {
          rates: { checkout: NORMAL, login: NORMAL },
          ranges: [around(start - 7 * DAY), around(start - DAY), around(start - 2 * DAY), around(start - 3 * DAY)],
        },
      });
      await prom.waitScraped();
      // `rate()` under-reads while a series is younger than its window; start grading on settled rates.
      await waitFor(
        'the scraped rates to settle',
        async () => {
          const values = await Promise.all(['checkout', 'login', 'search'].map((m) => prom.query(query(m))));
          return values.every((v) => v !== null && Math.abs(v - NORMAL) < NORMAL * 0.01);
        },
        30_000,
      );
      // The machine's clock, which Prometheus reads too (the watches query it at their now). Nothing here
      // depends on the date, only on durations (a week, days and a minute back).
      s = await startTestServer({ clock: systemClock, configYaml: config(prom.url), providers: { email } });
    } catch (e) {
      setupError = e;
    }
  });

  afterAll(async () => {
    await s?.dispose();
    await prom?.stop();
    await exporter?.stop();
  });

  const watches = async (): Promise<Record<string, KpiWatchView>> => {
    const res = await s.api('/api/v1/kpi-watches');
    expect(res.status).toBe(200);
    return Object.fromEntries(((await res.json()) as KpiWatchList).watches.map((w) => [w.id, w]));
  };
  const incidents = async (): Promise<IncidentSummary[]> =>
    ((await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList).incidents;
  const detail = async (id: number): Promise<IncidentDetail> =>
    (await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail;
  const byWatch = async (watchId: string) => (await incidents()).find((i) => i.groupKey.endsWith(`,kpi=${watchId}`));
  const diagnostics = async () =>
    `\nwatches: ${JSON.stringify(await watches(), null, 1)}\nPrometheus output:\n${prom.output().slice(-3_000)}`;
  const wait = <T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs: number) =>
    waitFor(what, check, timeoutMs).catch(async (e: Error) => {
      throw new Error(`${e.message}${await diagnostics()}`);
    });

  it('evaluates every watch against its baseline; invalid PromQL shows Prometheus’s error', async () => {
    requireSetup();
    const w = await wait(
      'the three watches to be ok and the broken one in error',
      async () => {
        const all = await watches();
        const ok = ['checkout-orders', 'login-orders', 'search-orders'].every((id) => all[id]!.status === 'ok');
        return ok && all['broken-query']!.status === 'error' ? all : null;
      },
      30_000,
    );
    for (const id of ['checkout-orders', 'login-orders', 'search-orders']) {
      expect(w[id]!.lastValue).toBeCloseTo(NORMAL, 0);
      // offset 1w and median of 1–3 days back read the backfilled history; static is 100.
      expect(w[id]!.lastBaseline).toBeCloseTo(NORMAL, 0);
      expect(Math.abs(w[id]!.lastDropPct!)).toBeLessThan(3);
      expect(w[id]!.lastError).toBeNull();
    }
    expect(w['broken-query']!.lastError).toMatch(
      /^Prometheus rejected the query \(HTTP 400, bad_data\): .*parse error/,
    );
    expect(await incidents()).toEqual([]);
  });

  it('a 35 % drop becomes P1 on the core module and P2 on the sub-core one within the minute plus two evaluations; 5 % stays a risk', async () => {
    requireSetup();
    const dropAt = Date.now();
    await Promise.all([
      exporter.setRate('checkout', NORMAL * 0.65),
      exporter.setRate('login', NORMAL * 0.65),
      exporter.setRate('search', NORMAL * 0.95),
    ]);

    const p1 = await wait(
      'checkout to become P1',
      async () => ((await byWatch('checkout-orders'))?.levels.P === 'P1' ? byWatch('checkout-orders') : null),
      110_000,
    );
    const p2 = await wait(
      'login to become P2',
      async () => ((await byWatch('login-orders'))?.levels.P === 'P2' ? byWatch('login-orders') : null),
      15_000,
    );

    // Timing: `rate(…[10s])` shows the full drop 10 s after it, the template's window is 1 minute, and
    // the watch evaluates every 2 s; allow two evaluations and a second of scheduling slack beyond that.
    const checkout = await detail(p1!.id);
    const setAt = Date.parse(checkout.levelExplanation.find((e) => e.sequence === 'P')!.setAt);
    expect(setAt - dropAt).toBeGreaterThanOrEqual(60_000);
    expect(setAt - dropAt).toBeLessThanOrEqual((RATE_WINDOW_S + 60 + 2 * 2 + 1) * 1000);

    expect(checkout).toMatchObject({ risk: false, service: 'checkout-api', team: 'payments' });
    expect(checkout.title).toMatch(/^Checkout KPI successful orders\/s down \d+ % against baseline$/);
    expect(checkout.facts.kpiDrop?.windowMinutes).toBe(1);
    expect(checkout.facts.kpiDrop?.percent).toBeGreaterThanOrEqual(30);
    expect(checkout.levelExplanation.find((e) => e.sequence === 'P')).toMatchObject({
      ruleId: 'template.checkout.p1',
      actor: 'rule',
    });
    const breach = checkout.timeline.filter((t) => t.kind === 'kpi_breach').at(-1)!;
    expect(breach.data).toMatchObject({
      watchId: 'checkout-orders',
      query: query('checkout'),
      windowMinutes: 1,
      levels: { P: 'P1' },
    });
    expect(breach.data.value as number).toBeCloseTo(65, 0);
    expect(breach.data.baselineValue as number).toBeCloseTo(NORMAL, 0);

    const login = await detail(p2!.id);
    expect(login.levelExplanation.find((e) => e.sequence === 'P')).toMatchObject({ ruleId: 'template.login.p1' });
    expect(login.levelExplanation.find((e) => e.sequence === 'P')!.evidence.join(' ')).toMatch(/module tier sub-core/);

    // Paged: checkout's on-call and login's (storefront).
    await wait(
      'the pages',
      async () =>
        email.sent.some((m) => m.message.incidentId === p1!.id) &&
        email.sent.some((m) => m.message.incidentId === p2!.id),
      10_000,
    );
    expect(email.sent.find((m) => m.message.incidentId === p1!.id)!.recipient).toBe('oncall@example.com');
    expect(email.sent.find((m) => m.message.incidentId === p2!.id)!.recipient).toBe('storefront@example.com');

    // Search: a risk, visible, no notification rows.
    const risk = await byWatch('search-orders');
    expect(risk).toMatchObject({ risk: true, levels: {}, status: 'triggered' });
    const searchRisk = await detail(risk!.id);
    expect(searchRisk.notifications).toEqual([]);
    expect(searchRisk.timeline.find((t) => t.kind === 'kpi_breach')!.message).toMatch(/recorded as a risk/);
    const risks = (await (await s.api('/api/v1/risks')).json()) as IncidentList;
    expect(risks.incidents.map((i) => i.id)).toContain(risk!.id);
    expect((await watches())['search-orders']).toMatchObject({ status: 'breach', incidentId: risk!.id });
  }, 150_000);

  it('restoring the rates resolves nothing: kpi_recovered on each incident, watches ok', async () => {
    requireSetup();
    await Promise.all(['checkout', 'login', 'search'].map((m) => exporter.setRate(m, NORMAL)));
    const ids = await Promise.all(
      ['checkout-orders', 'login-orders', 'search-orders'].map(async (w) => (await byWatch(w))!.id),
    );
    await wait(
      'kpi_recovered on every incident and every watch ok',
      async () => {
        const w = await watches();
        if (!['checkout-orders', 'login-orders', 'search-orders'].every((id) => w[id]!.status === 'ok')) return null;
        const ds = await Promise.all(ids.map(detail));
        return ds.every((d) => d.timeline.some((t) => t.kind === 'kpi_recovered'));
      },
      40_000,
    );
    const [checkout, login, search] = await Promise.all(ids.map(detail));
    expect(checkout).toMatchObject({ status: 'triggered', levels: { P: 'P1' } });
    expect(login).toMatchObject({ status: 'triggered', levels: { P: 'P2' } });
    expect(search).toMatchObject({ status: 'triggered', risk: true });
    for (const d of [checkout!, login!, search!]) {
      const kinds = d.timeline.map((t) => `${t.at} ${t.kind} ${t.message}`).join('\n');
      expect(
        d.timeline.filter((t) => t.kind === 'kpi_recovered'),
        kinds,
      ).toHaveLength(1);
    }
    expect(checkout!.timeline.find((t) => t.kind === 'kpi_recovered')!.message).toMatch(
      /Nothing was resolved automatically/,
    );
  });

  it('with Prometheus stopped every watch shows an error and nothing is graded', async () => {
    requireSetup();
    const before = await incidents();
    const timelines = await Promise.all(before.map(async (i) => (await detail(i.id)).timeline.length));
    await prom.stop();
    const w = await wait(
      'the watches to report the outage',
      async () => {
        const all = await watches();
        return Object.values(all).every((x) => x.status === 'error' && /unreachable/.test(x.lastError ?? ''))
          ? all
          : null;
      },
      20_000,
    );
    expect(w['checkout-orders']!.lastError).toBe(`Prometheus at ${prom.url} is unreachable: connection refused`);
    // A few more evaluations: nothing opens, changes level or writes to a timeline.
    await new Promise((r) => setTimeout(r, 5_000));
    expect(await incidents()).toEqual(before);
    expect(await Promise.all(before.map(async (i) => (await detail(i.id)).timeline.length))).toEqual(timelines);
  });
});
