/**
 * KPI watches fed by pushed samples (DESIGN §2 "KPI watch", §4 KPI-drop rules), on a fake clock:
 * checkout (core, high volume) pushes 640 successful orders a minute against a static baseline of 1000 — a
 * 36 % drop. The first breaching evaluation opens nothing, the second opens a risk (not paged), and once
 * the drop has held for the template rule's minute the risk becomes a P1 incident with the `kpiDrop`
 * evidence and pages on-call. Back at 1000 the incident gets one `kpi_recovered` entry and stays open.
 * Bad pushes are refused naming the field; unknown watches are 404; pushing to a Prometheus watch is 409.
 *
 * Runs on the embedded store, and on PostgreSQL in the scenario-postgres run (TEST_DATABASE_URL).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApiError,
  IncidentDetail,
  IncidentList,
  KpiSample,
  KpiWatchList,
  KpiWatchView,
} from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { rows } from '../../apps/server/src/db/client.ts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const WATCH = 'checkout-orders';
const PROM_WATCH = 'checkout-orders-prom';
// The Prometheus watch points at a closed loopback port: it must show its error and grade nothing.
const config = `${readFileSync(QUICKSTART_CONFIG, 'utf8')}
prometheus:
  url: http://127.0.0.1:9
  timeoutMs: 2000
kpiWatches:
  - id: ${WATCH}
    module: checkout
    source: push
    description: successful orders/min
    baseline: { kind: static, value: 1000 }
    everySeconds: 10
  - id: ${PROM_WATCH}
    module: checkout
    source: prometheus
    query: sum(rate(orders_success_total{module="checkout"}[1m])) * 60
    baseline: { kind: offset, offset: 1w }
`;

describe('a pushed KPI drop on a core high-volume module becomes P1', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let s: TestServer;

  const watch = async (id = WATCH) => {
    const res = await s.api(`/api/v1/kpi-watches/${id}`);
    expect(res.status).toBe(200);
    return (await res.json()) as KpiWatchView;
  };
  const push = (body: unknown, id = WATCH) =>
    s.api(`/api/v1/kpi-watches/${id}/samples`, {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const kpiIncidents = async () => {
    const list = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
    return list.incidents.filter((i) => i.groupKey === `service=checkout-api,kpi=${WATCH}`);
  };
  const detail = async (id: number) => (await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail;
  /** Evaluations waiting (not running) per watch. */
  const waiting = async () =>
    rows<{ watch: string; n: number }>(
      s.rt.db,
      sql`select payload->>'watchId' as watch, count(*)::int as n from jobs
          where kind = 'kpi.evaluate' and done_at is null group by 1 order by 1`,
    );
  /** Pushes one sample at the fake now, lets the engine run, then moves the clock on 10 s. */
  const pushAndTick = async (value: number) => {
    expect((await push({ samples: [{ value }] })).status).toBe(202);
    await s.engine!.drain();
    clock.advance(10_000);
  };

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: config });
    await s.engine!.drain();
  });
  afterAll(() => s?.dispose());

  it('lists the configured watches; before any push the push watch has no data and the Prometheus watch an error', async () => {
    const res = await s.api('/api/v1/kpi-watches');
    expect(res.status).toBe(200);
    const list = ((await res.json()) as KpiWatchList).watches;
    expect(list.map((w) => w.id)).toEqual([WATCH, PROM_WATCH]);
    expect(list[0]).toMatchObject({
      module: 'checkout',
      service: 'checkout-api',
      source: 'push',
      query: null,
      baseline: { kind: 'static', value: 1000 },
      everySeconds: 10,
      status: 'no-data',
      lastError: 'no sample has been pushed yet',
      incidentId: null,
    });
    expect(list[1]).toMatchObject({ status: 'error' });
    expect(list[1]!.lastError).toMatch(/unreachable|refused/i);
    expect(await waiting()).toEqual([
      { watch: WATCH, n: 1 },
      { watch: PROM_WATCH, n: 1 },
    ]);
  });

  it('the first breaching evaluation opens nothing; the second opens a risk that pages nobody', async () => {
    await pushAndTick(640);
    expect(await watch()).toMatchObject({ status: 'breach', lastValue: 640, lastBaseline: 1000, incidentId: null });
    expect((await watch()).lastDropPct).toBeCloseTo(36);
    expect(await kpiIncidents()).toEqual([]);

    await pushAndTick(640);
    const [risk] = await kpiIncidents();
    expect(risk).toMatchObject({
      risk: true,
      levels: {},
      status: 'triggered',
      service: 'checkout-api',
      team: 'payments',
    });
    expect(risk!.title).toBe('Checkout KPI successful orders/min down 36 % against baseline');
    const d = await detail(risk!.id);
    expect(d.timeline.map((t) => t.kind)).toEqual(['incident_opened', 'kpi_breach']);
    expect(d.notifications).toEqual([]);
    expect((await watch()).incidentId).toBe(risk!.id);
  });

  it('after a minute of 36 % drop the risk becomes P1 with the kpiDrop evidence and pages on-call', async () => {
    for (let i = 0; i < 3; i++) {
      await pushAndTick(640);
      expect((await kpiIncidents())[0]!.levels).toEqual({});
    }
    // Samples at 12:00:00 … 12:00:50: with the 10 s interval of slack they cover the template's minute.
    await pushAndTick(640);
    const [incident] = await kpiIncidents();
    expect(incident).toMatchObject({
      risk: false,
      levels: { P: 'P1' },
      title: 'Checkout KPI successful orders/min down 36 % against baseline',
    });
    const d = await detail(incident!.id);
    expect(d.facts).toEqual({ kpiDrop: { percent: 36, windowMinutes: 1 } });
    const p = d.levelExplanation.find((e) => e.sequence === 'P')!;
    expect(p).toMatchObject({ ruleId: 'template.checkout.p1', actor: 'rule' });
    expect(p.evidence.join(' ')).toContain('KPI dropped 36% against its baseline over 1 min');

    const breach = d.timeline.filter((t) => t.kind === 'kpi_breach').at(-1)!;
    expect(breach.actor).toBe(`kpi:${WATCH}`);
    expect(breach.data).toMatchObject({
      watchId: WATCH,
      value: 640,
      baselineValue: 1000,
      dropPct: 36,
      windowMinutes: 1,
      sustainedDropPct: 36,
      levels: { P: 'P1' },
    });
    expect(d.timeline.find((t) => t.kind === 'level_set')).toMatchObject({
      data: { level: 'P1', cause: `kpi:${WATCH}` },
    });
    expect(email.sent.filter((m) => m.message.incidentId === incident!.id).map((m) => m.recipient)).toEqual([
      'oncall@example.com',
    ]);
    expect(await watch()).toMatchObject({
      status: 'breach',
      incidentId: incident!.id,
      breachStartedAt: '2026-11-21T12:00:00.000Z',
    });
  });

  it('a continuing drop neither repeats the breach entry nor pages again; one evaluation waits per watch', async () => {
    const [incident] = await kpiIncidents();
    const before = (await detail(incident!.id)).timeline.length;
    const sent = email.sent.length;
    for (let i = 0; i < 3; i++) await pushAndTick(600);
    expect((await detail(incident!.id)).timeline.length).toBe(before);
    expect(email.sent.length).toBe(sent);
    expect(await waiting()).toEqual([
      { watch: WATCH, n: 1 },
      { watch: PROM_WATCH, n: 1 },
    ]);
  });

  it('back at the baseline: one kpi_recovered entry, the incident stays open, the watch is ok', async () => {
    await pushAndTick(1000);
    await pushAndTick(990);
    const [incident] = await kpiIncidents();
    const d = await detail(incident!.id);
    expect(d.status).toBe('triggered');
    expect(d.levels).toEqual({ P: 'P1' });
    expect(d.timeline.filter((t) => t.kind === 'kpi_recovered')).toHaveLength(1);
    expect(d.timeline.at(-1)).toMatchObject({ kind: 'kpi_recovered', actor: `kpi:${WATCH}` });
    expect(await watch()).toMatchObject({
      status: 'ok',
      lastValue: 990,
      breachStartedAt: null,
      incidentId: incident!.id,
    });
  });

  it('the samples are listed with their baselines, oldest first, within from/to', async () => {
    const res = await s.api(`/api/v1/kpi-watches/${WATCH}/samples`);
    expect(res.status).toBe(200);
    const samples = (await res.json()) as KpiSample[];
    expect(samples).toHaveLength(11);
    expect(samples[0]).toEqual({ at: '2026-11-21T12:00:00.000Z', value: 640, baseline: 1000 });
    expect(samples.at(-1)).toMatchObject({ value: 990, baseline: 1000 });
    const some = (await (
      await s.api(`/api/v1/kpi-watches/${WATCH}/samples?from=2026-11-21T12:00:10Z&to=2026-11-21T12:00:30%2B00:00`)
    ).json()) as KpiSample[];
    expect(some.map((x) => x.at)).toEqual([
      '2026-11-21T12:00:10.000Z',
      '2026-11-21T12:00:20.000Z',
      '2026-11-21T12:00:30.000Z',
    ]);
    const reversed = await s.api(
      `/api/v1/kpi-watches/${WATCH}/samples?from=2026-11-21T13:00:00Z&to=2026-11-21T12:00:00Z`,
    );
    expect(reversed.status).toBe(400);
    const badTime = await s.api(`/api/v1/kpi-watches/${WATCH}/samples?from=yesterday`);
    expect(badTime.status).toBe(400);
    expect(((await badTime.json()) as ApiError).error.fields?.[0]?.path).toBe('querystring.from');
  });

  it('samples with an explicit time are stored at that time', async () => {
    const at = new Date(clock.now().getTime() - 5_000).toISOString();
    expect((await push({ samples: [{ at, value: 995 }] })).status).toBe(202);
    const samples = (await (await s.api(`/api/v1/kpi-watches/${WATCH}/samples`)).json()) as KpiSample[];
    expect(samples.find((x) => x.at === at)).toEqual({ at, value: 995, baseline: 1000 });
    await s.engine!.drain();
  });

  it('long ranges are thinned evenly to at most 5,000 points', async () => {
    // 6,000 samples a second apart, three hours back (six pushes of 1,000, the most one request takes).
    const start = clock.now().getTime() - 3 * 3_600_000;
    for (let batch = 0; batch < 6; batch++) {
      const samples = Array.from({ length: 1000 }, (_, i) => ({
        at: new Date(start + (batch * 1000 + i) * 1000).toISOString(),
        value: 1000,
      }));
      expect((await push({ samples })).status).toBe(202);
    }
    await s.engine!.drain();
    const from = new Date(start).toISOString();
    const to = new Date(start + 5_999_000).toISOString();
    const res = await s.api(`/api/v1/kpi-watches/${WATCH}/samples?from=${from}&to=${to}`);
    const samples = (await res.json()) as KpiSample[];
    // Every second sample: 3,000 points from the first one on.
    expect(samples).toHaveLength(3000);
    expect(samples[0]!.at).toBe(from);
    expect(Date.parse(samples[1]!.at) - Date.parse(samples[0]!.at)).toBe(2000);
  });

  it('bad bodies are refused with 400 naming the field, and store nothing', async () => {
    const count = async () =>
      (
        await rows<{ n: number }>(s.rt.db, sql`select count(*)::int as n from kpi_samples where watch_id = ${WATCH}`)
      )[0]!.n;
    const before = await count();
    const cases: Array<[unknown, string]> = [
      [{ samples: [{ value: 'NaN' }] }, 'samples.0.value'],
      [{ samples: [{ value: 1 }, { value: null }] }, 'samples.1.value'],
      [{ samples: [{ value: 1, at: 'yesterday' }] }, 'samples.0.at'],
      [{ samples: [{ value: 1, at: '2030-01-01T00:00:00Z' }] }, 'samples.0.at'],
      [{ samples: [] }, 'samples'],
      [{ samples: [{ value: 1, unit: 'orders' }] }, 'samples.0'],
      [{}, 'samples'],
      ['{"samples":[{"value":NaN}]}', 'body'],
    ];
    for (const [body, path] of cases) {
      const res = await push(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = (await res.json()) as ApiError;
      expect(err.error.code).toBe('VALIDATION');
      expect(
        err.error.fields?.map((f) => f.path),
        JSON.stringify(body),
      ).toContain(path);
    }
    expect(await count()).toBe(before);
  });

  it('an unknown watch is 404; pushing to a Prometheus watch is 409; no token is 401', async () => {
    for (const res of [
      await push({ samples: [{ value: 1 }] }, 'no-such-watch'),
      await s.api('/api/v1/kpi-watches/no-such-watch'),
      await s.api('/api/v1/kpi-watches/no-such-watch/samples'),
    ]) {
      expect(res.status).toBe(404);
      expect(((await res.json()) as ApiError).error).toMatchObject({
        code: 'NOT_FOUND',
        message: 'KPI watch no-such-watch is not configured',
      });
    }
    const conflict = await push({ samples: [{ value: 1 }] }, PROM_WATCH);
    expect(conflict.status).toBe(409);
    expect(((await conflict.json()) as ApiError).error.code).toBe('CONFLICT');
    const anonymous = await fetch(`${s.url}/api/v1/kpi-watches`);
    expect(anonymous.status).toBe(401);
  });

  it('a watch removed from the config is not evaluated again', async () => {
    const withoutProm = config.slice(0, config.indexOf(`  - id: ${PROM_WATCH}`));
    writeFileSync(join(s.dataDir, 'config.yaml'), withoutProm);
    expect((await s.reload()).ok).toBe(true);
    clock.advance(60_000);
    await s.engine!.drain();
    expect(await waiting()).toEqual([{ watch: WATCH, n: 1 }]);
    const list = ((await (await s.api('/api/v1/kpi-watches')).json()) as KpiWatchList).watches;
    expect(list.map((w) => w.id)).toEqual([WATCH]);
    expect((await s.api(`/api/v1/kpi-watches/${PROM_WATCH}`)).status).toBe(404);
  });
});

