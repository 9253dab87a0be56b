import type { ResponseRoom } from '@faultline/contracts';
import { Badge, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useRoomAction } from '../api/response.ts';
import { useSession } from '../api/session.ts';
import { RelativeTime } from '../ui/time.tsx';
import { ActionError } from './action-error.tsx';

type Slot = ResponseRoom['roles'][number];

/** The actions the viewer may take on a slot (the server checks them again). */
function SlotActions({ slot, me, incidentId }: { slot: Slot; me: string; incidentId: number }) {
  const action = useRoomAction(incidentId);
  const [to, setTo] = useState('');
  const run = (body: Record<string, unknown>) => action.mutate({ path: 'roles', body: { role: slot.role, ...body } });
  const mine = slot.holder === me;
  return (
    <Stack gap={4}>
      <Group gap="xs">
        {!slot.holder && (
          <Button size="compact-xs" onClick={() => run({ action: 'claim' })} loading={action.isPending}>
            Take
          </Button>
        )}
        {slot.pending?.to === me && (
          <>
            <Button size="compact-xs" color="green" onClick={() => run({ action: 'confirm' })}>
              Accept hand-over
            </Button>
            <Button size="compact-xs" variant="default" onClick={() => run({ action: 'decline' })}>
              Decline
            </Button>
          </>
        )}
        {slot.pending && slot.pending.to !== me && (
          <Button size="compact-xs" variant="default" onClick={() => run({ action: 'cancel' })}>
            Cancel hand-over
          </Button>
        )}
        {mine && (
          <Button size="compact-xs" variant="default" onClick={() => run({ action: 'release' })}>
            Release
          </Button>
        )}
      </Group>
      {slot.holder && !slot.pending && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            run({ action: 'request', to });
            setTo('');
          }}
        >
          <Group gap="xs" wrap="nowrap">
            <TextInput
              size="xs"
              placeholder="email"
              aria-label={`Hand the ${slot.name} role over to`}
              value={to}
              onChange={(e) => setTo(e.currentTarget.value)}
              required
            />
            <Button size="compact-xs" type="submit" variant="light">
              Hand over
            </Button>
          </Group>
        </form>
      )}
      <ActionError error={action.error} onClose={() => action.reset()} />
    </Stack>
  );
}

/**
 * Roles (DESIGN §7): coordinator, responder, investigator, communicator, with their duties, holders, pending
 * hand-overs and whether the level requires them; an empty required role shows when it escalates.
 */
export function RolesCard({ room }: { room: ResponseRoom }) {
  const session = useSession();
  const me = (session.data?.name ?? '').toLowerCase();
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="roles-heading">
      <Title order={2} size="h4" id="roles-heading" mb="sm">
        Roles
      </Title>
      <Stack gap="md">
        {room.roles.map((slot) => (
          <div key={slot.role} data-testid={`role-${slot.role}`} data-holder={slot.holder ?? ''}>
            <Group gap="xs">
              <Text fw={600} size="sm">
                {slot.name}
              </Text>
              {slot.required && (
                <Badge size="xs" variant="outline" color={slot.holder ? 'gray' : 'red'}>
                  required
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed">
              {slot.duty}
            </Text>
            <Text size="sm">
              {slot.holder ?? (
                <Text span c="dimmed">
                  empty
                </Text>
              )}
              {slot.fillBy && !slot.holder && (
                <Text span size="xs" c="red">
                  {' '}
                  · escalates <RelativeTime value={slot.fillBy} size="xs" span />
                </Text>
              )}
            </Text>
            {slot.pending && (
              <Text size="xs" c="orange">
                hand-over to {slot.pending.to} requested by {slot.pending.by}
              </Text>
            )}
            <SlotActions slot={slot} me={me} incidentId={room.incidentId} />
          </div>
        ))}
      </Stack>
    </Card>
  );
}
