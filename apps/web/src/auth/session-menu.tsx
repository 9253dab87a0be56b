import type { SessionInfo } from '@faultline/contracts';
import { ActionIcon, Button, Group, Text } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import { useSignOut } from '../api/session.ts';
import { useUser } from '../api/people.ts';

/** Who is signed in — a person by name (their email on hover), a token by its name — and a sign-out button. */
export function SessionMenu({ session }: { session: SessionInfo }) {
  const signOut = useSignOut();
  // Only a person has a user record: a token's /users/me would be a 404.
  const me = useUser('me', session.userId != null);
  const onSignOut = (): void => signOut.mutate();
  return (
    <Group gap="sm" wrap="nowrap">
      <Text size="sm" visibleFrom="sm" data-testid="session-name" title={session.name}>
        {me.data?.name ?? session.name}{' '}
        <Text span c="dimmed" size="sm">
          ({session.role})
        </Text>
      </Text>
      <Button
        variant="subtle"
        size="compact-sm"
        visibleFrom="sm"
        leftSection={<IconLogout size={16} aria-hidden />}
        loading={signOut.isPending}
        onClick={onSignOut}
      >
        Sign out
      </Button>
      <ActionIcon
        variant="subtle"
        hiddenFrom="sm"
        aria-label="Sign out"
        loading={signOut.isPending}
        onClick={onSignOut}
      >
        <IconLogout size={18} aria-hidden />
      </ActionIcon>
    </Group>
  );
}
