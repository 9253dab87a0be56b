import type { AlertGroup } from '@faultline/contracts';
import { Anchor, Table, Text } from '@mantine/core';
import { plural } from '../ui/plural.ts';
import { RelativeTime } from '../ui/time.tsx';

/**
 * An alert storm grouped by alertname and service (issue 12): one row per group with its counts, most alerts
 * first. A group's name opens the list of its incidents (`alertname` and `service` filters).
 */
export function AlertGroupsTable({ groups, onOpen }: { groups: AlertGroup[]; onOpen: (group: AlertGroup) => void }) {
  return (
    <Table.ScrollContainer minWidth={360}>
      <Table aria-label="Alert groups" verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Alert</Table.Th>
            <Table.Th>Service</Table.Th>
            <Table.Th ta="right">Alerts</Table.Th>
            <Table.Th ta="right">Incidents</Table.Th>
            <Table.Th visibleFrom="sm">Last seen</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groups.map((g) => (
            <Table.Tr
              key={`${g.alertname ?? ''}\u0000${g.service ?? ''}`}
              data-testid="alert-group"
              data-alertname={g.alertname ?? ''}
              data-service={g.service ?? ''}
              data-alerts={g.alerts}
              data-firing={g.firing}
            >
              <Table.Td>
                <Anchor component="button" type="button" fw={500} size="sm" onClick={() => onOpen(g)}>
                  {g.alertname ?? '(no alertname)'}
                </Anchor>
              </Table.Td>
              <Table.Td>{g.service ?? '—'}</Table.Td>
              <Table.Td ta="right">
                <Text size="sm" span fw={600}>
                  {g.alerts}
                </Text>{' '}
                <Text size="xs" c="dimmed" span>
                  ({g.firing} firing)
                </Text>
              </Table.Td>
              <Table.Td ta="right">{plural(g.incidents, 'incident')}</Table.Td>
              <Table.Td visibleFrom="sm">
                <RelativeTime value={g.lastSeenAt} size="sm" />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
