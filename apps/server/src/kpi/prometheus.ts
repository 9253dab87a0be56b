/**
 * A small client for the Prometheus HTTP API as KPI watches use it: an instant query at a given time
 * (`/api/v1/query`) and a range query (`/api/v1/query_range`), each bounded by the configured timeout.
 *
 * A KPI is one number, so a result must be a scalar or an instant vector of at most one series:
 * - an empty vector, or a NaN / ±Inf value, is **no data** (`null`), not an error;
 * - several series is an error naming the count (aggregate them, e.g. `sum(...)`);
 * - an unreachable server, a timeout, an HTTP error (with Prometheus's `errorType` and `error`, e.g.
 *   `bad_data` for invalid PromQL) or an answer that is not the API's JSON are errors.
 * Every error is a `PrometheusError` whose message a person can act on; it is shown on the watch. The message
 * names the server by its URL with credentials redacted, and never quotes an answer that is not the API's JSON.
 *
 * Requests go through the one outbound client (lib/outbound): the address guard and `outbound.allow` apply, and
 * the credentials (`basicAuth`, `bearerToken`, or a file holding either secret) travel as an `Authorization` header.
 */
import { readFile } from 'node:fs/promises';
import { STATUS_CODES } from 'node:http';
import { OutboundError, type OutboundFetch, redactUrl, shortReason } from '../lib/index.ts';

/** What went wrong, for callers that react differently (the message says it to people). */
export type PrometheusErrorKind = 'unreachable' | 'refused' | 'timeout' | 'http' | 'bad-response' | 'several-series';

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
  /** The server's base URL, as configured, credentials redacted. */
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

/** How the client authenticates: as `prometheus.basicAuth` / `bearerToken` / `bearerTokenFile` of the config. */
export interface PrometheusAuth {
  basicAuth?: { username: string; password?: string | undefined; passwordFile?: string | undefined } | undefined;
  bearerToken?: string | undefined;
  bearerTokenFile?: string | undefined;
}

export interface PrometheusClientOptions extends PrometheusAuth {
  /** Base URL, e.g. `http://prometheus:9090` (a path prefix such as `/prometheus` is kept). */
  url: string;
  /** Per-request timeout in ms (connecting and reading the body). */
  timeoutMs: number;
  /** The outbound client's fetch (lib/outbound). */
  fetch: OutboundFetch;
}

/** Largest answer read (a range query over a week of minute steps is about 0.5 MB). */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;
/** Longest Prometheus `error` quoted in a message (characters). */
const MAX_ERROR = 200;

/** The secret in a `…File` setting: the file's content without surrounding white space. */
async function fromFile(path: string, setting: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (e) {
    throw new PrometheusError(
      'unreachable',
      `cannot read prometheus.${setting} ${path}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}`,
    );
  }
}

/** The `Authorization` header for `auth`, or null without credentials. */
async function authorization(auth: PrometheusAuth): Promise<string | null> {
  if (auth.basicAuth) {
    const b = auth.basicAuth;
    const password = b.passwordFile ? await fromFile(b.passwordFile, 'basicAuth.passwordFile') : (b.password ?? '');
    return `Basic ${Buffer.from(`${b.username}:${password}`).toString('base64')}`;
  }
  if (auth.bearerTokenFile) return `Bearer ${await fromFile(auth.bearerTokenFile, 'bearerTokenFile')}`;
  if (auth.bearerToken) return `Bearer ${auth.bearerToken}`;
  return null;
}

/** Prometheus's own error text, on one line and cut short. */
const errorText = (s: string) => shortReason(s, MAX_ERROR);

/** Prometheus API time: Unix seconds with millisecond precision. */
const promTime = (d: Date) => (d.getTime() / 1000).toFixed(3);

/** A sample value as Prometheus writes it ("1.5", "NaN", "+Inf") → a finite number or null. */
function sampleValue(raw: unknown): number | null {
  if (typeof raw !== 'string') return null;
  const v = Number(raw);
  return Number.isFinite(v) ? v : null;
}

/** Why the connection failed, in words: `connection refused`, `host not found`, or the error code. */
function networkReason(err: OutboundError): string {
  switch (err.code) {
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
  return err.message;
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
  const shown = redactUrl(opts.url);

  async function call(path: string, params: Record<string, string>): Promise<NonNullable<ApiAnswer['data']>> {
    const endpoint = new URL(path, base);
    let text: string;
    let status: number;
    const auth = await authorization(opts);
    try {
      // POST with a form body: the same API as GET, and long queries do not hit URL length limits.
      const res = await opts.fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          ...(auth ? { authorization: auth } : {}),
        },
        body: new URLSearchParams(params).toString(),
        timeoutMs: opts.timeoutMs,
        maxResponseBytes: MAX_ANSWER_BYTES,
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      if (!(err instanceof OutboundError)) throw err;
      switch (err.kind) {
        case 'timeout':
          throw new PrometheusError('timeout', `Prometheus at ${shown} did not answer within ${opts.timeoutMs} ms`);
        case 'refused':
          throw new PrometheusError('refused', `Prometheus at ${shown}: ${err.message}`);
        case 'too-large':
          throw new PrometheusError('bad-response', `Prometheus at ${shown}: ${err.message}`);
        default:
          throw new PrometheusError('unreachable', `Prometheus at ${shown} is unreachable: ${networkReason(err)}`);
      }
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
        `Prometheus rejected the query (HTTP ${status}, ${errorText(String(body.errorType ?? 'error'))}): ${
          typeof body.error === 'string' ? errorText(body.error) : 'no message'
        }`,
      );
    }
    if (status < 200 || status >= 300) {
      // Only the status: an answer that is not the API's could be anyone's page (a proxy's, a login form).
      throw new PrometheusError('http', `Prometheus answered HTTP ${status} ${STATUS_CODES[status] ?? ''}`.trim());
    }
    if (!body || body.status !== 'success' || !body.data) {
      throw new PrometheusError(
        'bad-response',
        `${redactUrl(endpoint.href)} did not answer with the Prometheus API's JSON (is prometheus.url right?)`,
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
    url: shown,
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
