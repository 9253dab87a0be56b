import type { ChangeKind, ChangeView } from '@faultline/contracts';
import {
  Anchor,
  Box,
  Button,
  Card,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { useChanges, type ChangeFilterState } from '../api/changes.ts';
import { useNow } from '../ui/now.tsx';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { AbsoluteTime } from '../ui/time.tsx';
import { KIND_COLOR, KindBadge } from './kind-badge.tsx';
import { laneLayout } from './lanes.ts';
import { RankingEvaluationCard } from './ranking-evaluation-card.tsx';

const KINDS: ChangeKind[] = ['deploy', 'config', 'flag', 'migration', 'infra'];
const RANGES = [
  { value: '6', label: '6 h' },
  { value: '24', label: '24 h' },
  { value: '168', label: '7 days' },
];

function statusText(c: ChangeView): string {
  if (c.status === 'running') return 'rolling out';
  return c.exitCode === null ? c.status : `${c.status} (exit ${c.exitCode})`;
}

function ChangeRow({ change: c }: { change: ChangeView }) {
  return (
    <Table.Tr data-testid={`change-${c.id}`}>
      <Table.Td>
        <AbsoluteTime value={c.startedAt} size="sm" />
      </Table.Td>
      <Table.Td>
        <KindBadge kind={c.kind} />
      </Table.Td>
      <Table.Td>{c.services.join(', ')}</Table.Td>
      <Table.Td>
        {c.url ? (
          <Anchor href={c.url} target="_blank" rel="noreferrer noopener" size="sm">
            {c.summary}
          </Anchor>
        ) : (
          <Text size="sm">{c.summary}</Text>
        )}
        {Object.keys(c.labels).length > 0 && (
          <Text size="xs" c="dimmed">
            {Object.entries(c.labels)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={c.status === 'failed' ? 'red' : undefined}>
          {statusText(c)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {c.source}
          {c.author ? ` · ${c.author}` : ''}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

/** Changes on one lane per service over the range; each mark's tooltip says what and when. */
function ServiceLanes({ changes, from, to }: { changes: ChangeView[]; from: number; to: number }) {
  const now = useNow();
  const lanes = laneLayout(changes, from, to, now);
  return (
    <Stack gap={6} p="md" aria-label="Changes by service">
      {lanes.map((lane) => (
        <Group key={lane.service} gap="sm" wrap="nowrap" data-testid={`lane-${lane.service}`}>
          <Text size="sm" w={180} truncate="end" fw={500}>
            {lane.service}
          </Text>
          <Box pos="relative" h={22} style={{ flex: 1, background: 'var(--mantine-color-gray-1)', borderRadius: 4 }}>
            {lane.items.map((item) => (
              <Tooltip
                key={item.change.id}
                withArrow
                label={`#${item.change.id} ${item.change.kind}: ${item.change.summary} — ${new Date(item.change.startedAt).toLocaleString()} · ${statusText(item.change)}`}
              >
                <Box
                  component="span"
                  aria-label={`${item.change.kind} ${item.change.summary}`}
                  pos="absolute"
                  top={3}
                  h={16}
                  style={{
                    left: `${item.leftPct}%`,
                    width: `${item.widthPct}%`,
                    minWidth: 6,
                    borderRadius: 3,
                    background: `var(--mantine-color-${KIND_COLOR[item.change.kind]}-6)`,
                    opacity: item.change.status === 'failed' ? 0.5 : 1,
                  }}
                />
              </Tooltip>
            ))}
          </Box>
        </Group>
      ))}
    </Stack>
  );
}

/**
 * `/changes`: deploys, config changes, flag flips, migrations and infrastructure changes, filtered by service,
 * kind and range, as a list or on one lane per service (docs/changes.md).
 */
export function ChangesPage() {
  const [service, setService] = useState('');
  const [kind, setKind] = useState<ChangeKind | ''>('');
  const [hours, setHours] = useState('24');
  const [view, setView] = useState<'list' | 'lanes'>('lanes');
  const now = useNow();
  // The range is fixed when the filter changes, not on every tick, so the query key stays put.
  const from = useMemo(() => new Date(now - Number(hours) * 3_600_000).toISOString(), [hours]);
  const filter: ChangeFilterState = { service: service.trim(), kind, from };
  const list = useChanges(filter);
  const changes = list.data?.pages.flatMap((p) => p.changes) ?? [];
  return (
    <Stack gap="md" maw={1400} mx="auto">
      <Stack gap={4}>
        <Title order={1} size="h2">
          Changes
        </Title>
        <Text size="sm" c="dimmed">
          Deploys, config changes, flag flips, migrations and infrastructure changes, from the API,{' '}
          <code>faultline change run</code>, PagerDuty change events and change webhooks. Each incident ranks them as
          suspects.
        </Text>
      </Stack>
      <Group gap="sm" align="flex-end">
        <TextInput
          label="Service"
          placeholder="any"
          value={service}
          onChange={(e) => setService(e.currentTarget.value)}
          w={200}
        />
        <Select
          label="Kind"
          placeholder="any"
          clearable
          data={KINDS}
          value={kind || null}
          onChange={(v) => setKind((v as ChangeKind | null) ?? '')}
          w={160}
        />
        <Stack gap={2}>
          <Text size="sm" fw={500}>
            Range
          </Text>
          <SegmentedControl data={RANGES} value={hours} onChange={setHours} aria-label="Range" />
        </Stack>
        <SegmentedControl
          data={[
            { value: 'lanes', label: 'By service' },
            { value: 'list', label: 'List' },
          ]}
          value={view}
          onChange={(v) => setView(v as 'list' | 'lanes')}
          aria-label="View"
        />
      </Group>
      {list.isPending ? (
        <LoadingState label="Loading changes…" />
      ) : list.isError ? (
        <ErrorState title="Cannot load changes" error={list.error} onRetry={() => void list.refetch()} />
      ) : changes.length === 0 ? (
        <Text c="dimmed" data-testid="changes-empty">
          No change in this range.
        </Text>
      ) : (
        <Card withBorder padding={0}>
          {view === 'lanes' ? (
            <ServiceLanes changes={changes} from={Date.parse(from)} to={now} />
          ) : (
            <Table.ScrollContainer minWidth={900}>
              <Table aria-label="Changes" verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Started</Table.Th>
                    <Table.Th>Kind</Table.Th>
                    <Table.Th>Services</Table.Th>
                    <Table.Th>Summary</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Source</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {changes.map((c) => (
                    <ChangeRow key={c.id} change={c} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {list.hasNextPage && (
            <Group p="sm" justify="center">
              <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
                Older changes
              </Button>
            </Group>
          )}
        </Card>
      )}
      <RankingEvaluationCard from={from} />
    </Stack>
  );
}
