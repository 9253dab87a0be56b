/**
 * The catalog's part of the config file (DESIGN §3): `catalog.businessLines[].modules[].services[]`, with
 * each module's tier and volume class and each service's owning team, aliases and dependencies.
 */
import { z } from 'zod';
import { configId as id } from '../kernel/index.ts';
import { deriveVolumeClass } from './volume.ts';
import type { Catalog } from './catalog.ts';

/** Module tier (DESIGN §2): sub-core grades one level lower than core, non-core two. */
export const Tier = z.enum(['core', 'sub-core', 'non-core']);
export type Tier = z.infer<typeof Tier>;

/**
 * Volume class (DESIGN §2, from the fault-level template of seed 000):
 * high (>1000 TPS peak or >1M/day), medium (100–1000 TPS, 100k–1M/day), low (10–100 TPS, 10k–100k/day),
 * very-low (<10k/day).
 */
export const VolumeClass = z.enum(['high', 'medium', 'low', 'very-low']);
export type VolumeClass = z.infer<typeof VolumeClass>;

export const ServiceConfig = z.strictObject({
  id,
  name: z.string().optional(),
  team: id.describe('owning team id'),
  aliases: z.array(z.string()).default([]).describe('other label values that route to this service'),
  dependsOn: z.array(id).default([]).describe('services this one calls (its upstream dependencies)'),
  escalationPolicy: id
    .optional()
    .describe("escalation policy the service's incidents are paged through, instead of the owning team's"),
});
export type ServiceConfig = z.infer<typeof ServiceConfig>;

export const ModuleConfig = z
  .strictObject({
    id,
    name: z.string().optional(),
    tier: Tier,
    /** Declared volume class; or derived from `peakTps` / `dailyVolume` when omitted. */
    volume: VolumeClass.optional(),
    peakTps: z.number().nonnegative().optional().describe('peak transactions per second'),
    dailyVolume: z.number().nonnegative().optional().describe('average transactions per day'),
    /** The module's technical owner: approves changes to its level rules (DESIGN §4). */
    owner: z.email().optional(),
    services: z.array(ServiceConfig).default([]),
  })
  .refine((m) => m.volume !== undefined || m.peakTps !== undefined || m.dailyVolume !== undefined, {
    message: 'set volume, or peakTps and/or dailyVolume to derive it',
    path: ['volume'],
  })
  .transform((m) => ({ ...m, volume: m.volume ?? deriveVolumeClass(m.peakTps, m.dailyVolume)! }));
export type ModuleConfig = z.infer<typeof ModuleConfig>;

export const BusinessLineConfig = z.strictObject({
  id,
  name: z.string().optional(),
  leadership: z.array(z.email()).default([]).describe('notified at once for P1/P2 (later issue)'),
  modules: z.array(ModuleConfig).default([]),
});
export type BusinessLineConfig = z.infer<typeof BusinessLineConfig>;

/** The catalog's top-level config keys. */
export const catalogConfig = {
  catalog: z.strictObject({ businessLines: z.array(BusinessLineConfig).default([]) }).default({ businessLines: [] }),
};
export type CatalogConfigPart = z.output<z.ZodObject<typeof catalogConfig>>;

declare module '../kernel/config.ts' {
  interface FaultlineConfig extends CatalogConfigPart {}
  interface LoadedConfig {
    /** Lookups over the business lines, modules, services and teams of this config. */
    catalog: Catalog;
  }
}
