import type { ResponseRoom } from '@faultline/contracts';
import { Badge, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useRoomAction } from '../api/response.ts';
import { useSession } from '../api/session.ts';
import { RelativeTime } from '../ui/time.tsx';
import { ActionError } from './action-error.tsx';
import type { MessageId } from '@faultline/i18n';
import { useT } from '../i18n/index.ts';

const STATE_COLOR = { joined: 'green', declined: 'gray', pending: 'orange' } as const;
const STATE_LABEL: Record<keyof typeof STATE_COLOR, MessageId> = {
  joined: 'console.room.group.joined',
  declined: 'console.room.group.declined',
  pending: 'console.room.group.pending',
};

/** The response group (DESIGN §7): members and their check-in; the viewer checks in or invites someone. */
export function GroupCard({ room }: { room: ResponseRoom }) {
  const t = useT();
  const action = useRoomAction(room.incidentId);
  const session = useSession();
  const me = (session.data?.name ?? '').toLowerCase();
  const mine = room.group.find((m) => m.person === me);
  const [invitee, setInvitee] = useState('');
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="group-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="group-heading">
          {t('console.room.group.title')}
        </Title>
        <Group gap="xs">
          {mine?.state !== 'joined' && (
            <Button
              size="xs"
              color="green"
              onClick={() => action.mutate({ path: 'group/check-in', body: { state: 'joined' } })}
            >
              {t('console.room.group.checkIn')}
            </Button>
          )}
          {mine && mine.state !== 'declined' && (
            <Button
              size="xs"
              variant="default"
              onClick={() => action.mutate({ path: 'group/check-in', body: { state: 'declined' } })}
            >
              {t('console.room.roles.decline')}
            </Button>
          )}
        </Group>
      </Group>
      {room.group.length === 0 ? (
        <Text size="sm" c="dimmed">
          {room.policy.responseGroup ? t('console.room.group.nobody') : t('console.room.group.none')}
        </Text>
      ) : (
        <Table verticalSpacing={4} data-testid="group-members">
          <Table.Tbody>
            {room.group.map((m) => (
              <Table.Tr key={m.person} data-person={m.person} data-state={m.state}>
                <Table.Td>
                  <Text size="sm" data-i18n-value>
                    {m.person}
                  </Text>
                  <Text size="xs" c="dimmed" data-i18n-value>
                    {m.invitedVia.join(', ')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={STATE_COLOR[m.state]} variant="light">
                    {t(STATE_LABEL[m.state])}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <RelativeTime value={m.answeredAt ?? m.pendingSince} size="xs" />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          action.mutate({ path: 'group/invite', body: { person: invitee } }, { onSuccess: () => setInvitee('') });
        }}
      >
        <Stack gap="xs" mt="sm">
          <Group gap="xs" wrap="nowrap">
            <TextInput
              size="xs"
              placeholder={t('console.signIn.email')}
              aria-label={t('console.room.group.inviteLabel')}
              value={invitee}
              onChange={(e) => setInvitee(e.currentTarget.value)}
              required
              style={{ flex: 1 }}
            />
            <Button size="xs" type="submit" variant="light">
              {t('console.room.group.invite')}
            </Button>
          </Group>
          <ActionError error={action.error} onClose={() => action.reset()} />
        </Stack>
      </form>
    </Card>
  );
}
