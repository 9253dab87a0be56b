import { AppShell, Anchor, Burger, Drawer, Group, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconActivityHeartbeat } from '@tabler/icons-react';
import { useEffect, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { MainNav } from './main-nav.tsx';
import { useT } from '../i18n/index.ts';

/**
 * The console's frame: a header with the product name, navigation and a right-hand slot, then the page. Below
 * 48em (a phone) the navigation is a menu button opening a drawer with every section, instead of a row that
 * scrolls sideways with some sections out of sight.
 */
export function AppFrame({ right, children }: { right: ReactNode; children: ReactNode }) {
  const [menu, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const t = useT();
  useEffect(close, [location.pathname, close]);
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="md" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger
              opened={menu}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t(menu ? 'console.shell.menu.close' : 'console.shell.menu.open')}
              data-testid="nav-menu-button"
            />
            <Anchor component={Link} to="/incidents" underline="never" c="inherit" aria-label={t('console.shell.home')}>
              <Group gap={8} wrap="nowrap">
                <IconActivityHeartbeat size={22} color="var(--mantine-color-red-6)" aria-hidden />
                <Text fw={700} size="lg" visibleFrom="sm">
                  {t('console.shell.product')}
                </Text>
              </Group>
            </Anchor>
            <MainNav visibleFrom="sm" />
          </Group>
          {/* The right-hand slot keeps its size (longer words in another language included); the links scroll. */}
          <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
            {right}
          </Group>
        </Group>
      </AppShell.Header>
      <Drawer
        opened={menu}
        onClose={close}
        size="xs"
        title={t('console.shell.product')}
        hiddenFrom="sm"
        data-testid="nav-drawer"
      >
        <MainNav vertical />
      </Drawer>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
