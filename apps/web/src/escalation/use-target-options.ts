import { useEscalationPolicies, useSchedules } from '../api/oncall.ts';
import { useTeams } from '../api/people.ts';
import { useDirectory } from '../oncall/use-directory.ts';
import type { TargetKind } from './policy-draft.ts';

/**
 * Suggestions for the policy editor: people, schedules, teams and channels already named somewhere (the
 * policies' own channel targets), and policy ids for the hand-off. Typed values not in a list are still
 * accepted; the server says if one is unknown.
 */
export function useTargetOptions() {
  const directory = useDirectory();
  const schedules = useSchedules();
  const teams = useTeams();
  const policies = useEscalationPolicies();
  const channels = new Set<string>();
  for (const policy of policies.data ?? []) {
    for (const step of policy.steps) for (const t of step.targets) if ('channel' in t) channels.add(t.channel);
  }
  const options: Record<TargetKind, string[]> = {
    user: directory.people,
    schedule: (schedules.data ?? []).map((s) => s.id),
    team: (teams.data ?? []).map((t) => t.id),
    channel: [...channels].sort(),
  };
  return { options, policies: (policies.data ?? []).map((p) => p.id), editableTeams: directory.teams };
}
