import type { IncidentSummary } from '@faultline/contracts';
import { Anchor, Badge, Checkbox, Table, Text } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { RelativeTime } from '../ui/time.tsx';
import classes from './incident-table.module.css';
import { LevelBadges } from './level-badge.tsx';
import { StatusBadge } from './status-badge.tsx';
import { PostmortemOverdueBadge } from '../postmortem/overdue-badge.tsx';
import { NoiseBadge } from './noise.tsx';
import { useT } from '../i18n/index.ts';
import { DOT_SEPARATOR, NO_VALUE, NUMBER_SIGN, SLASH_SEPARATOR } from '../ui/punctuation.ts';

/** Rows picked for a bulk action, and how to change them (absent: no checkboxes). */
export interface TableSelection {
  selected: ReadonlySet<number>;
  toggle: (id: number) => void;
  setAll: (ids: readonly number[], on: boolean) => void;
}

/**
 * Incidents as table rows; a row opens its incident, rows in `fresh` are briefly highlighted, `focused` is the
 * row the keyboard is on. Below 48em (a phone) the service, alerts and opened columns are left out, so level,
 * title and status fit without scrolling sideways.
 */
export function IncidentTable({
  incidents,
  fresh,
  selection,
  focused,
}: {
  incidents: IncidentSummary[];
  fresh: ReadonlySet<number>;
  selection?: TableSelection;
  focused?: number | null;
}) {
  const t = useT();
  const navigate = useNavigate();
  const ids = incidents.map((i) => i.id);
  const allOn = selection !== undefined && ids.length > 0 && ids.every((id) => selection.selected.has(id));
  const someOn = selection !== undefined && ids.some((id) => selection.selected.has(id));
  return (
    <Table highlightOnHover verticalSpacing="sm" aria-label={t('console.nav.incidents')} data-testid="incident-table">
      <Table.Thead>
        <Table.Tr>
          {selection && (
            <Table.Th w={36}>
              <Checkbox
                aria-label={t('console.incidents.table.selectAll')}
                checked={allOn}
                indeterminate={someOn && !allOn}
                onChange={() => selection.setAll(ids, !allOn)}
                data-testid="incident-select-all"
              />
            </Table.Th>
          )}
          <Table.Th w={110}>{t('console.incidents.filter.level')}</Table.Th>
          <Table.Th>{t('console.incidents.table.title')}</Table.Th>
          <Table.Th w={160} visibleFrom="sm">
            {t('console.incidents.filter.service')}
          </Table.Th>
          <Table.Th w={130}>{t('console.incidents.filter.status')}</Table.Th>
          <Table.Th w={90} visibleFrom="sm">
            <abbr title={t('console.incidents.table.alertsHint')} style={{ textDecoration: 'none' }}>
              {t('console.nav.alerts')}
            </abbr>
          </Table.Th>
          <Table.Th w={140} visibleFrom="sm">
            {t('console.incident.opened')}
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {incidents.map((incident) => {
          const isFresh = fresh.has(incident.id);
          const isFocused = focused === incident.id;
          return (
            <Table.Tr
              key={incident.id}
              className={isFresh ? `${classes.row} ${classes.fresh}` : classes.row}
              data-testid="incident-row"
              data-incident-id={incident.id}
              data-new={isFresh || undefined}
              data-focused={isFocused || undefined}
              bg={isFocused ? 'var(--mantine-color-default-hover)' : undefined}
              onClick={(event) => {
                if ((event.target as HTMLElement).closest('a, input, label')) return;
                void navigate(`/incidents/${incident.id}`);
              }}
            >
              {selection && (
                <Table.Td>
                  <Checkbox
                    aria-label={t('console.incidents.table.select', { id: incident.id })}
                    checked={selection.selected.has(incident.id)}
                    onChange={() => selection.toggle(incident.id)}
                    data-testid="incident-select"
                  />
                </Table.Td>
              )}
              <Table.Td>
                <LevelBadges levels={incident.levels} risk={incident.risk} />
                {incident.drill && (
                  <Badge color="grape" variant="filled" size="sm" ml={4} data-testid="drill-badge">
                    {t('console.drill.badge')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>
                <Anchor
                  component={Link}
                  to={`/incidents/${incident.id}`}
                  c="inherit"
                  fw={500}
                  data-testid="incident-title"
                >
                  {incident.title}
                </Anchor>
                <Text size="xs" c="dimmed" data-i18n-value>
                  {NUMBER_SIGN}
                  {incident.id}
                  {incident.team && DOT_SEPARATOR}
                  {incident.team}
                </Text>
                <PostmortemOverdueBadge incident={incident} />
                <NoiseBadge incident={incident} />
              </Table.Td>
              <Table.Td visibleFrom="sm" data-i18n-value>
                {incident.service ?? (
                  <Text span c="dimmed">
                    {NO_VALUE}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <StatusBadge status={incident.status} />
              </Table.Td>
              <Table.Td visibleFrom="sm">
                <Text span fw={incident.firingCount > 0 ? 600 : 400} c={incident.firingCount > 0 ? 'red' : undefined}>
                  {incident.firingCount}
                </Text>
                <Text span c="dimmed">
                  {SLASH_SEPARATOR}
                  {incident.alertCount}
                </Text>
              </Table.Td>
              <Table.Td visibleFrom="sm">
                <RelativeTime value={incident.createdAt} size="sm" />
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
