import type { HeartbeatView } from '@faultline/contracts';
import { Badge, Button, Card, Code, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { usePermissions } from '../api/people.ts';
import { useHeartbeats, useSetHeartbeatPaused } from '../api/heartbeats.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { AbsoluteTime } from '../ui/time.tsx';

const STATUS_COLOR: Record<HeartbeatView['status'], string> = {
  up: 'green',
  late: 'yellow',
  down: 'red',
  paused: 'gray',
};

/** `300` → `5 min`, `3600` → `1 h`. */
function duration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

function HeartbeatRow({ h, canWrite }: { h: HeartbeatView; canWrite: boolean }) {
  const setPaused = useSetHeartbeatPaused();
  return (
    <Table.Tr data-testid="heartbeat-row" data-heartbeat-id={h.id} style={{ verticalAlign: 'top' }}>
      <Table.Td>
        <Badge color={STATUS_COLOR[h.status]} variant="light" size="sm">
          {h.status}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={500}>
          {h.name}
        </Text>
        <Text size="xs" c="dimmed">
          <Code>{h.id}</Code>
          {h.service ? ` · ${h.service}` : ''}
          {h.integration ? ` · ${h.integration}` : ''}
          {h.source === 'config' ? ' · config file' : ''}
        </Text>
        {h.matchers.length > 0 && (
          <Text size="xs" ff="monospace">
            pinged by alerts {h.matchers.join(', ')}
          </Text>
        )}
      </Table.Td>
      <Table.Td data-testid="heartbeat-last-ping">
        {h.lastPingAt ? <AbsoluteTime value={h.lastPingAt} size="sm" /> : <Text size="sm">never</Text>}
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          every {duration(h.intervalSeconds)}
          {h.graceSeconds > 0 ? ` + ${duration(h.graceSeconds)}` : ''}
        </Text>
        {h.downAt && h.status !== 'down' && (
          <Text size="xs" c="dimmed">
            down at <AbsoluteTime value={h.downAt} size="xs" span /> without a ping
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {canWrite && h.source === 'api' && (
          <Button
            size="xs"
            variant="default"
            loading={setPaused.isPending}
            onClick={() => setPaused.mutate({ h, paused: h.status !== 'paused' })}
            aria-label={`${h.status === 'paused' ? 'Resume' : 'Pause'} heartbeat ${h.name}`}
          >
            {h.status === 'paused' ? 'Resume' : 'Pause'}
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * `/heartbeats`: every heartbeat monitor with its status (up, late, down, paused) and last ping in the
 * viewer's zone; pause and resume for those who may change them.
 */
export function HeartbeatsPage() {
  const { can } = usePermissions();
  const canWrite = can('oncall:write');
  const list = useHeartbeats();
  const heartbeats = list.data ?? [];
  return (
    <Stack gap="md" maw={1400} mx="auto">
      <Stack gap={4}>
        <Title order={1} size="h2">
          Heartbeats
        </Title>
        <Text size="sm" c="dimmed">
          A heartbeat expects a ping at least every interval — an HTTP call from a job, or an always-firing alert such
          as Prometheus&apos;s Watchdog. When pings stop, an incident opens and pages; the next ping resolves it. Add
          one with <Code>faultline heartbeat add</Code> or the API.
        </Text>
      </Stack>
      {list.isPending ? (
        <LoadingState label="Loading heartbeats…" />
      ) : list.isError ? (
        <ErrorState title="Cannot load heartbeats" error={list.error} onRetry={() => void list.refetch()} />
      ) : heartbeats.length === 0 ? (
        <Text c="dimmed" data-testid="heartbeats-empty">
          No heartbeat.
        </Text>
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={800}>
            <Table aria-label="Heartbeats" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={100}>Status</Table.Th>
                  <Table.Th>Heartbeat</Table.Th>
                  <Table.Th w={220}>Last ping</Table.Th>
                  <Table.Th w={260}>Expected</Table.Th>
                  <Table.Th w={100}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {heartbeats.map((h) => (
                  <HeartbeatRow key={h.id} h={h} canWrite={canWrite} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </Stack>
  );
}
