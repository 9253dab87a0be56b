import type { UserInvited, UserView } from '@faultline/contracts';
import { Alert, Button, Card, Group, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiFetch } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';
import { useUpdateUser } from '../api/people.ts';
import { fieldErrors } from '../oncall/field-errors.ts';
import { formatAbsolute } from '../ui/format-time.ts';
import { errorMessage } from '../ui/states.tsx';

/** "Change password" on one's own profile: the new one twice; the server ends one's other sessions. */
function ChangePassword({ user }: { user: UserView }) {
  const update = useUpdateUser(user.id);
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const errors = fieldErrors(update.error);
  const mismatch = again !== '' && again !== password ? 'the two passwords differ' : undefined;
  return (
    <Stack
      gap="sm"
      component="form"
      aria-label="Change password"
      onSubmit={(e) => {
        e.preventDefault();
        if (!mismatch && password)
          update.mutate(
            { password },
            {
              onSuccess: () => {
                setPassword('');
                setAgain('');
              },
            },
          );
      }}
    >
      <Group grow align="flex-start">
        <PasswordInput
          label={user.hasPassword ? 'New password' : 'Password'}
          description="At least 12 characters"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={errors.get('password')}
        />
        <PasswordInput
          label="The same password again"
          autoComplete="new-password"
          value={again}
          onChange={(e) => setAgain(e.currentTarget.value)}
          error={mismatch}
        />
      </Group>
      {update.isSuccess && (
        <Text size="sm" c="green" data-testid="password-changed">
          Password changed; your other sessions are signed out.
        </Text>
      )}
      {update.isError && errors.size === 0 && (
        <Alert color="red" variant="light" role="alert">
          {errorMessage(update.error)}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button type="submit" loading={update.isPending} disabled={!password || again !== password}>
          {user.hasPassword ? 'Change password' : 'Set password'}
        </Button>
      </Group>
    </Stack>
  );
}

/** An admin emails someone a link to set their password (an invitation; it replaces earlier links). */
function SendLink({ user }: { user: UserView }) {
  const queryClient = useQueryClient();
  const invite = useMutation({
    mutationFn: () => apiFetch<UserInvited>(`/users/${user.id}/invite`, { method: 'POST' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.people.all }),
  });
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {user.hasPassword ? 'Signs in with a password.' : 'Has no password yet.'} Email {user.email} a link to set one
          (it works once, for 7 days).
        </Text>
        <Button size="xs" variant="default" loading={invite.isPending} onClick={() => invite.mutate()}>
          Email a set-password link
        </Button>
      </Group>
      {invite.isSuccess && (
        <Text size="sm" c="green" data-testid="password-link-sent">
          Sent; the link works until {formatAbsolute(invite.data.expiresAt)}.
        </Text>
      )}
      {invite.isError && (
        <Alert color="red" variant="light" role="alert">
          {errorMessage(invite.error)}
        </Alert>
      )}
    </Stack>
  );
}

/** Password: change one's own, or (an admin, for someone else) email them a link to set one. */
export function PasswordCard({ user, self, isAdmin }: { user: UserView; self: boolean; isAdmin: boolean }) {
  if (!self && !isAdmin) return null;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="password-heading">
      <Title order={2} size="h4" id="password-heading" mb="sm">
        Password
      </Title>
      {self ? <ChangePassword user={user} /> : <SendLink user={user} />}
    </Card>
  );
}
