import type { IncidentDetail } from '@faultline/contracts';
import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useRoomAction } from '../api/response.ts';
import { ActionError } from './action-error.tsx';
import type { MessageId } from '@faultline/i18n';
import { useT } from '../i18n/index.ts';

type Act = 'mitigate' | 'cancel' | 'reopen' | 'close';

/** Which lifecycle actions apply in each state (apps/server/src/incident/lifecycle.ts). */
const APPLIES: Record<Act, readonly string[]> = {
  mitigate: ['triggered', 'acknowledged'],
  cancel: ['triggered', 'acknowledged', 'mitigated'],
  reopen: ['mitigated', 'resolved', 'cancelled'],
  close: ['resolved'],
};
const LABEL: Record<Act, MessageId> = {
  mitigate: 'console.room.lifecycle.mitigate',
  cancel: 'console.room.lifecycle.cancel',
  reopen: 'console.room.lifecycle.reopen',
  close: 'console.room.lifecycle.close',
};
const ASK: Record<Act, MessageId> = {
  mitigate: 'console.room.lifecycle.mitigateAsk',
  cancel: 'console.room.lifecycle.cancelAsk',
  reopen: 'console.room.lifecycle.reopenAsk',
  close: 'console.room.lifecycle.closeAsk',
};

/** The lifecycle beyond acknowledge and resolve: each action asks who (the viewer) and why. */
export function LifecycleBar({ incident }: { incident: IncidentDetail }) {
  const t = useT();
  const action = useRoomAction(incident.id);
  const [open, setOpen] = useState<Act | null>(null);
  const [reason, setReason] = useState('');
  const acts = (Object.keys(APPLIES) as Act[]).filter((a) => APPLIES[a].includes(incident.status));
  if (acts.length === 0) return null;
  return (
    <Stack gap="xs">
      <Group gap="xs">
        {acts.map((a) => (
          <Button
            key={a}
            size="xs"
            variant={open === a ? 'filled' : 'default'}
            onClick={() => setOpen(open === a ? null : a)}
            data-testid={`lifecycle-${a}`}
          >
            {t(LABEL[a])}
          </Button>
        ))}
      </Group>
      {open && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const body = open === 'close' ? { waiver: reason } : { reason };
            action.mutate(
              { path: open, body },
              {
                onSuccess: () => {
                  setOpen(null);
                  setReason('');
                },
              },
            );
          }}
        >
          <Group gap="xs" wrap="nowrap">
            <TextInput
              size="xs"
              aria-label={t(ASK[open])}
              placeholder={t(ASK[open])}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              required={open !== 'mitigate'}
              style={{ flex: 1 }}
            />
            <Button size="xs" type="submit" loading={action.isPending}>
              {t(LABEL[open])}
            </Button>
          </Group>
        </form>
      )}
      <ActionError error={action.error} onClose={() => action.reset()} />
    </Stack>
  );
}
