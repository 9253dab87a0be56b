import type { ResponseRoom } from '@faultline/contracts';
import { Alert, Badge, Button, Card, Checkbox, Group, NativeSelect, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useRoomAction } from '../api/response.ts';
import { RelativeTime } from '../ui/time.tsx';
import { ActionError } from './action-error.tsx';

const PHASES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
const AUDIENCES = [
  { value: 'group', label: 'Response group' },
  { value: 'internal', label: 'Internal stakeholders' },
  { value: 'public', label: 'Public status page' },
] as const;

/**
 * Status updates (DESIGN §7): the cadence (due, or "update overdue"), the updates published so far, and the
 * form to publish one (phase, impact, actions, audiences).
 */
export function UpdatesCard({ room }: { room: ResponseRoom }) {
  const action = useRoomAction(room.incidentId);
  const [phase, setPhase] = useState<(typeof PHASES)[number]>('investigating');
  const [impact, setImpact] = useState('');
  const [actions, setActions] = useState('');
  const [audiences, setAudiences] = useState<string[]>(['group', 'internal']);
  const overdue = room.cadence.state === 'overdue';
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="updates-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="updates-heading">
          Status updates
        </Title>
        {room.cadence.everyMs !== null && (
          <Text size="xs" c="dimmed">
            every {room.cadence.everyMs / 60_000} min
          </Text>
        )}
      </Group>
      {overdue && (
        <Alert color="orange" variant="light" title="Update overdue" mb="sm" data-testid="update-overdue">
          An update was due <RelativeTime value={room.cadence.dueAt} span size="sm" />.
        </Alert>
      )}
      {room.cadence.state === 'on-time' && room.cadence.dueAt && (
        <Text size="xs" c="dimmed" mb="sm">
          Next update due <RelativeTime value={room.cadence.dueAt} span size="xs" />
        </Text>
      )}
      <Stack gap="xs" data-testid="updates">
        {[...room.updates].reverse().map((u) => (
          <div key={u.id}>
            <Group gap="xs">
              <Badge size="sm" variant="light">
                {u.phase}
              </Badge>
              <Text size="xs" c="dimmed">
                {u.by} · <RelativeTime value={u.at} span size="xs" /> · {u.audiences.join(', ')}
              </Text>
            </Group>
            <Text size="sm">{u.impact}</Text>
            {u.actions && (
              <Text size="sm" c="dimmed">
                {u.actions}
              </Text>
            )}
          </div>
        ))}
      </Stack>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          action.mutate(
            { path: 'updates', body: { phase, impact, actions, audiences } },
            {
              onSuccess: () => {
                setImpact('');
                setActions('');
              },
            },
          );
        }}
      >
        <Stack gap="xs" mt="md">
          <NativeSelect
            label="Phase"
            value={phase}
            onChange={(e) => setPhase(e.currentTarget.value as (typeof PHASES)[number])}
            data={[...PHASES]}
          />
          <Textarea
            label="Impact"
            description="What users see now"
            value={impact}
            onChange={(e) => setImpact(e.currentTarget.value)}
            autosize
            minRows={2}
            required
          />
          <Textarea
            label="Actions"
            value={actions}
            onChange={(e) => setActions(e.currentTarget.value)}
            autosize
            minRows={1}
          />
          <Checkbox.Group label="Audiences" value={audiences} onChange={setAudiences}>
            <Group gap="sm" mt={4}>
              {AUDIENCES.map((a) => (
                <Checkbox key={a.value} value={a.value} label={a.label} />
              ))}
            </Group>
          </Checkbox.Group>
          <Group justify="flex-end">
            <Button type="submit" size="xs" loading={action.isPending}>
              Publish update
            </Button>
          </Group>
          <ActionError error={action.error} onClose={() => action.reset()} />
        </Stack>
      </form>
    </Card>
  );
}
