import type { KeyTimeCode, ResponseRoom } from '@faultline/contracts';
import { Button, Card, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useRoomAction } from '../api/response.ts';
import { AbsoluteTime } from '../ui/time.tsx';
import { ActionError } from './action-error.tsx';

/**
 * A `datetime-local` value (the viewer's zone) as an ISO instant; '' stays ''. The browser's zone is the
 * viewer's, which is what they typed in.
 */
function localToIso(local: string): string {
  return local ? new Date(local).toISOString() : '';
}

/** Key times (DESIGN §6): each with who set it and why; a person sets or moves one with a reason. */
export function KeyTimesCard({ room }: { room: ResponseRoom }) {
  const action = useRoomAction(room.incidentId);
  const editable = room.keyTimes.filter((k) => k.editing !== 'lifecycle' || k.at !== null);
  const [code, setCode] = useState<KeyTimeCode>('cause_located_at');
  const [when, setWhen] = useState('');
  const [reason, setReason] = useState('');
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="key-times-heading">
      <Title order={2} size="h4" id="key-times-heading" mb="sm">
        Key times
      </Title>
      <Table.ScrollContainer minWidth={300}>
        <Table verticalSpacing={4} data-testid="key-times">
          <Table.Tbody>
            {room.keyTimes.map((k) => (
              <Table.Tr key={k.code} data-code={k.code}>
                <Table.Td>
                  <Text size="sm">{k.label}</Text>
                </Table.Td>
                <Table.Td>
                  {k.at ? (
                    <AbsoluteTime value={k.at} size="sm" />
                  ) : (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  )}
                  {k.reason && (
                    <Text size="xs" c="dimmed">
                      {k.setBy}: {k.reason}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          action.mutate(
            { path: 'key-times', method: 'PATCH', body: { milestones: { [code]: localToIso(when) }, reason } },
            { onSuccess: () => setReason('') },
          );
        }}
      >
        <Stack gap="xs" mt="sm">
          <Group grow gap="xs" wrap="wrap">
            <NativeSelect
              label="Key time"
              value={code}
              onChange={(e) => setCode(e.currentTarget.value as KeyTimeCode)}
              data={editable.map((k) => ({ value: k.code, label: k.label }))}
            />
            <TextInput
              label="When"
              type="datetime-local"
              step={1}
              value={when}
              onChange={(e) => setWhen(e.currentTarget.value)}
              required
            />
          </Group>
          <TextInput label="Why" value={reason} onChange={(e) => setReason(e.currentTarget.value)} required />
          <Group justify="flex-end">
            <Button type="submit" size="xs" loading={action.isPending}>
              Set key time
            </Button>
          </Group>
          <ActionError error={action.error} onClose={() => action.reset()} />
        </Stack>
      </form>
    </Card>
  );
}
