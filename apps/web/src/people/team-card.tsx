import type { TeamMemberView, TeamRoleName, TeamView } from '@faultline/contracts';
import {
  ActionIcon,
  Alert,
  Autocomplete,
  Badge,
  Button,
  Card,
  Group,
  Select,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconTrash, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTeamMembers } from '../api/people.ts';
import { errorMessage } from '../ui/states.tsx';

const TEAM_ROLES: TeamRoleName[] = ['stakeholder', 'viewer', 'responder', 'manager'];

function MemberRow({
  member,
  canManage,
  actions,
}: {
  member: TeamMemberView;
  canManage: boolean;
  actions: ReturnType<typeof useTeamMembers>;
}) {
  const fromConfig = member.source === 'config';
  return (
    <Table.Tr data-testid="member-row" data-email={member.email}>
      <Table.Td>
        <Text component={Link} to={`/people/users/${member.userId}`} size="sm" fw={500} c="inherit">
          {member.name}
        </Text>
        <Text size="xs" c="dimmed">
          {member.email}
        </Text>
      </Table.Td>
      <Table.Td w={180}>
        {canManage && !fromConfig ? (
          <Select
            aria-label={`Role of ${member.email}`}
            size="xs"
            data={TEAM_ROLES}
            value={member.role}
            onChange={(role) => role && actions.setRole.mutate({ userId: member.userId, role: role as TeamRoleName })}
            allowDeselect={false}
          />
        ) : (
          <Text size="sm">{member.role}</Text>
        )}
      </Table.Td>
      <Table.Td w={110}>
        {fromConfig ? (
          <Tooltip label="From the config file: change it there">
            <Badge size="xs" variant="light" color="gray">
              config
            </Badge>
          </Tooltip>
        ) : null}
      </Table.Td>
      <Table.Td w={40}>
        {canManage && !fromConfig && (
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Remove ${member.email} from the team`}
            onClick={() => actions.remove.mutate(member.userId)}
          >
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function AddMember({ actions, people }: { actions: ReturnType<typeof useTeamMembers>; people: string[] }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<TeamRoleName>('responder');
  return (
    <Group
      align="flex-end"
      mt="sm"
      component="form"
      aria-label="Add member"
      onSubmit={(e) => {
        e.preventDefault();
        actions.add.mutate({ email: email.trim(), role }, { onSuccess: () => setEmail('') });
      }}
    >
      <Autocomplete
        label="Add member"
        placeholder="email"
        data={people}
        value={email}
        onChange={setEmail}
        style={{ flex: 1 }}
      />
      <Select
        label="Team role"
        w={150}
        data={TEAM_ROLES}
        value={role}
        onChange={(r) => r && setRole(r as TeamRoleName)}
        allowDeselect={false}
      />
      <Button
        type="submit"
        disabled={!email.trim()}
        loading={actions.add.isPending}
        leftSection={<IconUserPlus size={14} aria-hidden />}
      >
        Add
      </Button>
    </Group>
  );
}

/** One team: its members and their roles; those who manage the team add, re-role and remove members. */
export function TeamCard({ team, canManage, people }: { team: TeamView; canManage: boolean; people: string[] }) {
  const actions = useTeamMembers(team.id);
  const failure = [actions.add, actions.setRole, actions.remove].find((m) => m.isError);
  const headingId = `team-${team.id}`;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={headingId} data-testid="team-card">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id={headingId}>
          {team.name}
        </Title>
        <Text size="xs" c="dimmed" ff="monospace">
          {team.id} · {team.source}
        </Text>
      </Group>
      {failure && (
        <Alert color="red" variant="light" role="alert" mb="xs" withCloseButton onClose={() => failure.reset()}>
          {errorMessage(failure.error)}
        </Alert>
      )}
      {team.members.length === 0 ? (
        <Text size="sm" c="dimmed">
          No members.
        </Text>
      ) : (
        <Table aria-labelledby={headingId} verticalSpacing={4}>
          <Table.Tbody>
            {team.members.map((m) => (
              <MemberRow key={m.userId} member={m} canManage={canManage} actions={actions} />
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canManage && (
        <AddMember actions={actions} people={people.filter((p) => !team.members.some((m) => m.email === p))} />
      )}
    </Card>
  );
}
