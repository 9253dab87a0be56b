import type { IncidentDetail } from '@faultline/contracts';
import { Badge, Card, Group, Stack, Text } from '@mantine/core';
import { useRoom } from '../api/response.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { ClockCard } from './clock-card.tsx';
import { GroupCard } from './group-card.tsx';
import { KeyTimesCard } from './key-times-card.tsx';
import { LifecycleBar } from './lifecycle-bar.tsx';
import { NoteCard } from './note-card.tsx';
import { RolesCard } from './roles-card.tsx';
import { UpdatesCard } from './updates-card.tsx';
import { WarRoomCard } from './war-room-card.tsx';
import { useT } from '../i18n/index.ts';

/** How a declared incident was reported. */
function Declaration({ room }: { room: NonNullable<ReturnType<typeof useRoom>['data']> }) {
  const t = useT();
  const d = room.declaration;
  if (!d) return null;
  return (
    <Card withBorder padding="md" data-testid="declaration">
      <Group gap="xs">
        <Badge variant="light" data-i18n-value>
          {d.source}
        </Badge>
        <Text size="sm">{t('console.room.declared', { reporter: d.reporter, declaredBy: d.declaredBy })}</Text>
      </Group>
      {d.description && (
        <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }} data-i18n-value>
          {d.description}
        </Text>
      )}
    </Card>
  );
}

/**
 * The response room on the incident page (DESIGN §6–7): lifecycle, the 1-5-10 clock, key times, roles,
 * the response group with check-in, status updates and notes. Stacks into one column on a phone.
 */
export function RoomSection({ incident, column }: { incident: IncidentDetail; column: 'main' | 'side' }) {
  const t = useT();
  const room = useRoom(incident.id);
  if (room.isPending) return <LoadingState label={t('console.room.loading')} />;
  if (room.isError && !room.data)
    return <ErrorState title={t('console.room.loadFailed')} error={room.error} onRetry={() => void room.refetch()} />;
  const data = room.data;
  if (column === 'side')
    return (
      <Stack gap="md">
        <ClockCard room={data} />
        <WarRoomCard room={data} />
        <RolesCard room={data} />
        <GroupCard room={data} />
      </Stack>
    );
  return (
    <Stack gap="md">
      <LifecycleBar incident={incident} />
      <Declaration room={data} />
      <UpdatesCard room={data} />
      <KeyTimesCard room={data} />
      <NoteCard room={data} />
    </Stack>
  );
}
