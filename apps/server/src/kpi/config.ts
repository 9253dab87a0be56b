/** KPI watches' part of the config file (DESIGN §2 "KPI watch"): the Prometheus server and the watches. */
import { z } from 'zod';
import { configId as id } from '../kernel/index.ts';

/**
 * Prometheus HTTP API used by KPI watches (`/api/v1/query`, `/api/v1/query_range`). Credentials are separate
 * secret fields, as in Prometheus's own `basic_auth` / `authorization` settings — never in the URL, which is shown
 * in the watches' errors (lint refuses a URL with `user:password@`). A `…File` field names a file read at each query,
 * so a mounted secret can rotate without a reload.
 */
export const PrometheusConfig = z
  .strictObject({
    url: z.url(),
    /** Per-request timeout, ms. */
    timeoutMs: z.number().int().positive().default(10_000),
    basicAuth: z
      .strictObject({
        username: z.string().min(1),
        password: z.string().min(1).optional().describe('secret'),
        passwordFile: z.string().min(1).optional().describe('a file holding the password'),
      })
      .refine((b) => (b.password === undefined) !== (b.passwordFile === undefined), {
        message: 'set one of password or passwordFile',
      })
      .optional()
      .describe('HTTP Basic authentication'),
    bearerToken: z.string().min(1).optional().describe('secret: sent as Authorization: Bearer'),
    bearerTokenFile: z.string().min(1).optional().describe('a file holding the bearer token'),
  })
  .refine((p) => [p.basicAuth, p.bearerToken, p.bearerTokenFile].filter((x) => x !== undefined).length <= 1, {
    message: 'set at most one of basicAuth, bearerToken and bearerTokenFile',
  });
export type PrometheusConfig = z.infer<typeof PrometheusConfig>;

/**
 * The baseline a KPI is compared with: the same window one week or one day earlier (`offset`), the median of
 * the last `windows` same-time windows `period` apart, or a fixed value.
 */
const promDuration = z.string().regex(/^\d+[smhdw]$/, 'a Prometheus duration such as 5m, 1d or 1w');

export const KpiBaseline = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('offset'), offset: promDuration.describe('usually 1d or 1w') }),
  z.strictObject({
    kind: z.literal('median'),
    period: promDuration.describe('usually 1d or 1w'),
    windows: z.number().int().min(2).max(12),
  }),
  z.strictObject({ kind: z.literal('static'), value: z.number().positive() }),
]);
export type KpiBaseline = z.infer<typeof KpiBaseline>;

/**
 * A KPI watch (DESIGN §2 "KPI watch"): Faultline evaluates a module's business metric against its baseline
 * every `everySeconds`, and grades the module's incident from the drop with the module's KPI-drop rules.
 * `source: prometheus` runs `query` (PromQL, an instant vector of one series) against `prometheus.url`;
 * `source: push` takes samples posted to the API.
 */
export const KpiWatchConfig = z
  .strictObject({
    id,
    module: id,
    /** The service the incident is opened on; default: the module's first service. */
    service: id.optional(),
    source: z.enum(['prometheus', 'push']).default('prometheus'),
    query: z.string().min(1).optional(),
    baseline: KpiBaseline,
    everySeconds: z.number().int().min(1).max(3600).default(60),
    /** A drop of at least this % that matches no level rule is recorded as a risk. */
    riskPercent: z.number().gt(0).max(100).default(3),
    description: z.string().optional(),
  })
  .refine((w) => w.source === 'push' || Boolean(w.query), {
    message: 'a prometheus watch needs a query',
    path: ['query'],
  });
export type KpiWatchConfig = z.infer<typeof KpiWatchConfig>;

/** KPI's top-level config keys. */
export const kpiConfig = {
  prometheus: PrometheusConfig.optional(),
  kpiWatches: z.array(KpiWatchConfig).default([]),
};
export type KpiConfigPart = z.output<z.ZodObject<typeof kpiConfig>>;

declare module '../kernel/config.ts' {
  interface FaultlineConfig extends KpiConfigPart {}
}
