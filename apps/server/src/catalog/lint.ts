/**
 * The catalog's config lint: business line, module and service ids unique across the catalog; a service's
 * team defined; dependencies known and not on the service itself; aliases that never route (another
 * service's id, or another service's alias declared first); and warnings for a service nobody would be
 * paged for and a team that owns no service.
 */
import type { ConfigProblem, FaultlineConfig } from '../kernel/index.ts';
import { oncallMembers } from '../people/index.ts';

/** Lints the `catalog` section against the teams. Never throws. */
export function lintCatalog(config: FaultlineConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const error = (path: string, message: string): void => void problems.push({ path, message, severity: 'error' });
  const warn = (path: string, message: string): void => void problems.push({ path, message, severity: 'warning' });
  const teams = new Map<string, FaultlineConfig['teams'][number]>();
  for (const team of config.teams) if (!teams.has(team.id)) teams.set(team.id, team);

  // Catalog ids: business lines, then modules and services, each unique across the whole catalog.
  const firstLine = new Map<string, string>();
  const firstModule = new Map<string, string>();
  const firstService = new Map<string, string>();
  const services: Array<{
    path: string;
    svc: FaultlineConfig['catalog']['businessLines'][number]['modules'][number]['services'][number];
  }> = [];
  config.catalog.businessLines.forEach((line, i) => {
    const lp = `catalog.businessLines.${i}`;
    dup(firstLine, line.id, `${lp}.id`, 'business line');
    line.modules.forEach((mod, j) => {
      const mp = `${lp}.modules.${j}`;
      dup(firstModule, mod.id, `${mp}.id`, 'module');
      mod.services.forEach((svc, k) => {
        const sp = `${mp}.services.${k}`;
        dup(firstService, svc.id, `${sp}.id`, 'service');
        services.push({ path: sp, svc });
      });
    });
  });

  function dup(seen: Map<string, string>, id: string, path: string, what: string): void {
    const at = seen.get(id);
    if (at)
      error(path, `duplicate ${what} id "${id}" (first defined at ${at}); ${what} ids are unique across the catalog`);
    else seen.set(id, path.replace(/\.id$/, ''));
  }

  // Services: team, dependencies, aliases.
  const aliasOwner = new Map<string, string>();
  const ownedTeams = new Set<string>();
  for (const { path, svc } of services) {
    ownedTeams.add(svc.team);
    const team = teams.get(svc.team);
    if (!team) {
      error(`${path}.team`, `service "${svc.id}" names team "${svc.team}", which is not defined under teams`);
    } else if (
      team.escalationPolicy === undefined &&
      svc.escalationPolicy === undefined &&
      oncallMembers(team).length === 0
    ) {
      warn(`${path}.team`, `nobody would be paged for service "${svc.id}": its team "${svc.team}" has nobody on call`);
    }
    svc.dependsOn.forEach((dep, m) => {
      if (dep === svc.id) error(`${path}.dependsOn.${m}`, `service "${svc.id}" depends on itself`);
      else if (!firstService.has(dep))
        error(`${path}.dependsOn.${m}`, `service "${svc.id}" depends on unknown service "${dep}"`);
    });
    svc.aliases.forEach((alias, m) => {
      const ap = `${path}.aliases.${m}`;
      if (alias === svc.id) return;
      if (firstService.has(alias)) {
        warn(
          ap,
          `alias "${alias}" of service "${svc.id}" is the id of another service, which wins: the alias never routes here`,
        );
      } else if (aliasOwner.has(alias) && aliasOwner.get(alias) !== svc.id) {
        warn(
          ap,
          `alias "${alias}" of service "${svc.id}" is also an alias of service "${aliasOwner.get(alias)}", which is declared first and wins`,
        );
      } else aliasOwner.set(alias, svc.id);
    });
  }

  const firstTeam = new Map<string, number>();
  config.teams.forEach((team, i) => {
    if (firstTeam.has(team.id)) return; // a duplicate: people's lint reports it
    firstTeam.set(team.id, i);
    if (!ownedTeams.has(team.id)) warn(`teams.${i}`, `team "${team.id}" owns no service`);
  });
  return problems;
}
