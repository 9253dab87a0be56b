import { Alert, Button, Group, Modal, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useCreateTeam, usePermissions, useTeams, useUsers } from '../api/people.ts';
import { fieldErrors } from '../oncall/field-errors.ts';
import { PageShell } from '../oncall/page-shell.tsx';
import { ErrorState, errorMessage, LoadingState } from '../ui/states.tsx';
import { TeamCard } from './team-card.tsx';

function NewTeamButton() {
  const [open, setOpen] = useState(false);
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const create = useCreateTeam();
  const errors = fieldErrors(create.error);
  return (
    <>
      <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setOpen(true)}>
        New team
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title="New team">
        <Stack
          component="form"
          aria-label="New team"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ id: id.trim(), name: name.trim() }, { onSuccess: () => setOpen(false) });
          }}
        >
          <TextInput
            label="Team id"
            description="Lowercase letters, digits and dashes"
            value={id}
            onChange={(e) => setId(e.currentTarget.value)}
            error={errors.get('id')}
            required
          />
          <TextInput
            label="Team name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.get('name')}
            required
          />
          {create.isError && errors.size === 0 && (
            <Alert color="red" variant="light" role="alert">
              {errorMessage(create.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              Create team
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/**
 * `/people/teams`: every team the caller may read, with members, roles and pending invitations; managers
 * invite, re-role and remove; admins may also add directly.
 */
export function TeamsPage() {
  const teams = useTeams();
  const users = useUsers();
  const { can } = usePermissions();
  const people = (users.data ?? []).map((u) => u.email).sort();
  return (
    <PageShell
      section="people"
      title="Teams"
      description="Team roles add to a person's server-wide role for the team's incidents, schedules and policies."
      actions={can('oncall:write') && <NewTeamButton />}
    >
      {teams.isPending ? (
        <LoadingState label="Loading teams…" />
      ) : teams.isError ? (
        <ErrorState title="Cannot load teams" error={teams.error} onRetry={() => void teams.refetch()} />
      ) : teams.data.length === 0 ? (
        <Text c="dimmed">No teams yet.</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          {teams.data.map((t) => (
            <TeamCard
              key={t.id}
              team={t}
              canManage={can('oncall:write', t.id)}
              isAdmin={can('people:admin')}
              people={people}
            />
          ))}
        </SimpleGrid>
      )}
    </PageShell>
  );
}
