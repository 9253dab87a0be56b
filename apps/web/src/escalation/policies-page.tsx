import type { EscalationPolicyView } from '@faultline/contracts';
import { Anchor, Button, Card, List, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useEscalationPolicies } from '../api/oncall.ts';
import { usePermissions } from '../api/people.ts';
import { PageShell } from '../oncall/page-shell.tsx';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { targetLabel } from './target-label.ts';
import { usePersonName } from '../people/use-person-name.ts';

function PolicyRow({ policy }: { policy: EscalationPolicyView }) {
  const name = usePersonName();
  return (
    <Table.Tr data-testid="policy-row" style={{ verticalAlign: 'top' }}>
      <Table.Td>
        <Anchor component={Link} to={`/oncall/policies/${encodeURIComponent(policy.id)}`} fw={500} size="sm">
          {policy.name}
        </Anchor>
        <Text size="xs" c="dimmed" ff="monospace">
          {policy.id}
        </Text>
      </Table.Td>
      <Table.Td>
        <List size="sm" type="ordered" spacing={2}>
          {policy.steps.map((s, i) => (
            <List.Item key={i}>
              {i === 0 ? 'at once' : `+${s.delayMinutes} min`}: {s.targets.map((t) => targetLabel(t, name)).join(', ')}
              {s.teamMode === 'round-robin' && s.targets.some((t) => 'team' in t) ? ' (one in turn)' : ''}
              {s.minLevel ? ` (only at ${s.minLevel} or more severe)` : ''}
            </List.Item>
          ))}
        </List>
      </Table.Td>
      <Table.Td>{policy.repeat === 0 ? 'no' : `${policy.repeat}×`}</Table.Td>
      <Table.Td>
        {policy.handoffTo ?? (
          <Text span c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {policy.teams.length || policy.services.length ? (
          [...policy.teams, ...policy.services.map((s) => `service ${s}`)].join(', ')
        ) : (
          <Text span c="orange" size="sm">
            no team or service uses it
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** `/oncall/policies`: escalation policies with their steps, repeats, hand-off and the teams that use them. */
export function PoliciesPage() {
  const policies = useEscalationPolicies();
  const { canSomewhere } = usePermissions();
  return (
    <PageShell
      section="oncall"
      title="Escalation policies"
      description="Steps page their targets until someone acknowledges; open one to see or edit it."
      actions={
        canSomewhere('oncall:write') && (
          <Button component={Link} to="/oncall/policies/new" leftSection={<IconPlus size={16} aria-hidden />}>
            New policy
          </Button>
        )
      }
    >
      {policies.isPending ? (
        <LoadingState label="Loading policies…" />
      ) : policies.isError ? (
        <ErrorState title="Cannot load policies" error={policies.error} onRetry={() => void policies.refetch()} />
      ) : policies.data.length === 0 ? (
        <Text c="dimmed">No escalation policies yet.</Text>
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={760}>
            <Table aria-label="Escalation policies" verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Policy</Table.Th>
                  <Table.Th>Steps</Table.Th>
                  <Table.Th>Repeat</Table.Th>
                  <Table.Th>Hand-off</Table.Th>
                  <Table.Th>Used by</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {policies.data.map((p) => (
                  <PolicyRow key={p.id} policy={p} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </PageShell>
  );
}
