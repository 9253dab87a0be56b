import { AppShell, Anchor, Group, Text } from '@mantine/core';
import { IconActivityHeartbeat } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { MainNav } from './main-nav.tsx';

/** The console's frame: a header with the product name, navigation and a right-hand slot, then the page. */
export function AppFrame({ right, children }: { right: ReactNode; children: ReactNode }) {
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="md" wrap="nowrap" style={{ minWidth: 0 }}>
            <Anchor component={Link} to="/incidents" underline="never" c="inherit" aria-label="Faultline home">
              <Group gap={8} wrap="nowrap">
                <IconActivityHeartbeat size={22} color="var(--mantine-color-red-6)" aria-hidden />
                <Text fw={700} size="lg" visibleFrom="sm">
                  Faultline
                </Text>
              </Group>
            </Anchor>
            <MainNav />
          </Group>
          <Group gap="sm" wrap="nowrap">
            {right}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
