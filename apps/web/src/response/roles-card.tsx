import type { ResponseRoom } from '@faultline/contracts';
import { Badge, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useRoomAction } from '../api/response.ts';
import { useSession } from '../api/session.ts';
import { RelativeTime } from '../ui/time.tsx';
import { ActionError } from './action-error.tsx';
import type { MessageId } from '@faultline/i18n';
import { FormattedMessage } from 'react-intl';
import { useT } from '../i18n/index.ts';

type Slot = ResponseRoom['roles'][number];

/** The server's default role names (apps/server/src/response/roles.ts); a different name is configured. */
const DEFAULT_ROLE_NAMES: Record<string, string> = {
  coordinator: 'Coordinator',
  responder: 'Responder',
  investigator: 'Investigator',
  communicator: 'Communicator',
};

/** Each role's name in the console's language (DESIGN §7), by role id. */
const ROLE_NAME: Record<string, MessageId> = {
  coordinator: 'console.room.roles.name.coordinator',
  responder: 'console.room.roles.name.responder',
  investigator: 'console.room.roles.name.investigator',
  communicator: 'console.room.roles.name.communicator',
};

/** What each role does (DESIGN §7), by role id. */
const ROLE_DUTY: Record<string, MessageId> = {
  coordinator: 'console.room.roles.duty.coordinator',
  responder: 'console.room.roles.duty.responder',
  investigator: 'console.room.roles.duty.investigator',
  communicator: 'console.room.roles.duty.communicator',
};

/** The actions the viewer may take on a slot (the server checks them again). */
function SlotActions({ slot, me, incidentId }: { slot: Slot; me: string; incidentId: number }) {
  const t = useT();
  const action = useRoomAction(incidentId);
  const [to, setTo] = useState('');
  const run = (body: Record<string, unknown>) => action.mutate({ path: 'roles', body: { role: slot.role, ...body } });
  const mine = slot.holder === me;
  return (
    <Stack gap={4}>
      <Group gap="xs">
        {!slot.holder && (
          <Button size="compact-xs" onClick={() => run({ action: 'claim' })} loading={action.isPending}>
            {t('console.room.roles.take')}
          </Button>
        )}
        {slot.pending?.to === me && (
          <>
            <Button size="compact-xs" color="green" onClick={() => run({ action: 'confirm' })}>
              {t('console.room.roles.accept')}
            </Button>
            <Button size="compact-xs" variant="default" onClick={() => run({ action: 'decline' })}>
              {t('console.room.roles.decline')}
            </Button>
          </>
        )}
        {slot.pending && slot.pending.to !== me && (
          <Button size="compact-xs" variant="default" onClick={() => run({ action: 'cancel' })}>
            {t('console.room.roles.cancel')}
          </Button>
        )}
        {mine && (
          <Button size="compact-xs" variant="default" onClick={() => run({ action: 'release' })}>
            {t('console.room.roles.release')}
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
              placeholder={t('console.signIn.email')}
              aria-label={t('console.room.roles.handOverTo', { role: slot.name })}
              value={to}
              onChange={(e) => setTo(e.currentTarget.value)}
              required
            />
            <Button size="compact-xs" type="submit" variant="light">
              {t('console.room.roles.handOver')}
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
  const t = useT();
  const session = useSession();
  const me = (session.data?.name ?? '').toLowerCase();
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="roles-heading">
      <Title order={2} size="h4" id="roles-heading" mb="sm">
        {t('console.room.roles.title')}
      </Title>
      <Stack gap="md">
        {room.roles.map((slot) => (
          <div key={slot.role} data-testid={`role-${slot.role}`} data-holder={slot.holder ?? ''}>
            <Group gap="xs">
              {/* A name set in the config (response.roleNames) is the team's own and shown as set. */}
              <Text fw={600} size="sm">
                {slot.name === DEFAULT_ROLE_NAMES[slot.role] ? t(ROLE_NAME[slot.role]!) : slot.name}
              </Text>
              {slot.required && (
                <Badge size="xs" variant="outline" color={slot.holder ? 'gray' : 'red'}>
                  {t('console.room.roles.required')}
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed">
              {ROLE_DUTY[slot.role] ? t(ROLE_DUTY[slot.role]!) : slot.duty}
            </Text>
            <Text size="sm">
              {slot.holder ?? (
                <Text span c="dimmed">
                  {t('console.room.roles.empty')}
                </Text>
              )}
              {slot.fillBy && !slot.holder && (
                <Text span size="xs" c="red" ml={4}>
                  <FormattedMessage
                    id="console.room.roles.escalates"
                    values={{ when: <RelativeTime value={slot.fillBy} size="xs" span /> }}
                  />
                </Text>
              )}
            </Text>
            {slot.pending && (
              <Text size="xs" c="orange">
                {t('console.room.roles.pending', { to: slot.pending.to, by: slot.pending.by })}
              </Text>
            )}
            <SlotActions slot={slot} me={me} incidentId={room.incidentId} />
          </div>
        ))}
      </Stack>
    </Card>
  );
}
