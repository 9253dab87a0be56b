import type { NotificationView } from '@faultline/contracts';
import { Badge, Card, type MantineColor, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { RelativeTime } from '../ui/time.tsx';

type DeliveryRow = NotificationView;

/** Colour per delivery status. */
const STATUS_COLOR: Record<DeliveryRow['status'], MantineColor> = {
  pending: 'gray',
  sent: 'green',
  retrying: 'orange',
  failed: 'red',
  cancelled: 'dark',
  held: 'yellow',
};

/** What each status means, for the badge's tooltip. */
const STATUS_MEANING: Record<DeliveryRow['status'], string> = {
  pending: 'queued, not tried yet',
  sent: 'accepted by the provider',
  retrying: 'a transient failure; it will be tried again',
  failed: "a permanent failure; the person's next method takes over",
  cancelled: 'not sent: the incident was acknowledged or resolved first',
  held: 'held by the notification budget; it goes out in a digest',
};

function Dash() {
  return (
    <Text size="sm" c="dimmed" span>
      —
    </Text>
  );
}

function Recipient({ row }: { row: DeliveryRow }) {
  const method = row.contactMethod;
  return (
    <Stack gap={0}>
      <Text size="sm">{row.person ? row.person.name : row.recipient}</Text>
      {row.person && (
        <Text size="xs" c="dimmed">
          {method ? `${method.label ?? method.kind}: ${method.address}` : row.recipient}
        </Text>
      )}
    </Stack>
  );
}

function StatusCell({ row }: { row: DeliveryRow }) {
  return (
    <>
      <Tooltip label={STATUS_MEANING[row.status]} withArrow>
        <Badge color={STATUS_COLOR[row.status]} variant="light" size="sm" miw="max-content">
          {row.status}
        </Badge>
      </Tooltip>
      {row.sentAt && (
        <Text size="xs" c="dimmed">
          <RelativeTime value={row.sentAt} size="xs" span />
        </Text>
      )}
    </>
  );
}

function ErrorCell({ error }: { error: string | null }) {
  if (!error) return <Dash />;
  return (
    <Tooltip label={error} multiline maw={420} withArrow>
      <Text size="xs" c="red" lineClamp={2}>
        {error}
      </Text>
    </Tooltip>
  );
}

function DeliveryTableRow({ row }: { row: DeliveryRow }) {
  const providerId = row.providerMessageId;
  return (
    <Table.Tr data-testid="notification-row" data-status={row.status}>
      <Table.Td>
        <Recipient row={row} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace">
          {row.channel}
        </Text>
        {row.provider && row.provider !== row.channel && (
          <Text size="xs" c="dimmed">
            via {row.provider}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <StatusCell row={row} />
      </Table.Td>
      <Table.Td ta="right">{row.attempts}</Table.Td>
      <Table.Td maw={260}>
        <ErrorCell error={row.lastError} />
      </Table.Td>
      <Table.Td maw={180}>
        {providerId ? (
          <Text size="xs" ff="monospace" truncate="end" title={providerId} data-testid="provider-id">
            {providerId}
          </Text>
        ) : (
          <Dash />
        )}
      </Table.Td>
      <Table.Td>
        <RelativeTime value={row.nextAttemptAt} size="sm" />
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The delivery log of an incident: every page sent for it — to whom and through which contact method,
 * channel and provider, its status (pending, sent, retrying, failed, cancelled, held), attempts, the last
 * error, the provider's message id and when the next attempt is due.
 */
export function NotificationsTable({ notifications }: { notifications: DeliveryRow[] }) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="notifications-heading">
      <Title order={2} size="h4" id="notifications-heading" mb="sm">
        Deliveries
      </Title>
      {notifications.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nobody has been notified about this incident yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table verticalSpacing="xs" aria-labelledby="notifications-heading">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Recipient</Table.Th>
                <Table.Th>Channel</Table.Th>
                <Table.Th w={110}>Status</Table.Th>
                <Table.Th w={90} ta="right">
                  Attempts
                </Table.Th>
                <Table.Th>Last error</Table.Th>
                <Table.Th>Provider id</Table.Th>
                <Table.Th w={130} style={{ whiteSpace: 'nowrap' }}>
                  Next attempt
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {notifications.map((row) => (
                <DeliveryTableRow key={row.id} row={row} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
