/**
 * The `statusPage` section of the config: the public page served at `/status` (issue 17 point 9).
 * Components are what the public sees; each maps to catalog services, so the room proposes the components of
 * an incident's service for its public updates.
 *
 * ```yaml
 * statusPage:
 *   title: Acme status
 *   timeZone: Asia/Shanghai        # the days of the uptime bars when the viewer's zone is not known
 *   uptimeDays: 90
 *   components:
 *     - { id: checkout, name: Checkout, services: [pay-api, cart-api] }
 *     - { id: login, name: Sign-in, description: Web and app sign-in, services: [auth-api] }
 *   autoResolve: true               # a final public "resolved" update when the incident is resolved or cancelled
 * ```
 *
 * Without components the page shows its title and "all systems operational", and no update can name a
 * component.
 */
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { ComponentId } from '@faultline/contracts';

export const StatusPageComponent = z.strictObject({
  id: ComponentId,
  name: z.string().min(1).max(200),
  description: z.string().max(1000).optional(),
  services: z.array(z.string().min(1)).default([]).describe('catalog services whose incidents affect this component'),
});
export type StatusPageComponent = z.infer<typeof StatusPageComponent>;

export const StatusPageConfig = z.strictObject({
  title: z.string().min(1).max(200).default('Status'),
  timeZone: z
    .string()
    .refine((zone) => IANAZone.isValidZone(zone), { message: 'unknown IANA time zone' })
    .default('UTC')
    .describe("the zone of the days of the uptime bars when the viewer's is not known"),
  uptimeDays: z.number().int().min(1).max(366).default(90).describe('number of daily uptime bars'),
  components: z.array(StatusPageComponent).default([]),
  autoResolve: z
    .boolean()
    .default(true)
    .describe(
      'when an incident with public updates is resolved or cancelled, publish a final "resolved" update with its components operational (unless one was published by hand)',
    ),
  autoResolveMessage: z
    .string()
    .min(1)
    .max(1000)
    .default('This incident has been resolved.')
    .describe('the public message of the automatic "resolved" update'),
});
export type StatusPageConfig = z.infer<typeof StatusPageConfig>;

/** The status page's top-level config key. */
export const statusPageConfig = {
  statusPage: StatusPageConfig.default({
    title: 'Status',
    timeZone: 'UTC',
    uptimeDays: 90,
    components: [],
    autoResolve: true,
    autoResolveMessage: 'This incident has been resolved.',
  }),
};
export type StatusPageConfigPart = z.output<z.ZodObject<typeof statusPageConfig>>;

declare module '../kernel/config.ts' {
  interface FaultlineConfig extends StatusPageConfigPart {}
}
