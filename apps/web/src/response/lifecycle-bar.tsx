import type { IncidentDetail } from '@faultline/contracts';
import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useRoomAction } from '../api/response.ts';
import { ActionError } from './action-error.tsx';

type Act = 'mitigate' | 'cancel' | 'reopen' | 'close';

/** Which lifecycle actions apply in each state (apps/server/src/incident/lifecycle.ts). */
const APPLIES: Record<Act, readonly string[]> = {
  mitigate: ['triggered', 'acknowledged'],
  cancel: ['triggered', 'acknowledged', 'mitigated'],
  reopen: ['mitigated', 'resolved', 'cancelled'],
  close: ['resolved'],
};
const LABEL: Record<Act, string> = {
  mitigate: 'Service restored',
  cancel: 'Cancel (false alarm)',
  reopen: 'Reopen',
  close: 'Close',
};
const ASK: Record<Act, string> = {
  mitigate: 'What restored it (optional)',
  cancel: 'Why is it a false alarm?',
  reopen: 'Why reopen?',
  close: 'Why no postmortem is needed (waiver)',
};

/** The lifecycle beyond acknowledge and resolve: each action asks who (the viewer) and why. */
export function LifecycleBar({ incident }: { incident: IncidentDetail }) {
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
            {LABEL[a]}
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
              aria-label={ASK[open]}
              placeholder={ASK[open]}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              required={open !== 'mitigate'}
              style={{ flex: 1 }}
            />
            <Button size="xs" type="submit" loading={action.isPending}>
              {LABEL[open]}
            </Button>
          </Group>
        </form>
      )}
      <ActionError error={action.error} onClose={() => action.reset()} />
    </Stack>
  );
}
