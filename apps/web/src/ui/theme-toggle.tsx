import { ActionIcon, Tooltip, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { IconMoon, IconSun } from '@tabler/icons-react';
import { useT } from '../i18n/index.ts';

/**
 * Switches the console between light and dark (the choice is kept in this browser; until one is made the
 * console follows the system's setting).
 */
export function ThemeToggle() {
  const t = useT();
  const { setColorScheme } = useMantineColorScheme();
  const current = useComputedColorScheme('light');
  const next = current === 'dark' ? 'light' : 'dark';
  return (
    <Tooltip label={t(next === 'dark' ? 'console.shell.theme.toDark' : 'console.shell.theme.toLight')} withArrow>
      <ActionIcon
        variant="subtle"
        color="gray"
        aria-label={t(next === 'dark' ? 'console.shell.theme.toDarkLabel' : 'console.shell.theme.toLightLabel')}
        onClick={() => setColorScheme(next)}
        data-testid="theme-toggle"
        data-scheme={current}
      >
        {current === 'dark' ? <IconSun size={18} aria-hidden /> : <IconMoon size={18} aria-hidden />}
      </ActionIcon>
    </Tooltip>
  );
}
