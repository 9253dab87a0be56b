import type { KeyTimeCode, ResponseRoom } from '@faultline/contracts';
import { Button, Card, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useRoomAction } from '../api/response.ts';
import { AbsoluteTime } from '../ui/time.tsx';
import { ActionError } from './action-error.tsx';
import type { MessageId } from '@faultline/i18n';
import { NO_VALUE } from '../ui/punctuation.ts';
import { useT } from '../i18n/index.ts';

/**
 * A `datetime-local` value (the viewer's zone) as an ISO instant; '' stays ''. The browser's zone is the
 * viewer's, which is what they typed in.
 */
function localToIso(local: string): string {
  return local ? new Date(local).toISOString() : '';
}

/** Each key time's name (DESIGN §6), by its code: the server's label is English. */
export const KEY_TIME_LABEL: Record<KeyTimeCode, MessageId> = {
  change_introduced_at: 'console.room.keyTime.change_introduced_at',
  impact_started_at: 'console.room.keyTime.impact_started_at',
  detected_at: 'console.room.keyTime.detected_at',
  acknowledged_at: 'console.room.keyTime.acknowledged_at',
  cause_located_at: 'console.room.keyTime.cause_located_at',
  recovery_started_at: 'console.room.keyTime.recovery_started_at',
  mitigated_at: 'console.room.keyTime.mitigated_at',
  root_cause_identified_at: 'console.room.keyTime.root_cause_identified_at',
  resolved_at: 'console.room.keyTime.resolved_at',
  closed_at: 'console.room.keyTime.closed_at',
};

/** Key times (DESIGN §6): each with who set it and why; a person sets or moves one with a reason. */
export function KeyTimesCard({ room }: { room: ResponseRoom }) {
  const t = useT();
  const action = useRoomAction(room.incidentId);
  const editable = room.keyTimes.filter((k) => k.editing !== 'lifecycle' || k.at !== null);
  const [code, setCode] = useState<KeyTimeCode>('cause_located_at');
  const [when, setWhen] = useState('');
  const [reason, setReason] = useState('');
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="key-times-heading">
      <Title order={2} size="h4" id="key-times-heading" mb="sm">
        {t('console.room.keyTimes.title')}
      </Title>
      <Table.ScrollContainer minWidth={300}>
        <Table verticalSpacing={4} data-testid="key-times">
          <Table.Tbody>
            {room.keyTimes.map((k) => (
              <Table.Tr key={k.code} data-code={k.code}>
                <Table.Td>
                  <Text size="sm">{t(KEY_TIME_LABEL[k.code])}</Text>
                </Table.Td>
                <Table.Td>
                  {k.at ? (
                    <AbsoluteTime value={k.at} size="sm" />
                  ) : (
                    <Text size="sm" c="dimmed">
                      {NO_VALUE}
                    </Text>
                  )}
                  {k.reason && (
                    <Text size="xs" c="dimmed" data-i18n-value>
                      {t('console.room.keyTimes.setBy', { by: k.setBy, reason: k.reason })}
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
              label={t('console.room.keyTimes.which')}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value as KeyTimeCode)}
              data={editable.map((k) => ({ value: k.code, label: t(KEY_TIME_LABEL[k.code]) }))}
            />
            <TextInput
              label={t('console.room.keyTimes.when')}
              type="datetime-local"
              step={1}
              value={when}
              onChange={(e) => setWhen(e.currentTarget.value)}
              required
            />
          </Group>
          <TextInput
            label={t('console.room.keyTimes.why')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            required
          />
          <Group justify="flex-end">
            <Button type="submit" size="xs" loading={action.isPending}>
              {t('console.room.keyTimes.set')}
            </Button>
          </Group>
          <ActionError error={action.error} onClose={() => action.reset()} />
        </Stack>
      </form>
    </Card>
  );
}
