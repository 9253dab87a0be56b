/**
 * The active configuration and what is derived from it once per load (catalog index, compiled level
 * rules, integrations by key, the escalation index), so the hot path never re-derives them. Each part is
 * its domain's; this file only calls them in order (the rules need the catalog).
 */
import type { FaultlineConfig, LoadedConfig } from '../kernel/index.ts';
import { escalationIndex } from '../escalation/index.ts';
import { buildCatalog } from '../catalog/index.ts';
import { compileRules } from '../levels/index.ts';
import type { ApprovedRules } from '../levels/index.ts';

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
    escalation: escalationIndex(config),
    origin,
    loadedAt: now,
  };
}

export type { LoadedConfig };
