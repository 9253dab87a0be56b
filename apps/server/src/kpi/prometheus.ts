/**
 * A small client for the Prometheus HTTP API as KPI watches use it: an instant query at a given time
 * (`/api/v1/query`) and a range query (`/api/v1/query_range`), each bounded by the configured timeout.
 *
 * A KPI is one number, so a result must be a scalar or an instant vector of at most one series:
 * - an empty vector, or a NaN / ±Inf value, is **no data** (`null`), not an error;
 * - several series is an error naming the count (aggregate them, e.g. `sum(...)`);
 * - an unreachable server, a timeout, an HTTP error (with Prometheus's `errorType` and `error`, e.g.
 *   `bad_data` for invalid PromQL) or an answer that is not the API's JSON are errors.
 * Every error is a `PrometheusError` whose message a person can act on; it is shown on the watch.
 */

/** What went wrong, for callers that react differently (the message says it to people). */
export type PrometheusErrorKind = 'unreachable' | 'timeout' | 'http' | 'bad-response' | 'several-series';

export class PrometheusError extends Error {
  readonly kind: PrometheusErrorKind;
  constructor(kind: PrometheusErrorKind, message: string) {
    super(message);
    this.name = 'PrometheusError';
    this.kind = kind;
  }
}

/** One point of a range query, with a finite value. */
export interface RangePoint {
  at: Date;
  value: number;
}

export interface PrometheusClient {
  /** The server's base URL, as configured. */
  readonly url: string;
  /**
   * Evaluates `query` at `at` (`/api/v1/query?time=`).
   * @returns the value of the single series or scalar; null when there is no data (empty result, NaN, ±Inf)
   * @throws PrometheusError
   */
  instant(query: string, at: Date): Promise<number | null>;
  /**
   * Evaluates `query` at `start`, `start + step`, … up to `end` (`/api/v1/query_range`).
   * @returns the points with finite values, oldest first (empty when there is no data)
   * @throws PrometheusError
   */
  range(query: string, start: Date, end: Date, stepSeconds: number): Promise<RangePoint[]>;
}

export interface PrometheusClientOptions {
  /** Base URL, e.g. `http://prometheus:9090` (a path prefix such as `/prometheus` is kept). */
  url: string;
  /** Per-request timeout in ms (connecting and reading the body). */
  timeoutMs: number;
  /** Replaces the global fetch (tests). */
  fetch?: typeof fetch;
}

/** Prometheus API time: Unix seconds with millisecond precision. */
const promTime = (d: Date) => (d.getTime() / 1000).toFixed(3);

/** A sample value as Prometheus writes it ("1.5", "NaN", "+Inf") → a finite number or null. */
function sampleValue(raw: unknown): number | null {
  if (typeof raw !== 'string') return null;
  const v = Number(raw);
  return Number.isFinite(v) ? v : null;
}

/** Why fetch failed, in words: `connection refused`, `host not found`, or the cause's message. */
function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ECONNRESET':
      return 'connection reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
  }
  return cause?.message ?? (err instanceof Error ? err.message : String(err));
}

interface ApiAnswer {
  status?: string;
  errorType?: string;
  error?: string;
  data?: { resultType?: string; result?: unknown };
}

/** Creates a client; it keeps no state besides its options. */
export function prometheusClient(opts: PrometheusClientOptions): PrometheusClient {
  const base = opts.url.endsWith('/') ? opts.url : `${opts.url}/`;
  const doFetch = opts.fetch ?? fetch;

  async function call(path: string, params: Record<string, string>): Promise<NonNullable<ApiAnswer['data']>> {
    const endpoint = new URL(path, base);
    let text: string;
    let status: number;
    let statusText: string;
    try {
      // POST with a form body: the same API as GET, and long queries do not hit URL length limits.
      const res = await doFetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
      status = res.status;
      statusText = res.statusText;
      text = await res.text();
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new PrometheusError('timeout', `Prometheus at ${opts.url} did not answer within ${opts.timeoutMs} ms`);
      }
      throw new PrometheusError('unreachable', `Prometheus at ${opts.url} is unreachable: ${networkReason(err)}`);
    }
    let body: ApiAnswer | null = null;
    try {
      body = JSON.parse(text) as ApiAnswer;
    } catch {
      body = null;
    }
    if (body && body.status === 'error') {
      // 400 bad_data (invalid PromQL or parameters), 422 execution, 503 timeout/canceled, …
      throw new PrometheusError(
        'http',
        `Prometheus rejected the query (HTTP ${status}, ${body.errorType ?? 'error'}): ${body.error ?? 'no message'}`,
      );
    }
    if (status < 200 || status >= 300) {
      const snippet = text.trim().slice(0, 200);
      throw new PrometheusError(
        'http',
        `Prometheus answered HTTP ${status} ${statusText}`.trim() + (snippet ? `: ${snippet}` : ''),
      );
    }
    if (!body || body.status !== 'success' || !body.data) {
      throw new PrometheusError(
        'bad-response',
        `${endpoint.href} did not answer with the Prometheus API's JSON (is prometheus.url right?)`,
      );
    }
    return body.data;
  }

  const severalSeries = (n: number) =>
    new PrometheusError(
      'several-series',
      `the query returned ${n} series; a KPI watch needs exactly one (aggregate them, e.g. sum(...))`,
    );

  return {
    url: opts.url,
    async instant(query, at) {
      const data = await call('api/v1/query', { query, time: promTime(at) });
      switch (data.resultType) {
        case 'scalar': {
          const pair = data.result as [number, string] | undefined;
          return sampleValue(pair?.[1]);
        }
        case 'vector': {
          const series = (data.result ?? []) as Array<{ value?: [number, string] }>;
          if (series.length === 0) return null;
          if (series.length > 1) throw severalSeries(series.length);
          return sampleValue(series[0]!.value?.[1]);
        }
        default:
          throw new PrometheusError(
            'bad-response',
            `the query returned a ${data.resultType ?? 'unknown'} result; a KPI watch needs an instant vector or a scalar`,
          );
      }
    },
    async range(query, start, end, stepSeconds) {
      const data = await call('api/v1/query_range', {
        query,
        start: promTime(start),
        end: promTime(end),
        step: String(stepSeconds),
      });
      if (data.resultType !== 'matrix') {
        throw new PrometheusError(
          'bad-response',
          `the range query returned a ${data.resultType ?? 'unknown'} result, not a matrix`,
        );
      }
      const series = (data.result ?? []) as Array<{ values?: Array<[number, string]> }>;
      if (series.length === 0) return [];
      if (series.length > 1) throw severalSeries(series.length);
      const points: RangePoint[] = [];
      for (const [t, raw] of series[0]!.values ?? []) {
        const value = sampleValue(raw);
        if (value !== null) points.push({ at: new Date(Math.round(t * 1000)), value });
      }
      return points;
    },
  };
}
