/**
 * The active configuration and what is derived from it once per load (catalog index, compiled level
 * rules, integrations by key), so the hot path never re-derives them.
 */
import type { ChannelConfig, EscalationPolicyConfig, FaultlineConfig, IntegrationConfig } from './schema.ts';
import type { Schedule } from '../oncall/schema.ts';
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
  /** Escalation policies, schedules, team member lists and channels by id (first declaration wins). */
  escalation: EscalationIndex;
  /** Where it came from (file path), for messages. */
  origin: string;
  loadedAt: Date;
}

/** What the escalation engine reads, indexed once per load. */
export interface EscalationIndex {
  policies: ReadonlyMap<string, EscalationPolicyConfig>;
  schedules: ReadonlyMap<string, Schedule>;
  /** Each team's member emails, in config order. */
  teams: ReadonlyMap<string, readonly string[]>;
  channels: ReadonlyMap<string, ChannelConfig>;
}

function byId<T extends { id: string }>(list: readonly T[]): Map<string, T> {
  const out = new Map<string, T>();
  for (const x of list) if (!out.has(x.id)) out.set(x.id, x);
  return out;
}

/** Indexes the escalation parts of a config. */
export function escalationIndex(config: FaultlineConfig): EscalationIndex {
  return {
    policies: byId(config.escalationPolicies),
    schedules: byId(config.schedules),
    teams: new Map([...byId(config.teams)].map(([id, t]) => [id, t.members.map((m) => m.email)])),
    channels: byId(config.channels),
  };
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
    escalation: escalationIndex(config),
    origin,
    loadedAt: now,
  };
}
