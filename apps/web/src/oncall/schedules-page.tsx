import type { ScheduleView } from '@faultline/contracts';
import { Anchor, Button, Card, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useSchedules } from '../api/oncall.ts';
import { usePermissions } from '../api/people.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { RelativeTime } from '../ui/time.tsx';
import { PageShell } from './page-shell.tsx';
import { SourceBadge } from './source-badge.tsx';

function ScheduleRow({ schedule }: { schedule: ScheduleView }) {
  const layers = Array.isArray(schedule.body.layers) ? schedule.body.layers.length : 0;
  return (
    <Table.Tr data-testid="schedule-row" data-schedule-id={schedule.id}>
      <Table.Td>
        <Anchor component={Link} to={`/oncall/schedules/${encodeURIComponent(schedule.id)}`} fw={500} size="sm">
          {schedule.name}
        </Anchor>
        <Text size="xs" c="dimmed" ff="monospace">
          {schedule.id}
        </Text>
      </Table.Td>
      <Table.Td>
        {schedule.team ?? (
          <Text span c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td>{schedule.timeZone}</Table.Td>
      <Table.Td ta="right">{layers}</Table.Td>
      <Table.Td>
        <SourceBadge source={schedule.source} />
      </Table.Td>
      <Table.Td>
        {schedule.updatedAt ? (
          <Text size="xs" c="dimmed">
            {schedule.updatedBy} · <RelativeTime value={schedule.updatedAt} size="xs" span />
          </Text>
        ) : (
          <Text size="xs" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** `/oncall/schedules`: every schedule the caller may read, config ones marked read-only. */
export function SchedulesPage() {
  const schedules = useSchedules();
  const { canSomewhere } = usePermissions();
  return (
    <PageShell
      section="oncall"
      title="Schedules"
      description="Rotations in layers, with restrictions and overrides. Open one for its calendar."
      actions={
        canSomewhere('oncall:write') && (
          <Button component={Link} to="/oncall/schedules/new" leftSection={<IconPlus size={16} aria-hidden />}>
            New schedule
          </Button>
        )
      }
    >
      {schedules.isPending ? (
        <LoadingState label="Loading schedules…" />
      ) : schedules.isError ? (
        <ErrorState title="Cannot load schedules" error={schedules.error} onRetry={() => void schedules.refetch()} />
      ) : schedules.data.length === 0 ? (
        <Text c="dimmed">No schedules yet.</Text>
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={720}>
            <Table aria-label="Schedules" verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Schedule</Table.Th>
                  <Table.Th>Team</Table.Th>
                  <Table.Th>Time zone</Table.Th>
                  <Table.Th ta="right">Layers</Table.Th>
                  <Table.Th>Source</Table.Th>
                  <Table.Th>Last change</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {schedules.data.map((s) => (
                  <ScheduleRow key={s.id} schedule={s} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </PageShell>
  );
}
