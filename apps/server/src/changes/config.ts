/**
 * The changes domain's part of the config file (docs/changes.md): webhooks that record changes from any
 * tool's JSON through a field mapping (`changeWebhooks`).
 */
import { z } from 'zod';
import { configId as id } from '../kernel/index.ts';

/** A dotted path into the sender's JSON: `deployment.environment`, `commits.0.author.name`. */
const JsonPath = z
  .string()
  .min(1)
  .max(300)
  .regex(/^[^.\s]+(\.[^.\s]+)*$/, 'a dotted path such as deployment.environment');

export const ChangeWebhookConfig = z
  .strictObject({
    key: z.string().min(8, 'a webhook key has at least 8 characters'),
    name: z.string().optional(),
    /** Every change of this webhook lands on this service, unless `mapping.service` names one. */
    service: id.optional(),
    /** The kind when `mapping.kind` is absent or names no kind. */
    kind: z.enum(['deploy', 'config', 'flag', 'migration', 'infra']).default('deploy'),
    mapping: z.strictObject({
      summary: JsonPath,
      service: JsonPath.optional(),
      kind: JsonPath.optional(),
      startedAt: JsonPath.optional(),
      endedAt: JsonPath.optional(),
      status: JsonPath.optional(),
      author: JsonPath.optional(),
      externalId: JsonPath.optional(),
      url: JsonPath.optional(),
      environment: JsonPath.optional(),
      labels: z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/), JsonPath).default({}),
    }),
  })
  .refine((w) => w.service !== undefined || w.mapping.service !== undefined, {
    message: 'set service, or mapping.service to read it from the body',
    path: ['service'],
  });
export type ChangeWebhookConfig = z.infer<typeof ChangeWebhookConfig>;

/** The changes domain's top-level config keys. */
export const changesConfig = { changeWebhooks: z.array(ChangeWebhookConfig).default([]) };
export type ChangesConfigPart = z.output<z.ZodObject<typeof changesConfig>>;

declare module '../kernel/config.ts' {
  interface FaultlineConfig extends ChangesConfigPart {}
}
