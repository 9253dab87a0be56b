import { Alert, Button, Card, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useQuarantine } from '../api/intake.ts';
import { usePermissions } from '../api/people.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { QuarantineRow } from './quarantine-row.tsx';

/**
 * `/intake/quarantine` (admins): intake events convergence could not apply and set aside so that the events
 * behind them went on — with the reason and the time, in the viewer's zone — to replay after a fix or discard.
 */
export function QuarantinePage() {
  const { can } = usePermissions();
  const admin = can('server:admin');
  const list = useQuarantine(admin);
  const events = list.data?.pages.flatMap((p) => p.events) ?? [];
  return (
    <Stack gap="md" maw={1400} mx="auto">
      <Stack gap={4}>
        <Title order={1} size="h2">
          Intake quarantine
        </Title>
        <Text size="sm" c="dimmed">
          Events convergence could not apply after their tries. They are set aside so that the alerts behind them still
          page; while any is here, <code>/readyz</code> answers 503. Replay one once the cause is fixed.
        </Text>
      </Stack>
      {!admin ? (
        <Text c="dimmed">Only administrators see the intake quarantine.</Text>
      ) : list.isPending ? (
        <LoadingState label="Loading the quarantine…" />
      ) : list.isError ? (
        <ErrorState title="Cannot load the quarantine" error={list.error} onRetry={() => void list.refetch()} />
      ) : events.length === 0 ? (
        <Alert color="green" variant="light" icon={<IconCircleCheck />} data-testid="quarantine-empty">
          No event is quarantined: convergence applied everything it received.
        </Alert>
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={960}>
            <Table aria-label="Quarantined events" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40} />
                  <Table.Th>Event</Table.Th>
                  <Table.Th>Received</Table.Th>
                  <Table.Th>Quarantined</Table.Th>
                  <Table.Th>Reason</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {events.map((e) => (
                  <QuarantineRow key={e.id} event={e} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {list.hasNextPage && (
            <Group p="sm" justify="center">
              <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
                Later events
              </Button>
            </Group>
          )}
        </Card>
      )}
    </Stack>
  );
}
