import type { UserView } from '@faultline/contracts';
import { Anchor, Badge, Card, Group, Table, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { usePermissions, useUsers } from '../api/people.ts';
import { PageShell } from '../oncall/page-shell.tsx';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { NewUserButton } from './new-user-button.tsx';

function UserRow({ user }: { user: UserView }) {
  return (
    <Table.Tr data-testid="user-row" data-email={user.email}>
      <Table.Td>
        <Anchor component={Link} to={`/people/users/${user.id}`} size="sm" fw={500}>
          {user.name}
        </Anchor>
        <Text size="xs" c="dimmed">
          {user.email}
        </Text>
      </Table.Td>
      <Table.Td>{user.role}</Table.Td>
      <Table.Td>
        <Group gap={4}>
          {user.teams.map((t) => (
            <Badge key={t.team} variant="light" tt="none" size="sm">
              {t.team} · {t.role}
            </Badge>
          ))}
        </Group>
      </Table.Td>
      <Table.Td>{user.timeZone}</Table.Td>
      <Table.Td>
        {user.disabled ? (
          <Badge color="red" variant="light" size="sm">
            disabled
          </Badge>
        ) : (
          <Text size="xs" c="dimmed">
            {user.source}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** `/people/users`: everyone, with role, teams and zone; admins can add a person. */
export function UsersPage() {
  const users = useUsers();
  const { can } = usePermissions();
  const [query, setQuery] = useState('');
  const q = query.trim().toLowerCase();
  const shown = (users.data ?? []).filter(
    (u) => !q || u.name.toLowerCase().includes(q) || u.email.toLowerCase().includes(q),
  );
  return (
    <PageShell
      section="people"
      title="Users"
      actions={
        <>
          <TextInput
            aria-label="Find a person"
            placeholder="Find by name or email"
            leftSection={<IconSearch size={14} aria-hidden />}
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
          />
          {can('people:admin') && <NewUserButton />}
        </>
      }
    >
      {users.isPending ? (
        <LoadingState label="Loading users…" />
      ) : users.isError ? (
        <ErrorState title="Cannot load users" error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={720}>
            <Table aria-label="Users" verticalSpacing="xs" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Person</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Teams</Table.Th>
                  <Table.Th>Time zone</Table.Th>
                  <Table.Th>Account</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((u) => (
                  <UserRow key={u.id} user={u} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </PageShell>
  );
}
