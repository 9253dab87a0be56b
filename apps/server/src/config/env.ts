/**
 * Boot config from the environment (CONVENTIONS §4): one FAULTLINE_ prefix (plus DATABASE_URL), validated
 * with zod at start; a bad value stops the server with a readable list. Documented in the README.
 */
import { fileURLToPath } from 'node:url';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { AppError, fieldsFromZod } from '../lib/index.ts';

/** The shipped quickstart config, used when FAULTLINE_CONFIG is not set. */
export const QUICKSTART_CONFIG = fileURLToPath(new URL('../../../../examples/quickstart.yaml', import.meta.url));

const isIpOrCidr = (s: string) => ipaddr.isValid(s) || ipaddr.isValidCIDR(s);

export const BootEnv = z.object({
  FAULTLINE_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  FAULTLINE_HOST: z.string().min(1).default('127.0.0.1'),
  FAULTLINE_DATA_DIR: z.string().min(1).default('./data'),
  FAULTLINE_CONFIG: z.string().min(1).default(QUICKSTART_CONFIG),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// URL')
    .optional(),
  /**
   * The embedded store when DATABASE_URL is not set (docs/operations.md#the-embedded-store): `postgres` (a PostgreSQL
   * server Faultline starts from the npm package for this platform; the default where it is installed) or `pglite`.
   */
  FAULTLINE_EMBEDDED: z.enum(['postgres', 'pglite']).optional(),
  /** The unprivileged account the embedded PostgreSQL runs as when Faultline runs as root (default `postgres`). */
  FAULTLINE_POSTGRES_USER: z.string().min(1).optional(),
  FAULTLINE_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL')
    .optional(),
  FAULTLINE_ADMIN_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  FAULTLINE_PUBLIC_URL: z.url().optional(),
  /** OpenID Connect single sign-on (docs/identity.md): all three, or none. */
  FAULTLINE_OIDC_ISSUER: z.url().optional(),
  FAULTLINE_OIDC_CLIENT_ID: z.string().min(1).optional(),
  FAULTLINE_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  FAULTLINE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `all` (API and engine), `api` or `engine`. */
  FAULTLINE_ROLE: z.enum(['all', 'api', 'engine']).default('all'),
  /**
   * The reverse proxies whose X-Forwarded-For is believed: comma-separated addresses or CIDR ranges (e.g.
   * `127.0.0.1,10.0.0.0/8`), or `loopback`, `linklocal`, `uniquelocal`. Unset: the client is the address that
   * connected, and X-Forwarded-For is ignored. The sign-in limiter counts per client (auth/sign-in-limit.ts).
   */
  FAULTLINE_TRUST_PROXY: z
    .string()
    .transform((v) => v.split(',').map((p) => p.trim()))
    .refine(
      (list) => list.every((p) => ['loopback', 'linklocal', 'uniquelocal'].includes(p) || isIpOrCidr(p)),
      'comma-separated IP addresses or CIDR ranges, or loopback, linklocal, uniquelocal',
    )
    .optional(),
  /** Minutes before a shift starts that the incoming person is emailed (oncall/handoff-notices.ts); 0 = off. */
  FAULTLINE_HANDOFF_NOTICE_MINUTES: z.coerce.number().int().min(0).max(1440).default(15),
  // Connection and stream limits (http/limits.ts; docs/security.md#limits-and-headers).
  /** Longest time to receive a whole request, headers and body, ms. */
  FAULTLINE_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  /** Longest time to receive a request's headers, ms; at most the request timeout. */
  FAULTLINE_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(10_000),
  /** How long an idle keep-alive connection stays open, ms (above a load balancer's idle timeout). */
  FAULTLINE_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(72_000),
  /** Open connections per client address; 0 = no cap (behind a reverse proxy every client is the proxy). */
  FAULTLINE_MAX_CONNECTIONS_PER_CLIENT: z.coerce.number().int().min(0).max(1_000_000).default(128),
  /** Live-update streams open at once on this node, in all. */
  FAULTLINE_MAX_STREAMS: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
  /** Live-update streams open at once per API token or console session. */
  FAULTLINE_MAX_STREAMS_PER_TOKEN: z.coerce.number().int().min(1).max(1_000_000).default(10),
  /** `/readyz` fails when the oldest event waiting for convergence is older than this, seconds. */
  FAULTLINE_READY_MAX_EVENT_LAG_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** `/readyz` fails when a due job has waited longer than this for a node, seconds. */
  FAULTLINE_READY_MAX_JOB_DELAY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
});
export type BootEnv = z.infer<typeof BootEnv>;

/**
 * Parses the environment; empty strings count as unset.
 * @throws AppError VALIDATION listing every bad variable.
 */
export function parseBootEnv(env: NodeJS.ProcessEnv): BootEnv {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const r = BootEnv.refine((e) => e.FAULTLINE_HEADERS_TIMEOUT_MS <= e.FAULTLINE_REQUEST_TIMEOUT_MS, {
    path: ['FAULTLINE_HEADERS_TIMEOUT_MS'],
    message: 'at most FAULTLINE_REQUEST_TIMEOUT_MS',
  }).safeParse(cleaned);
  if (!r.success) {
    const fields = fieldsFromZod(r.error.issues);
    throw new AppError(
      'VALIDATION',
      `bad environment:\n${fields.map((f) => `  ${f.path}: ${f.message}`).join('\n')}`,
      fields,
    );
  }
  return r.data;
}
