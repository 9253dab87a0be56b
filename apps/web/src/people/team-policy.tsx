import type { TeamView } from '@faultline/contracts';
import { Alert, Anchor, Group, Select, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useEscalationPolicies } from '../api/oncall.ts';
import { useLinkTeamPolicy } from '../api/people.ts';
import { errorMessage } from '../ui/states.tsx';

/**
 * The escalation policy a team's incidents are paged through. One the config file names is read-only here,
 * with a pointer to the file; otherwise the team's managers pick one (or none: the team's on-call list).
 */
export function TeamPolicy({ team, canManage }: { team: TeamView; canManage: boolean }) {
  const policies = useEscalationPolicies();
  const link = useLinkTeamPolicy();
  const current = team.escalationPolicy;
  const policyLink = (id: string) => (
    <Anchor component={Link} to={`/oncall/policies/${encodeURIComponent(id)}`} size="sm">
      {policies.data?.find((p) => p.id === id)?.name ?? id}
    </Anchor>
  );
  if (current?.source === 'config' || !canManage) {
    return (
      <Group gap={6} mb="xs" data-testid="team-policy" data-policy={current?.id ?? ''}>
        <Text size="sm" c="dimmed">
          Escalation policy:
        </Text>
        {current ? policyLink(current.id) : <Text size="sm">none — the team&apos;s on-call list is paged</Text>}
        {current?.source === 'config' && (
          <Text size="xs" c="dimmed">
            set in the config file (teams[].escalationPolicy); change it there
          </Text>
        )}
      </Group>
    );
  }
  return (
    <>
      <Select
        mb="xs"
        maw={360}
        size="xs"
        label="Escalation policy"
        description="Pages the team's incidents; none: the team's on-call list"
        placeholder="none"
        data-testid="team-policy"
        data-policy={current?.id ?? ''}
        data={(policies.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
        value={current?.id ?? null}
        onChange={(policy) => link.mutate({ team: team.id, policy })}
        clearable
        searchable
        disabled={link.isPending}
      />
      {link.isError && (
        <Alert color="red" variant="light" role="alert" mb="xs" withCloseButton onClose={() => link.reset()}>
          {errorMessage(link.error)}
        </Alert>
      )}
    </>
  );
}
