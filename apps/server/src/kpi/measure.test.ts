import { describe, expect, it } from 'vitest';
import { KpiWatchConfig } from './config.ts';
import { PrometheusError, type PrometheusClient } from './prometheus.ts';
import { compare, measurePrometheus, pastValues, pushedBaseline } from './measure.ts';

const T = new Date('2026-11-21T12:00:00Z');
const D = 86_400_000;

const watch = (raw: object) =>
  KpiWatchConfig.parse({ id: 'w', module: 'checkout', query: 'sum(rate(orders[1m]))', ...raw });

/** A fake Prometheus: `values(at)` gives the KPI at an instant (undefined = no data); records calls. */
function fakeClient(values: (at: number) => number | undefined | Error) {
  const calls: string[] = [];
  const client: PrometheusClient = {
    url: 'http://prom',
    async instant(_q, at) {
      calls.push(`instant ${at.toISOString()}`);
      const v = values(at.getTime());
      if (v instanceof Error) throw v;
      return v ?? null;
    },
    async range(_q, start, end, step) {
      calls.push(`range ${start.toISOString()} ${end.toISOString()} ${step}`);
      const out = [];
      for (let t = start.getTime(); t <= end.getTime(); t += step * 1000) {
        const v = values(t);
        if (v instanceof Error) throw v;
        if (v !== undefined) out.push({ at: new Date(t), value: v });
      }
      return out;
    },
  };
  return { client, calls };
}

describe('measuring a Prometheus watch', () => {
  it('offset: the query now and one offset earlier', async () => {
    const { client, calls } = fakeClient((t) => (t === T.getTime() ? 65 : 100));
    const m = await measurePrometheus(client, watch({ baseline: { kind: 'offset', offset: '1w' } }), T);
    expect(m).toMatchObject({ kind: 'value', value: 65, baseline: 100 });
    expect(m.kind === 'value' && m.drop).toBeCloseTo(35);
    expect(calls).toEqual([`instant ${T.toISOString()}`, `instant ${new Date(T.getTime() - 7 * D).toISOString()}`]);
  });

  it('median: one range query stepping by the period; missing windows are ignored', async () => {
    const past: Record<number, number> = {
      [T.getTime() - D]: 90,
      [T.getTime() - 3 * D]: 110,
      [T.getTime() - 4 * D]: 100,
    };
    const { client, calls } = fakeClient((t) => (t === T.getTime() ? 50 : past[t]));
    const m = await measurePrometheus(client, watch({ baseline: { kind: 'median', period: '1d', windows: 4 } }), T);
    expect(m).toMatchObject({ kind: 'value', value: 50, baseline: 100, drop: 50 });
    expect(calls[1]).toBe(
      `range ${new Date(T.getTime() - 4 * D).toISOString()} ${new Date(T.getTime() - D).toISOString()} 86400`,
    );
  });

  it('no current value is no data; no baseline value is no baseline', async () => {
    expect(
      await measurePrometheus(fakeClient(() => undefined).client, watch({ baseline: { kind: 'static', value: 5 } }), T),
    ).toMatchObject({
      kind: 'no-data',
    });
    const m = await measurePrometheus(
      fakeClient((t) => (t === T.getTime() ? 5 : undefined)).client,
      watch({ baseline: { kind: 'offset', offset: '1d' } }),
      T,
    );
    expect(m).toEqual({
      kind: 'no-baseline',
      value: 5,
      baseline: null,
      reason: 'no baseline: the KPI has no value 1d earlier',
    });
  });

  it('errors become an error measurement with the message; a baseline error says so', async () => {
    const bad = new PrometheusError('http', 'Prometheus rejected the query (HTTP 400, bad_data): parse error');
    expect(
      await measurePrometheus(fakeClient(() => bad).client, watch({ baseline: { kind: 'static', value: 5 } }), T),
    ).toEqual({
      kind: 'error',
      message: 'Prometheus rejected the query (HTTP 400, bad_data): parse error',
    });
    const m = await measurePrometheus(
      fakeClient((t) =>
        t === T.getTime() ? 5 : new PrometheusError('timeout', 'Prometheus at http://prom did not answer within 10 ms'),
      ).client,
      watch({ baseline: { kind: 'offset', offset: '1d' } }),
      T,
    );
    expect(m).toEqual({ kind: 'error', message: 'baseline: Prometheus at http://prom did not answer within 10 ms' });
  });

  it('a baseline of 0 cannot give a drop', () => {
    expect(compare(3, { value: 0 })).toMatchObject({ kind: 'no-baseline', value: 3, baseline: 0 });
  });

  it('pastValues maps range points back to the asked instants', async () => {
    const { client } = fakeClient((t) => t / 1000);
    const times = [new Date(3_000_000), new Date(2_000_000), new Date(1_000_000)];
    expect(await pastValues(client, 'q', times)).toEqual([3000, 2000, 1000]);
  });
});

describe('baselines of pushed samples', () => {
  const history = [
    { at: T.getTime() - 7 * D - 20_000, value: 990 },
    { at: T.getTime() - 7 * D + 50_000, value: 1010 },
  ];
  it('offset: the stored sample nearest to t − offset, within one interval', () => {
    const w = watch({ source: 'push', query: undefined, everySeconds: 30, baseline: { kind: 'offset', offset: '1w' } });
    expect(pushedBaseline(w, T, history)).toEqual({ value: 990 });
    expect(pushedBaseline(w, new Date(T.getTime() + 100_000), history)).toMatchObject({ value: null });
  });
  it('static: the configured value', () => {
    expect(pushedBaseline(watch({ source: 'push', baseline: { kind: 'static', value: 1000 } }), T, [])).toEqual({
      value: 1000,
    });
  });
});
