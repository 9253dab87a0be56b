import type { IncidentDetail } from '@faultline/contracts';
import { Alert, Anchor, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { ReactNode } from 'react';
import { RelativeTime } from '../ui/time.tsx';
import { LevelBadges } from './level-badge.tsx';
import { StatusBadge } from './status-badge.tsx';
import { PostmortemOverdueBadge } from '../postmortem/overdue-badge.tsx';
import { NoiseBadge } from './noise.tsx';
import { lastBy } from './timeline-view.ts';
import { usePersonName } from '../people/use-person-name.ts';
import { useT } from '../i18n/index.ts';
import { NO_VALUE } from '../ui/punctuation.ts';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

/** Title, state, levels, ownership and key times of an incident; `action` goes top right. */
export function IncidentHeader({ incident, action }: { incident: IncidentDetail; action: ReactNode }) {
  const t = useT();
  const acknowledged = lastBy(incident.timeline, 'acknowledged');
  const name = usePersonName();
  const resolved = lastBy(incident.timeline, 'resolved');
  return (
    <Paper withBorder p="lg" data-testid="incident-header">
      <Stack gap="md">
        {incident.drill && (
          <Alert color="grape" variant="filled" title={t('console.drill.badge')} data-testid="drill-banner">
            {t('console.drill.banner')}
            <Anchor ml={4} component={Link} to={`/drills/${incident.id}`} c="white" td="underline">
              {t('console.drill.report')}
            </Anchor>
          </Alert>
        )}
        <Group justify="space-between" align="flex-start" gap="md">
          <Stack gap={6} style={{ flex: '1 1 320px', minWidth: 0 }}>
            <Text size="sm" c="dimmed">
              {t('console.tab.incident', { id: incident.id })}
            </Text>
            <Title order={1} size="h2" data-testid="incident-title">
              {incident.title}
            </Title>
            <Group gap="xs">
              <StatusBadge status={incident.status} size="md" />
              <LevelBadges levels={incident.levels} risk={incident.risk} size="md" />
              <PostmortemOverdueBadge incident={incident} size="md" />
              <NoiseBadge incident={incident} size="md" />
            </Group>
          </Stack>
          {action}
        </Group>
        <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="md">
          <Fact label={t('console.incident.service')}>
            <span data-i18n-value>{incident.service ?? NO_VALUE}</span>
          </Fact>
          <Fact label={t('console.incident.team')}>
            <span data-i18n-value>{incident.team ?? NO_VALUE}</span>
          </Fact>
          <Fact label={t('console.incident.opened')}>
            <RelativeTime value={incident.createdAt} size="sm" />
          </Fact>
          <Fact label={t('console.incident.acknowledged')}>
            <RelativeTime value={incident.acknowledgedAt} size="sm" />
            {acknowledged && (
              <Text size="xs" c="dimmed" data-testid="acknowledged-by">
                {t('console.incident.by', { name: name(acknowledged.actor) })}
              </Text>
            )}
          </Fact>
          <Fact label={t('console.incident.mitigated')}>
            <RelativeTime value={incident.mitigatedAt} size="sm" />
          </Fact>
          {resolved && (
            <Fact label={t('console.incident.resolved')}>
              <RelativeTime value={resolved.at} size="sm" />
              <Text size="xs" c="dimmed" data-testid="resolved-by">
                {t('console.incident.by', { name: name(resolved.actor) })}
              </Text>
            </Fact>
          )}
          <Fact label={t('console.incident.lastUpdate')}>
            <RelativeTime value={incident.updatedAt} size="sm" />
          </Fact>
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}
