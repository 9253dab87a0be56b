import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusError, prometheusClient } from './prometheus.ts';

/** A stand-in for Prometheus's HTTP API answering with canned bodies (the real one runs in e2e). */
let server: Server;
let base: string;
let answer: (params: URLSearchParams, path: string) => { status: number; body: string; delayMs?: number };
const seen: Array<{ path: string; params: URLSearchParams; method: string }> = [];

const ok = (data: unknown) => ({ status: 200, body: JSON.stringify({ status: 'success', data }) });
const vector = (...values: string[]) =>
  ok({ resultType: 'vector', result: values.map((v, i) => ({ metric: { i: String(i) }, value: [1_700_000_000, v] })) });

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const params = new URLSearchParams(raw);
      const path = new URL(req.url!, 'http://x').pathname;
      seen.push({ path, params, method: req.method! });
      const a = answer(params, path);
      setTimeout(() => res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body), a.delayMs ?? 0);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const client = (timeoutMs = 2_000) => prometheusClient({ url: base, timeoutMs });
/** The evaluation instant of the tests that do not look at it. */
const AT = new Date('2026-11-21T12:00:00Z');

describe('instant queries', () => {
  it('POSTs the query and the time in Unix seconds to /api/v1/query and returns the single value', async () => {
    answer = () => vector('123.5');
    seen.length = 0;
    const at = new Date('2026-11-21T12:00:00.250Z');
    expect(await client().instant('sum(rate(x[1m]))', at)).toBe(123.5);
    expect(seen[0]).toMatchObject({ path: '/api/v1/query', method: 'POST' });
    expect(seen[0]!.params.get('query')).toBe('sum(rate(x[1m]))');
    expect(seen[0]!.params.get('time')).toBe((at.getTime() / 1000).toFixed(3));
  });

  it('keeps a path prefix of the configured URL', async () => {
    answer = () => vector('1');
    seen.length = 0;
    await prometheusClient({ url: `${base}/prom/`, timeoutMs: 1000 }).instant('up', AT);
    expect(seen[0]!.path).toBe('/prom/api/v1/query');
  });

  it('reads a scalar result', async () => {
    answer = () => ok({ resultType: 'scalar', result: [1_700_000_000, '42'] });
    expect(await client().instant('42', AT)).toBe(42);
  });

  it('an empty vector, NaN and ±Inf are no data (null)', async () => {
    answer = () => vector();
    expect(await client().instant('q', AT)).toBeNull();
    for (const v of ['NaN', '+Inf', '-Inf']) {
      answer = () => vector(v);
      expect(await client().instant('q', AT)).toBeNull();
    }
    answer = () => ok({ resultType: 'scalar', result: [1_700_000_000, 'NaN'] });
    expect(await client().instant('q', AT)).toBeNull();
  });

  it('several series are an error naming the count', async () => {
    answer = () => vector('1', '2', '3');
    const err = await client()
      .instant('q', AT)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrometheusError);
    expect(err).toMatchObject({ kind: 'several-series' });
    expect((err as Error).message).toMatch(/returned 3 series.*sum\(/);
  });

  it('a range vector is refused', async () => {
    answer = () => ok({ resultType: 'matrix', result: [] });
    await expect(client().instant('x[1m]', AT)).rejects.toThrow(/matrix result.*instant vector or a scalar/);
  });

  it("an HTTP error carries Prometheus's errorType and error (invalid PromQL is bad_data)", async () => {
    answer = () => ({
      status: 400,
      body: JSON.stringify({
        status: 'error',
        errorType: 'bad_data',
        error: 'invalid parameter "query": 1:5: parse error: unclosed left parenthesis',
      }),
    });
    const err = (await client()
      .instant('sum(', AT)
      .catch((e: unknown) => e)) as PrometheusError;
    expect(err.kind).toBe('http');
    expect(err.message).toBe(
      'Prometheus rejected the query (HTTP 400, bad_data): invalid parameter "query": 1:5: parse error: unclosed left parenthesis',
    );
  });

  it('an HTTP error without the API body shows the status and the start of the body', async () => {
    answer = () => ({ status: 502, body: 'upstream connect error' });
    await expect(client().instant('q', AT)).rejects.toThrow(
      'Prometheus answered HTTP 502 Bad Gateway: upstream connect error',
    );
  });

  it('a 200 that is not the API JSON says so', async () => {
    answer = () => ({ status: 200, body: '<html>login</html>' });
    await expect(client().instant('q', AT)).rejects.toThrow(/did not answer with the Prometheus API's JSON/);
  });

  it('a slow server is a timeout naming the limit', async () => {
    answer = () => ({ ...vector('1'), delayMs: 500 });
    const err = (await client(100)
      .instant('q', AT)
      .catch((e: unknown) => e)) as PrometheusError;
    expect(err.kind).toBe('timeout');
    expect(err.message).toBe(`Prometheus at ${base} did not answer within 100 ms`);
  });

  it('a closed port is unreachable: connection refused', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const err = (await prometheusClient({ url: `http://127.0.0.1:${port}`, timeoutMs: 2000 })
      .instant('q', AT)
      .catch((e: unknown) => e)) as PrometheusError;
    expect(err.kind).toBe('unreachable');
    expect(err.message).toBe(`Prometheus at http://127.0.0.1:${port} is unreachable: connection refused`);
  });
});

describe('range queries', () => {
  it('POSTs start, end and step to /api/v1/query_range and returns finite points oldest first', async () => {
    answer = () =>
      ok({
        resultType: 'matrix',
        result: [
          {
            metric: {},
            values: [
              [1000, '1'],
              [1060, 'NaN'],
              [1120, '3'],
            ],
          },
        ],
      });
    seen.length = 0;
    const points = await client().range('q', new Date(1_000_000), new Date(1_120_000), 60);
    expect(points).toEqual([
      { at: new Date(1_000_000), value: 1 },
      { at: new Date(1_120_000), value: 3 },
    ]);
    expect(seen[0]!.path).toBe('/api/v1/query_range');
    expect(Object.fromEntries(seen[0]!.params)).toMatchObject({ start: '1000.000', end: '1120.000', step: '60' });
  });

  it('no series is no data; several series are an error', async () => {
    answer = () => ok({ resultType: 'matrix', result: [] });
    expect(await client().range('q', new Date(0), new Date(60_000), 60)).toEqual([]);
    answer = () => ok({ resultType: 'matrix', result: [{ values: [] }, { values: [] }] });
    await expect(client().range('q', new Date(0), new Date(60_000), 60)).rejects.toThrow(/returned 2 series/);
  });
});
