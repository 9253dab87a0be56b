import type { SessionInfo } from '@faultline/contracts';
import { ActionIcon, Button, Group, Text } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import { useSignOut } from '../api/session.ts';
import { useUser } from '../api/people.ts';
import { useT } from '../i18n/index.ts';
import { roleLabel } from '../people/role-words.ts';

/** Who is signed in — a person by name (their email on hover), a token by its name — and a sign-out button. */
export function SessionMenu({ session }: { session: SessionInfo }) {
  const t = useT();
  const signOut = useSignOut();
  // Only a person has a user record: a token's /users/me would be a 404.
  const me = useUser('me', session.userId != null);
  const onSignOut = (): void => signOut.mutate();
  return (
    <Group gap="sm" wrap="nowrap">
      <Text size="sm" visibleFrom="sm" data-testid="session-name" title={session.name} style={{ whiteSpace: 'nowrap' }}>
        {t('console.session.who', { name: me.data?.name ?? session.name, role: roleLabel(session.role, t) })}
      </Text>
      <Button
        variant="subtle"
        size="compact-sm"
        visibleFrom="sm"
        leftSection={<IconLogout size={16} aria-hidden />}
        loading={signOut.isPending}
        onClick={onSignOut}
      >
        {t('console.session.signOut')}
      </Button>
      <ActionIcon
        variant="subtle"
        hiddenFrom="sm"
        aria-label={t('console.session.signOut')}
        loading={signOut.isPending}
        onClick={onSignOut}
      >
        <IconLogout size={18} aria-hidden />
      </ActionIcon>
    </Group>
  );
}