describe('a small pushed drop is a risk: not paged, dismissable, not reopened during the same breach', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  const RISK_WATCH = 'promotions-redemptions';
  const riskConfig = `${readFileSync(QUICKSTART_CONFIG, 'utf8')}
kpiWatches:
  - id: ${RISK_WATCH}
    module: promotions
    source: push
    baseline: { kind: static, value: 100 }
    everySeconds: 10
`;
  const pushAndTick = async (value: number) => {
    const res = await s.api(`/api/v1/kpi-watches/${RISK_WATCH}/samples`, {
      method: 'POST',
      body: JSON.stringify({ samples: [{ value }] }),
    });
    expect(res.status).toBe(202);
    await s.engine!.drain();
    clock.advance(10_000);
  };
  const risks = async () => ((await (await s.api('/api/v1/risks')).json()) as IncidentList).incidents;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: riskConfig });
    await s.engine!.drain();
  });
  afterAll(() => s?.dispose());

  it('a 5 % drop on a sub-core module opens a risk after two evaluations and pages nobody, however long it lasts', async () => {
    await pushAndTick(95);
    expect(await risks()).toEqual([]);
    await pushAndTick(95);
    const [risk] = await risks();
    expect(risk).toMatchObject({
      risk: true,
      levels: {},
      service: 'promotions-api',
      title: 'Promotions KPI promotions-redemptions down 5 % against baseline',
    });
    for (let i = 0; i < 12; i++) await pushAndTick(95);
    expect(await risks()).toHaveLength(1);
    const d = (await (await s.api(`/api/v1/incidents/${risk!.id}`)).json()) as IncidentDetail;
    expect(d.notifications).toEqual([]);
    expect(d.timeline.filter((t) => t.kind === 'kpi_breach')).toHaveLength(1);
    expect(email.sent).toEqual([]);
  });

  it('a dismissed risk is not reopened while the drop lasts; a new breach after recovery opens a new one', async () => {
    const [risk] = await risks();
    const dismissed = await s.api(`/api/v1/risks/${risk!.id}/dismiss`, {
      method: 'POST',
      body: JSON.stringify({ reason: 'planned promotion end' }),
    });
    expect(dismissed.status).toBe(200);
    for (let i = 0; i < 3; i++) await pushAndTick(95);
    expect(await risks()).toEqual([]);
    // Recovered (two evaluations below 3 %), then down again.
    await pushAndTick(100);
    await pushAndTick(100);
    await pushAndTick(94);
    await pushAndTick(94);
    const again = await risks();
    expect(again).toHaveLength(1);
    expect(again[0]!.id).not.toBe(risk!.id);
    expect(email.sent).toEqual([]);
  });
});
