import type { IncidentSummary } from '@faultline/contracts';
import { Anchor, Table, Text } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { RelativeTime } from '../ui/time.tsx';
import classes from './incident-table.module.css';
import { LevelBadges } from './level-badge.tsx';
import { StatusBadge } from './status-badge.tsx';

/** Incidents as table rows; a row opens its incident, rows in `fresh` are briefly highlighted. */
export function IncidentTable({ incidents, fresh }: { incidents: IncidentSummary[]; fresh: ReadonlySet<number> }) {
  const navigate = useNavigate();
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table highlightOnHover verticalSpacing="sm" aria-label="Incidents">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={130}>Level</Table.Th>
            <Table.Th>Title</Table.Th>
            <Table.Th w={160}>Service</Table.Th>
            <Table.Th w={150}>Status</Table.Th>
            <Table.Th w={110}>
              <abbr title="firing / total" style={{ textDecoration: 'none' }}>
                Alerts
              </abbr>
            </Table.Th>
            <Table.Th w={150}>Opened</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {incidents.map((incident) => {
            const isFresh = fresh.has(incident.id);
            return (
              <Table.Tr
                key={incident.id}
                className={isFresh ? `${classes.row} ${classes.fresh}` : classes.row}
                data-testid="incident-row"
                data-incident-id={incident.id}
                data-new={isFresh || undefined}
                onClick={(event) => {
                  if ((event.target as HTMLElement).closest('a')) return;
                  void navigate(`/incidents/${incident.id}`);
                }}
              >
                <Table.Td>
                  <LevelBadges levels={incident.levels} risk={incident.risk} />
                </Table.Td>
                <Table.Td>
                  <Anchor
                    component={Link}
                    to={`/incidents/${incident.id}`}
                    c="inherit"
                    fw={500}
                    data-testid="incident-title"
                  >
                    {incident.title}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    #{incident.id}
                    {incident.team ? ` · ${incident.team}` : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {incident.service ?? (
                    <Text span c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={incident.status} />
                </Table.Td>
                <Table.Td>
                  <Text span fw={incident.firingCount > 0 ? 600 : 400} c={incident.firingCount > 0 ? 'red' : undefined}>
                    {incident.firingCount}
                  </Text>
                  <Text span c="dimmed">
                    {' / '}
                    {incident.alertCount}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <RelativeTime value={incident.createdAt} size="sm" />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
