import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundClient } from '../lib/outbound/index.ts';
import { PrometheusError, prometheusClient, type PrometheusClientOptions } from './prometheus.ts';

/** The one outbound client, told that this test's Prometheus on 127.0.0.1 may be reached. */
const outbound = createOutboundClient({ allow: () => ['127.0.0.1'] });
const prom = (opts: Omit<PrometheusClientOptions, 'fetch'>) => prometheusClient({ ...opts, fetch: outbound.fetch });

/** A stand-in for Prometheus's HTTP API answering with canned bodies (the real one runs in e2e). */
let server: Server;
let base: string;
let answer: (params: URLSearchParams, path: string) => { status: number; body: string; delayMs?: number };
const seen: Array<{ path: string; params: URLSearchParams; method: string; authorization?: string | undefined }> = [];

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
      seen.push({ path, params, method: req.method!, authorization: req.headers.authorization });
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

const client = (timeoutMs = 2_000) => prom({ url: base, timeoutMs });
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
    await prom({ url: `${base}/prom/`, timeoutMs: 1000 }).instant('up', AT);
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

  it("an HTTP error without the API body shows the status only, not the body (it could be anyone's page)", async () => {
    answer = () => ({ status: 502, body: 'upstream connect error to 10.0.0.7: internal detail' });
    const err = (await client()
      .instant('q', AT)
      .catch((e: unknown) => e)) as PrometheusError;
    expect(err.kind).toBe('http');
    expect(err.message).toBe('Prometheus answered HTTP 502 Bad Gateway');
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
    const err = (await prom({ url: `http://127.0.0.1:${port}`, timeoutMs: 2000 })
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

describe('credentials and the outbound guard', () => {
  it('sends basicAuth, bearerToken and the …File secrets as the Authorization header', async () => {
    answer = () => vector('1');
    const dir = mkdtempSync(join(tmpdir(), 'faultline-prom-'));
    try {
      writeFileSync(join(dir, 'password'), 'file-pass\n');
      writeFileSync(join(dir, 'token'), ' file-token \n');
      const cases: Array<[Omit<PrometheusClientOptions, 'fetch' | 'url' | 'timeoutMs'>, string]> = [
        [{ basicAuth: { username: 'kpi', password: 'p@ss' } }, `Basic ${Buffer.from('kpi:p@ss').toString('base64')}`],
        [
          { basicAuth: { username: 'kpi', passwordFile: join(dir, 'password') } },
          `Basic ${Buffer.from('kpi:file-pass').toString('base64')}`,
        ],
        [{ bearerToken: 'tok-1' }, 'Bearer tok-1'],
        [{ bearerTokenFile: join(dir, 'token') }, 'Bearer file-token'],
      ];
      for (const [auth, header] of cases) {
        seen.length = 0;
        await prom({ url: base, timeoutMs: 1000, ...auth }).instant('up', AT);
        expect(seen[0]!.authorization).toBe(header);
      }
      seen.length = 0;
      await client().instant('up', AT);
      expect(seen[0]!.authorization).toBeUndefined();
      const missing = (await prom({ url: base, timeoutMs: 1000, bearerTokenFile: join(dir, 'gone') })
        .instant('up', AT)
        .catch((e: unknown) => e)) as PrometheusError;
      expect(missing.message).toBe(`cannot read prometheus.bearerTokenFile ${join(dir, 'gone')}: ENOENT`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the server with its credentials redacted', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const err = (await prom({ url: `http://127.0.0.1:${port}/prom?access_token=tok-77`, timeoutMs: 1000 })
      .instant('q', AT)
      .catch((e: unknown) => e)) as PrometheusError;
    expect(err.message).toBe(
      `Prometheus at http://127.0.0.1:${port}/prom?access_token=*** is unreachable: connection refused`,
    );
  });

  it('is refused on an address the outbound guard does not allow, and says how to allow it', async () => {
    const guarded = createOutboundClient({ allow: () => [] });
    seen.length = 0;
    const err = (await prometheusClient({ url: base, timeoutMs: 1000, fetch: guarded.fetch })
      .instant('q', AT)
      .catch((e: unknown) => e)) as PrometheusError;
    expect(err.kind).toBe('refused');
    expect(err.message).toMatch(
      /^Prometheus at http:\/\/127\.0\.0\.1:\d+: refused: 127\.0\.0\.1 is a loopback address; .*outbound\.allow/,
    );
    expect(seen).toEqual([]);
  });
});
