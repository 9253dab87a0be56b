/**
 * The active configuration and what is derived from it once per load (catalog index, compiled level
 * rules, integrations by key), so the hot path never re-derives them.
 */
import type { FaultlineConfig, IntegrationConfig } from './schema.ts';
import { buildCatalog, type Catalog } from '../catalog/catalog.ts';
import { compileRules, type CompiledRules } from '../levels/rules.ts';
import type { ApprovedRules } from '../levels/approved.ts';

export interface LoadedConfig {
  config: FaultlineConfig;
  catalog: Catalog;
  rules: CompiledRules;
  integrations: ReadonlyMap<string, IntegrationConfig>;
  /** Approved level-rule versions per module (they replace the module's template and module-scoped rules). */
  approved: ApprovedRules;
  /** Where it came from (file path), for messages. */
  origin: string;
  loadedAt: Date;
}

/** Derives everything the runtime needs from a valid (already checked) config and the approved rule versions. */
export function activateConfig(
  config: FaultlineConfig,
  origin: string,
  now: Date,
  approved: ApprovedRules = new Map(),
): LoadedConfig {
  const catalog = buildCatalog(config);
  return {
    config,
    catalog,
    approved,
    rules: compileRules(config, catalog, approved),
    integrations: new Map(config.integrations.map((i) => [i.key, i])),
    origin,
    loadedAt: now,
  };
}
