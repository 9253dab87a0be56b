/**
 * Config lint: the checks zod cannot make because they cross-reference parts of the file (DESIGN §3, §4;
 * CONVENTIONS §4). Errors make the server refuse the file; warnings are printed and the file is used.
 * Every problem carries the dotted path of the value it is about; `checkConfigText` adds the YAML line.
 * The list of checks is in docs/configuration.md ("Lint checks").
 */
import type { FaultlineConfig } from './schema.ts';
import type { ConfigProblem } from './load.ts';
import { lintLevels } from './lint-levels.ts';
import { lintEscalation } from './lint-escalation.ts';
import { lintPhoneRouting } from '../notify/lint-routing.ts';
import { lintOutbound } from './lint-outbound.ts';

/**
 * Lints a config that passed the schema. Never throws.
 *
 * Errors: duplicate ids (business lines; modules and services across the whole catalog; teams; sequences;
 * rules; integration keys), a service's unknown team, an unknown or self `dependsOn`, an on-call email that
 * is not a member of the team, an unknown IANA time zone, an integration's unknown service or
 * fallbackService, the level-rule errors of `lintLevels` and the schedule, channel and escalation-policy
 * errors of `lintEscalation`, and the outbound errors of `lintOutbound` (a Prometheus URL with credentials).
 * Warnings: a team with nobody on call and no escalation policy, a service nobody would be paged for,
 * colliding aliases, a team that owns no service, a duplicate member, a fallbackService that is never used,
 * and the level-rule, escalation and outbound warnings (a URL outbound calls would refuse). `now` anchors the look-ahead for schedule gaps.
 */
export function lintConfig(config: FaultlineConfig, now: Date): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const error = (path: string, message: string): void => void problems.push({ path, message, severity: 'error' });
  const warn = (path: string, message: string): void => void problems.push({ path, message, severity: 'warning' });

  const teams = new Map<string, FaultlineConfig['teams'][number]>();
  const firstTeam = new Map<string, string>();
  config.teams.forEach((team, i) => {
    const at = firstTeam.get(team.id);
    if (at) error(`teams.${i}.id`, `duplicate team id "${team.id}" (first defined at ${at})`);
    else {
      firstTeam.set(team.id, `teams.${i}`);
      teams.set(team.id, team);
    }
  });

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
    } else if (team.escalationPolicy === undefined && oncallMembers(team).length === 0) {
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

  // Teams: members, on-call responders, time zones, use.
  config.teams.forEach((team, i) => {
    const tp = `teams.${i}`;
    const emails = new Set<string>();
    team.members.forEach((member, j) => {
      const email = member.email.toLowerCase();
      if (emails.has(email))
        warn(`${tp}.members.${j}.email`, `"${member.email}" is listed twice among the members of team "${team.id}"`);
      emails.add(email);
      if (!isTimeZone(member.timeZone)) {
        error(
          `${tp}.members.${j}.timeZone`,
          `unknown IANA time zone "${member.timeZone}" (e.g. Europe/Berlin, America/New_York, UTC)`,
        );
      }
    });
    team.oncall.forEach((email, j) => {
      if (!emails.has(email.toLowerCase())) {
        error(`${tp}.oncall.${j}`, `on-call "${email}" is not a member of team "${team.id}"; add them under members`);
      }
    });
    if (firstTeam.get(team.id) !== tp) return; // a duplicate: already reported
    if (team.escalationPolicy === undefined && oncallMembers(team).length === 0)
      warn(`${tp}.oncall`, `team "${team.id}" has nobody on call`);
    if (!ownedTeams.has(team.id)) warn(tp, `team "${team.id}" owns no service`);
  });

  // Integrations.
  const keys = new Map<string, string>();
  config.integrations.forEach((integ, i) => {
    const ip = `integrations.${i}`;
    const at = keys.get(integ.key);
    if (at) error(`${ip}.key`, `duplicate integration key (first defined at ${at})`);
    else keys.set(integ.key, ip);
    if (integ.service !== undefined && !firstService.has(integ.service)) {
      error(`${ip}.service`, `integration routes to unknown service "${integ.service}"`);
    }
    if (integ.fallbackService !== undefined) {
      if (!firstService.has(integ.fallbackService)) {
        error(`${ip}.fallbackService`, `fallbackService "${integ.fallbackService}" is not a service in the catalog`);
      } else if (integ.service !== undefined) {
        warn(
          `${ip}.fallbackService`,
          'fallbackService is only used with routeByLabel; this integration has a fixed service',
        );
      }
    }
  });

  // KPI watches: a known module, a service of that module, unique ids, somewhere to query.
  const moduleServices = new Map(
    config.catalog.businessLines.flatMap((l) => l.modules.map((m) => [m.id, m.services.map((x) => x.id)] as const)),
  );
  const firstWatch = new Map<string, string>();
  config.kpiWatches.forEach((w, i) => {
    const wp = `kpiWatches.${i}`;
    const at = firstWatch.get(w.id);
    if (at) error(`${wp}.id`, `duplicate KPI watch id "${w.id}" (first defined at ${at})`);
    else firstWatch.set(w.id, wp);
    const svcs = moduleServices.get(w.module);
    if (!svcs) error(`${wp}.module`, `unknown module "${w.module}"`);
    else if (w.service && !svcs.includes(w.service))
      error(`${wp}.service`, `service "${w.service}" is not in module ${w.module}`);
    else if (!w.service && svcs.length === 0)
      error(`${wp}.module`, `module ${w.module} has no service to open incidents on`);
    if (w.source === 'prometheus' && !config.prometheus)
      error(`${wp}.source`, 'a prometheus watch needs prometheus.url in the config');
  });

  problems.push(...lintLevels(config));
  problems.push(...lintEscalation(config, now));
  problems.push(...lintPhoneRouting(config));
  problems.push(...lintOutbound(config));
  return problems;
}

function oncallMembers(team: FaultlineConfig['teams'][number]): string[] {
  const members = new Set(team.members.map((m) => m.email.toLowerCase()));
  return team.oncall.filter((e) => members.has(e.toLowerCase()));
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
