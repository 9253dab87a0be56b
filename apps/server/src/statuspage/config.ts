/**
 * The `statusPage` section of the config: the public page served at `/status` (issue 17 point 9).
 * Components are what the public sees; each maps to catalog services, so an incident on a service can
 * propose its component's status.
 */
import { IANAZone } from 'luxon';
import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lowercase letters, digits, ".", "_" or "-"');

export const StatusPageComponent = z.strictObject({
  id,
  name: z.string().min(1),
  description: z.string().optional(),
  services: z.array(id).default([]).describe('catalog services whose incidents affect this component'),
});
export type StatusPageComponent = z.infer<typeof StatusPageComponent>;

export const StatusPageConfig = z.strictObject({
  title: z.string().min(1).default('Status'),
  timeZone: z
    .string()
    .refine((zone) => IANAZone.isValidZone(zone), { message: 'unknown IANA time zone' })
    .default('UTC')
    .describe('the zone of the days of the uptime bars'),
  uptimeDays: z.number().int().min(1).max(366).default(90).describe('number of daily uptime bars'),
  components: z.array(StatusPageComponent).default([]),
});
export type StatusPageConfig = z.infer<typeof StatusPageConfig>;
