import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { OncallNav, PeopleNav } from './section-nav.tsx';

/**
 * The frame of an on-call or people page: the section's links, a title with an optional description and
 * actions on the right, then the content.
 */
export function PageShell({
  section,
  title,
  description,
  actions,
  children,
}: {
  section: 'oncall' | 'people';
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Stack gap="md" maw={1400} mx="auto">
      {section === 'oncall' ? <OncallNav /> : <PeopleNav />}
      <Group justify="space-between" align="flex-end" gap="md">
        <Stack gap={4}>
          <Title order={1} size="h2">
            {title}
          </Title>
          {description && (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          )}
        </Stack>
        {actions && <Group gap="sm">{actions}</Group>}
      </Group>
      {children}
    </Stack>
  );
}
