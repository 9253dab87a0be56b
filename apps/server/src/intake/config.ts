/** Intake's part of the config file: the integrations, each a key that senders use and how it routes alerts. */
import { z } from 'zod';
import { configId as id } from '../kernel/index.ts';
import { WebhookMapping } from './sources/mapped.ts';

export const IntegrationConfig = z
  .strictObject({
    key: z.string().min(8, 'an integration key has at least 8 characters'),
    name: z.string().optional(),
    source: z.enum(['alertmanager', 'grafana', 'pagerduty', 'opsgenie', 'generic']),
    service: id.optional().describe('every alert of this integration belongs to this service'),
    routeByLabel: z.string().optional().describe('route each alert by this label (value = service id or alias)'),
    fallbackService: id.optional().describe('service for alerts whose label matches no service'),
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

/** Intake's top-level config keys. */
export const intakeConfig = { integrations: z.array(IntegrationConfig).default([]) };
export type IntakeConfigPart = z.output<z.ZodObject<typeof intakeConfig>>;

declare module '../kernel/config.ts' {
  interface FaultlineConfig extends IntakeConfigPart {}
  interface LoadedConfig {
    /** Integrations by key. */
    integrations: ReadonlyMap<string, IntegrationConfig>;
  }
}
