import type { NotificationView } from '@faultline/contracts';
import { Badge, Card, type MantineColor, Table, Text, Title, Tooltip } from '@mantine/core';
import { RelativeTime } from '../ui/time.tsx';

const STATUS_COLOR: Record<NotificationView['status'], MantineColor> = {
  pending: 'gray',
  sent: 'green',
  retrying: 'orange',
  failed: 'red',
};

/** Every delivery attempt for the incident: where it went, whether it arrived and what is next. */
export function NotificationsTable({ notifications }: { notifications: NotificationView[] }) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="notifications-heading">
      <Title order={2} size="h4" id="notifications-heading" mb="sm">
        Notifications
      </Title>
      {notifications.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nobody has been notified about this incident yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={680}>
          <Table verticalSpacing="xs" aria-labelledby="notifications-heading">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Channel</Table.Th>
                <Table.Th>Recipient</Table.Th>
                <Table.Th w={110}>Status</Table.Th>
                <Table.Th w={90} ta="right">
                  Attempts
                </Table.Th>
                <Table.Th>Last error</Table.Th>
                <Table.Th w={130} style={{ whiteSpace: 'nowrap' }}>
                  Next attempt
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {notifications.map((notification) => (
                <Table.Tr key={notification.id} data-testid="notification-row" data-status={notification.status}>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {notification.channel}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{notification.recipient}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOR[notification.status]} variant="light" size="sm" miw="max-content">
                      {notification.status}
                    </Badge>
                    {notification.sentAt && (
                      <Text size="xs" c="dimmed">
                        <RelativeTime value={notification.sentAt} size="xs" span />
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{notification.attempts}</Table.Td>
                  <Table.Td maw={260}>
                    {notification.lastError ? (
                      <Tooltip label={notification.lastError} multiline maw={420} withArrow>
                        <Text size="xs" c="red" lineClamp={2}>
                          {notification.lastError}
                        </Text>
                      </Tooltip>
                    ) : (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <RelativeTime value={notification.nextAttemptAt} size="sm" />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
