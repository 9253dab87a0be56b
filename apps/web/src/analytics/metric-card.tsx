import type { MetricDefinition } from '@faultline/contracts';
import {
  ActionIcon,
  Anchor,
  Badge,
  Card,
  Group,
  List,
  Popover,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconDownload, IconInfoCircle } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';

/** A metric's dictionary entry, in words: formula, anchors, what it includes, excludes and needs. */
export function Definition({ metric }: { metric: MetricDefinition }) {
  return (
    <Stack gap={6} maw={460} data-testid={`definition-${metric.id}`}>
      <Text size="sm" fw={600}>
        {metric.name}{' '}
        <Text span c="dimmed" size="xs">
          ({metric.id})
        </Text>
      </Text>
      <Text size="sm">{metric.formula}</Text>
      <Text size="xs" c="dimmed">
        Anchors: {metric.anchors}
      </Text>
      <Text size="xs" fw={600}>
        Includes
      </Text>
      <List size="xs">
        {metric.includes.map((x) => (
          <List.Item key={x}>{x}</List.Item>
        ))}
      </List>
      <Text size="xs" fw={600}>
        Excludes
      </Text>
      <List size="xs">
        {metric.excludes.map((x) => (
          <List.Item key={x}>{x}</List.Item>
        ))}
      </List>
      <Text size="xs" c="dimmed">
        Needs: {metric.needs.join('; ')}
      </Text>
    </Stack>
  );
}

/** The ⓘ button that opens a metric's definition. */
export function DefinitionButton({ metric }: { metric: MetricDefinition | undefined }) {
  if (!metric) return null;
  return (
    <Popover width={480} position="bottom-start" withArrow shadow="md">
      <Popover.Target>
        <ActionIcon variant="subtle" size="sm" aria-label={`Definition of ${metric.name}`}>
          <IconInfoCircle size={16} />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Definition metric={metric} />
      </Popover.Dropdown>
    </Popover>
  );
}

/**
 * One chart of the review: its title, N, definition (ⓘ), a chart / table switch and the table's CSV. The
 * definition's formula is also printed under the title, so nothing is a click away from its meaning.
 */
export function MetricCard({
  id,
  title,
  metric,
  n,
  csv,
  chart,
  table,
  extra,
}: {
  id: string;
  title: string;
  metric: MetricDefinition | undefined;
  n: ReactNode;
  csv?: string | undefined;
  chart: ReactNode;
  table: ReactNode;
  extra?: ReactNode;
}) {
  const [view, setView] = useState<'chart' | 'table'>('chart');
  return (
    <Card withBorder padding="md" data-testid={`card-${id}`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
        <Stack gap={2}>
          <Group gap={6}>
            <Title order={4}>{title}</Title>
            <DefinitionButton metric={metric} />
            <Badge variant="light" color="gray" tt="none" data-testid={`n-${id}`}>
              {n}
            </Badge>
          </Group>
          {metric && (
            <Text size="xs" c="dimmed" maw={720}>
              {metric.formula}
            </Text>
          )}
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <SegmentedControl
            size="xs"
            value={view}
            onChange={(v) => setView(v as 'chart' | 'table')}
            data={[
              { value: 'chart', label: 'Chart' },
              { value: 'table', label: 'Table' },
            ]}
            aria-label={`${title}: chart or table`}
          />
          {csv && (
            <Anchor href={csv} download size="xs" aria-label={`Download ${title} as CSV`} data-testid={`csv-${id}`}>
              <Group gap={4} wrap="nowrap" component="span">
                <IconDownload size={14} /> CSV
              </Group>
            </Anchor>
          )}
        </Group>
      </Group>
      {extra}
      {view === 'chart' ? chart : table}
    </Card>
  );
}
