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
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconMailForward, IconTrash, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTeamInvitations, useTeamMembers } from '../api/people.ts';
import { usePersonName } from './use-person-name.ts';
import { RelativeTime } from '../ui/time.tsx';
import { errorMessage } from '../ui/states.tsx';
import { TeamPolicy } from './team-policy.tsx';

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

/**
 * Invite someone to the team (they accept or decline in their console); an admin may also add them at once,
 * without asking — a team manager may not (docs/security.md "Who can change whom").
 */
function AddMember({
  actions,
  people,
  isAdmin,
}: {
  actions: ReturnType<typeof useTeamMembers>;
  people: string[];
  isAdmin: boolean;
}) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<TeamRoleName>('responder');
  const done = { onSuccess: () => setEmail('') };
  return (
    <Group
      align="flex-end"
      mt="sm"
      component="form"
      aria-label="Add member"
      onSubmit={(e) => {
        e.preventDefault();
        actions.invite.mutate({ email: email.trim(), role }, done);
      }}
    >
      <Autocomplete
        label="Invite member"
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
      <Tooltip label="They are emailed and join once they accept">
        <Button
          type="submit"
          disabled={!email.trim()}
          loading={actions.invite.isPending}
          leftSection={<IconMailForward size={14} aria-hidden />}
        >
          Invite
        </Button>
      </Tooltip>
      {isAdmin && (
        <Tooltip label="Admins only: adds them now, without asking (audited)">
          <Button
            variant="default"
            disabled={!email.trim()}
            loading={actions.add.isPending}
            leftSection={<IconUserPlus size={14} aria-hidden />}
            onClick={() => actions.add.mutate({ email: email.trim(), role }, done)}
          >
            Add directly
          </Button>
        </Tooltip>
      )}
    </Group>
  );
}

/** The team's pending invitations; those who manage the team cancel them. */
function PendingInvitations({
  team,
  canManage,
  actions,
}: {
  team: string;
  canManage: boolean;
  actions: ReturnType<typeof useTeamMembers>;
}) {
  const invitations = useTeamInvitations(team);
  const name = usePersonName();
  if (!invitations.data?.length) return null;
  return (
    <Stack gap={4} mt="sm" aria-label="Pending invitations" component="section">
      <Text size="xs" fw={600} c="dimmed" tt="uppercase">
        Invited, not yet accepted
      </Text>
      {invitations.data.map((inv) => (
        <Group key={inv.id} gap="xs" justify="space-between" data-testid="invitation-row" data-email={inv.email}>
          <Text size="sm">
            {inv.name}{' '}
            <Text span size="xs" c="dimmed">
              {inv.email} · {inv.role} · by {name(inv.invitedBy)} · expires{' '}
              <RelativeTime value={inv.expiresAt} size="xs" c="dimmed" />
            </Text>
          </Text>
          {canManage && (
            <Button
              size="compact-xs"
              variant="subtle"
              color="red"
              aria-label={`Cancel the invitation of ${inv.email}`}
              loading={actions.cancelInvitation.isPending && actions.cancelInvitation.variables === inv.id}
              onClick={() => actions.cancelInvitation.mutate(inv.id)}
            >
              Cancel
            </Button>
          )}
        </Group>
      ))}
    </Stack>
  );
}

/**
 * One team: its escalation policy, its members and their roles, and its pending invitations. Those who
 * manage the team link a policy, invite, re-role and remove members; an admin may also add someone directly.
 */
export function TeamCard({
  team,
  canManage,
  isAdmin,
  people,
}: {
  team: TeamView;
  canManage: boolean;
  isAdmin: boolean;
  people: string[];
}) {
  const actions = useTeamMembers(team.id);
  const failure = [actions.invite, actions.add, actions.setRole, actions.remove, actions.cancelInvitation].find(
    (m) => m.isError,
  );
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
      <TeamPolicy team={team} canManage={canManage} />
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
      <PendingInvitations team={team.id} canManage={canManage} actions={actions} />
      {canManage && (
        <AddMember
          actions={actions}
          isAdmin={isAdmin}
          people={people.filter((p) => !team.members.some((m) => m.email === p))}
        />
      )}
    </Card>
  );
}
