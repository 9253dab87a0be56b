/**
 * The service catalog (DESIGN §3): `business line → module (tier, volume class) → service`, plus service
 * dependencies and the teams that own services.
 *
 * Built once from a loaded config and read-only afterwards. It drives grading (a service's module gives
 * the tier and volume class), routing (which team owns a service) and, later, convergence (topology).
 * `buildCatalog` is tolerant: on duplicate ids the first declaration wins (config lint reports the
 * duplicates as errors, so a served config never has them).
 */
import type { FaultlineConfig } from '../kernel/index.ts';
import type { MemberConfig } from '../people/index.ts';
import type { Tier, VolumeClass } from './config.ts';

/** A service with everything grading and routing need, flattened from its module and business line. */
export interface ServiceEntry {
  readonly id: string;
  /** Display name; the id when the config gives none. */
  readonly name: string;
  /** Owning team id. */
  readonly team: string;
  /** Id of the module the service belongs to. */
  readonly module: string;
  /** Id of the module's business line. */
  readonly businessLine: string;
  /** The module's tier: sub-core grades one level lower than core, non-core two. */
  readonly tier: Tier;
  /** The module's volume class: picks the fault-level template (seed 000). */
  readonly volume: VolumeClass;
  /** Ids of the services this one calls (its upstream dependencies). */
  readonly dependsOn: readonly string[];
  /** Other label values that resolve to this service. */
  readonly aliases: readonly string[];
  /**
   * The escalation policy the service's incidents are paged through instead of the owning team's: the
   * file's `escalationPolicy`, or one linked through the API (oncall's directory merges it); null for none.
   */
  readonly escalationPolicy: string | null;
}

/** A team with its on-call responders resolved to members. */
export interface TeamEntry {
  readonly id: string;
  /** Display name; the id when the config gives none. */
  readonly name: string;
  readonly members: readonly MemberConfig[];
  /** The members currently on call, in config order (emails not among the members are dropped). */
  readonly oncall: readonly MemberConfig[];
  /** The escalation policy the team is paged through instead of `oncall`, if any. */
  readonly escalationPolicy: string | null;
}

/** A module as grading sees it (used by the template generator). */
export interface ModuleEntry {
  readonly id: string;
  readonly name: string;
  readonly businessLine: string;
  readonly tier: Tier;
  readonly volume: VolumeClass;
  /** Ids of the module's services, in config order. */
  readonly services: readonly string[];
  /** The technical owner (email) who approves changes to the module's level rules, if set. */
  readonly owner: string | null;
}

/** A business line: whom to tell at once when one of its incidents reaches P1/P2. */
export interface BusinessLineEntry {
  readonly id: string;
  readonly name: string;
  readonly leadership: readonly string[];
}

/** Read-only lookups over the catalog of one config. */
export interface Catalog {
  /** The service with this exact id. */
  service(id: string): ServiceEntry | undefined;
  /**
   * The service a label value names: the service with that id, else the first service (config order)
   * listing it among its aliases. Exact, case-sensitive comparison.
   */
  resolveService(labelValue: string): ServiceEntry | undefined;
  /** Every service, in config order. */
  services(): readonly ServiceEntry[];
  /** The module with this id. */
  module(id: string): ModuleEntry | undefined;
  /** Every module, in config order. */
  modules(): readonly ModuleEntry[];
  /** The team with this id. */
  team(id: string): TeamEntry | undefined;
  /** Every team, in config order. */
  teams(): readonly TeamEntry[];
  /** The business line with this id. */
  businessLine(id: string): BusinessLineEntry | undefined;
}

/** Builds the catalog of a parsed config (no validation: see `lintConfig`). */
export function buildCatalog(config: FaultlineConfig): Catalog {
  const services = new Map<string, ServiceEntry>();
  const aliases = new Map<string, ServiceEntry>();
  const modules = new Map<string, ModuleEntry>();
  const teams = new Map<string, TeamEntry>();
  const lines = new Map<string, BusinessLineEntry>();

  for (const line of config.catalog.businessLines) {
    if (!lines.has(line.id))
      lines.set(line.id, { id: line.id, name: line.name ?? line.id, leadership: [...line.leadership] });
    for (const mod of line.modules) {
      if (!modules.has(mod.id)) {
        modules.set(mod.id, {
          id: mod.id,
          name: mod.name ?? mod.id,
          businessLine: line.id,
          tier: mod.tier,
          volume: mod.volume,
          services: mod.services.map((s) => s.id),
          owner: mod.owner ?? null,
        });
      }
      for (const svc of mod.services) {
        if (services.has(svc.id)) continue;
        services.set(svc.id, {
          id: svc.id,
          name: svc.name ?? svc.id,
          team: svc.team,
          module: mod.id,
          businessLine: line.id,
          tier: mod.tier,
          volume: mod.volume,
          dependsOn: [...svc.dependsOn],
          aliases: [...svc.aliases],
          escalationPolicy: svc.escalationPolicy ?? null,
        });
      }
    }
  }
  for (const svc of services.values()) {
    for (const alias of svc.aliases) if (!aliases.has(alias)) aliases.set(alias, svc);
  }

  for (const team of config.teams) {
    if (teams.has(team.id)) continue;
    const byEmail = new Map(team.members.map((m) => [m.email.toLowerCase(), m] as const));
    const oncall: MemberConfig[] = [];
    for (const email of team.oncall) {
      const member = byEmail.get(email.toLowerCase());
      if (member && !oncall.includes(member)) oncall.push(member);
    }
    teams.set(team.id, {
      id: team.id,
      name: team.name ?? team.id,
      members: [...team.members],
      oncall,
      escalationPolicy: team.escalationPolicy ?? null,
    });
  }

  const serviceList = [...services.values()];
  const moduleList = [...modules.values()];
  const teamList = [...teams.values()];
  return {
    service: (id) => services.get(id),
    resolveService: (value) => services.get(value) ?? aliases.get(value),
    services: () => serviceList,
    module: (id) => modules.get(id),
    modules: () => moduleList,
    team: (id) => teams.get(id),
    teams: () => teamList,
    businessLine: (id) => lines.get(id),
  };
}
