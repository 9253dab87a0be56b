import { usePermissions, useTeams, useUsers } from '../api/people.ts';

/**
 * People and teams to offer in pickers: every user's email the caller may list, plus `extra` (e.g. a
 * schedule's participants), sorted; and the teams on which the caller may edit on-call data. Lists the
 * caller may not read are simply empty (the pickers still accept typed values).
 */
export function useDirectory(extra: readonly string[] = []) {
  const users = useUsers();
  const teams = useTeams();
  const { can } = usePermissions();
  const people = [...new Set([...(users.data ?? []).map((u) => u.email), ...extra])].sort();
  const editableTeams = (teams.data ?? []).filter((t) => can('oncall:write', t.id)).map((t) => t.id);
  return { people, teams: editableTeams };
}
