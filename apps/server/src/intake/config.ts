/** Intake's part of the config file: the integrations, each a key that senders use and how it routes alerts. */
import { z } from 'zod';
import { configId as id } from '../kernel/index.ts';
import { WebhookMapping } from './sources/mapped.ts';

export const IntegrationConfig = z
  .strictObject({
    key: z.string().min(8, 'an integration key has at least 8 characters'),
    name: z.string().optional(),
    source: z.enum(['alertmanager', 'grafana', 'pagerduty', 'opsgenie', 'generic', 'email']),
    service: id.optional().describe('every alert of this integration belongs to this service'),
    routeByLabel: z.string().optional().describe('route each alert by this label (value = service id or alias)'),
    fallbackService: id.optional().describe('service for alerts whose label matches no service'),
    email: z
      .strictObject({
        address: z.email().optional().describe('also accept mail to this address (besides <key>@<domain>)'),
        dedupHeader: z.string().min(1).optional().describe('dedup key from this header (e.g. X-Alert-Id)'),
        dedupPattern: z
          .string()
          .min(1)
          .optional()
          .describe('dedup key from the subject: the first capture group of this regex (else the whole match)'),
      })
      .optional()
      .describe('source email only: how mail becomes an alert'),
    mapping: WebhookMapping.optional().describe(
      'source generic only: JSONata expressions that map any JSON payload to alerts (docs/intake.md)',
    ),
  })
  .refine((i) => Boolean(i.service) !== Boolean(i.routeByLabel), {
    message: 'set exactly one of service or routeByLabel',
  })
  .refine((i) => !i.mapping || i.source === 'generic', {
    message: 'a mapping is for source generic only',
    path: ['mapping'],
  });
export type IntegrationConfig = z.infer<typeof IntegrationConfig>;

/**
 * A heartbeat monitor in the config file (docs/intake.md#heartbeats): the API's fields plus a stable id. Pings
 * are authenticated by the integration's key, or by `token` (stored hashed) when given.
 */
export const HeartbeatConfig = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes')
    .describe('stable id; the ping URL is /api/v1/heartbeats/<id>/ping'),
  name: z.string().min(1).max(200),
  integration: z.string().min(8).optional().describe('integration key: authenticates pings; its alerts may ping'),
  service: id.optional().describe("service of the missing-heartbeat alert; default: the integration's"),
  intervalSeconds: z
    .number()
    .int()
    .min(60)
    .max(31 * 86_400)
    .describe('a ping is expected at least this often'),
  graceSeconds: z.number().int().min(0).max(86_400).default(60).describe('tolerated lateness before it is down'),
  labels: z.record(z.string(), z.string()).default({}).describe('added to the alert (grading reads them)'),
  matchers: z
    .array(z.string().min(1))
    .default([])
    .describe("Alertmanager matchers: the integration's firing alerts that match ping (e.g. Watchdog)"),
  token: z.string().min(16).optional().describe('a ping token of this heartbeat (bearer), besides the key'),
});
export type HeartbeatConfig = z.output<typeof HeartbeatConfig>;

/** Inbound email (docs/operations.md#inbound-email): an SMTP listener, off unless configured. */
export const EmailIntakeConfig = z.strictObject({
  host: z.string().min(1).default('0.0.0.0').describe('listen address'),
  port: z.number().int().min(0).max(65_535).default(2525).describe('listen port (0: any free port)'),
  domain: z.string().min(1).describe('mail to <integration-key>@<domain> reaches that integration'),
  maxMessageBytes: z
    .number()
    .int()
    .min(1024)
    .max(25 * 1024 * 1024)
    .default(1024 * 1024)
    .describe('larger messages are refused (552)'),
});
export type EmailIntakeConfig = z.output<typeof EmailIntakeConfig>;

/** Intake's top-level config keys. */
export const intakeConfig = {
  integrations: z.array(IntegrationConfig).default([]),
  heartbeats: z.array(HeartbeatConfig).default([]).describe('heartbeat monitors kept in the config file'),
  intake: z
    .strictObject({ email: EmailIntakeConfig.optional().describe('inbound email; off when absent') })
    .default({}),
};
export type IntakeConfigPart = z.output<z.ZodObject<typeof intakeConfig>>;

declare module '../kernel/config.ts' {
  interface FaultlineConfig extends IntakeConfigPart {}
  interface LoadedConfig {
    /** Integrations by key. */
    integrations: ReadonlyMap<string, IntegrationConfig>;
  }
}
