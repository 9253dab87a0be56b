/**
 * People's config lint: team ids unique, members listed once with a known IANA time zone, on-call responders
 * among the members, and a warning for a team with nobody on call and no escalation policy.
 */
import type { ConfigProblem, FaultlineConfig } from '../kernel/index.ts';
import { isValidTimeZone } from '../lib/index.ts';

/** Lints the `teams` section. Never throws. */
export function lintPeople(config: FaultlineConfig): ConfigProblem[] {
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

  // Teams: members, on-call responders, time zones, use.
  config.teams.forEach((team, i) => {
    const tp = `teams.${i}`;
    const emails = new Set<string>();
    team.members.forEach((member, j) => {
      const email = member.email.toLowerCase();
      if (emails.has(email))
        warn(`${tp}.members.${j}.email`, `"${member.email}" is listed twice among the members of team "${team.id}"`);
      emails.add(email);
      if (!isValidTimeZone(member.timeZone)) {
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
  });
  return problems;
}

/** The team's on-call emails that are among its members. */
export function oncallMembers(team: FaultlineConfig['teams'][number]): string[] {
  const members = new Set(team.members.map((m) => m.email.toLowerCase()));
  return team.oncall.filter((e) => members.has(e.toLowerCase()));
}
