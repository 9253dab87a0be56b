import type { QuarantinedEvent } from '@faultline/contracts';
import { ActionIcon, Alert, Button, Code, Collapse, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { IconAlertCircle, IconChevronDown, IconChevronRight, IconPlayerPlay, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useDiscardQuarantined, useReplayQuarantined } from '../api/intake.ts';
import { errorMessage } from '../ui/states.tsx';
import { AbsoluteTime, RelativeTime } from '../ui/time.tsx';

const COLUMNS = 6;

/** What each act does, in the confirmation dialog. */
const ACTS = {
  replay: {
    title: 'Replay this event?',
    text: 'Its body is parsed again with the current version and convergence applies it next, before any later event. Its alerts may open incidents and page people. If it fails again, it comes back here after its tries.',
    confirm: 'Replay',
    color: 'blue',
  },
  discard: {
    title: 'Discard this event?',
    text: 'It is kept for the record but never applied: its alerts will not become incidents. Discard only an event that should not page.',
    confirm: 'Discard',
    color: 'red',
  },
} as const;

/**
 * One quarantined event: when it was received and set aside (the viewer's time zone), where from, why; the
 * arrow shows the start of its body. Replay and Discard run after a confirmation that also shows a refusal.
 */
export function QuarantineRow({ event }: { event: QuarantinedEvent }) {
  const [open, setOpen] = useState(false);
  const [act, setAct] = useState<keyof typeof ACTS | null>(null);
  const replay = useReplayQuarantined();
  const discard = useDiscardQuarantined();
  const mutation = act === 'discard' ? discard : replay;
  const close = (): void => {
    setAct(null);
    replay.reset();
    discard.reset();
  };
  return (
    <>
      <Table.Tr data-testid="quarantine-row" data-event-id={event.id} style={{ verticalAlign: 'top' }}>
        <Table.Td w={40}>
          <ActionIcon
            variant="subtle"
            aria-label={`${open ? 'Hide' : 'Show'} the body of event ${event.id}`}
            aria-expanded={open}
            onClick={() => setOpen((o) => !o)}
          >
            {open ? <IconChevronDown size={16} aria-hidden /> : <IconChevronRight size={16} aria-hidden />}
          </ActionIcon>
        </Table.Td>
        <Table.Td>
          <Text size="sm" fw={500}>
            #{event.id}
          </Text>
          <Text size="xs" c="dimmed">
            {event.source} · {event.integration} · {event.alerts} alert{event.alerts === 1 ? '' : 's'}
          </Text>
        </Table.Td>
        <Table.Td>
          <AbsoluteTime value={event.receivedAt} size="sm" data-testid="quarantine-received" />
        </Table.Td>
        <Table.Td>
          <RelativeTime value={event.quarantinedAt} size="sm" />
          <Text size="xs" c="dimmed">
            after {event.attempts} tries
          </Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm" ff="monospace" style={{ wordBreak: 'break-word' }} data-testid="quarantine-reason">
            {event.reason}
          </Text>
        </Table.Td>
        <Table.Td w={220}>
          <Group gap="xs" wrap="nowrap">
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPlayerPlay size={14} aria-hidden />}
              onClick={() => setAct('replay')}
              data-testid="quarantine-replay"
            >
              Replay
            </Button>
            <Button
              size="xs"
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={14} aria-hidden />}
              onClick={() => setAct('discard')}
              data-testid="quarantine-discard"
            >
              Discard
            </Button>
          </Group>
        </Table.Td>
      </Table.Tr>
      <Table.Tr>
        <Table.Td colSpan={COLUMNS} p={0} style={{ borderBottom: open ? undefined : 'none' }}>
          <Collapse expanded={open}>
            <Stack gap={4} m="xs">
              <Text size="xs" c="dimmed">
                The body as received ({event.payloadLength.toLocaleString()} characters
                {event.payloadLength > event.payloadPreview.length ? ', the start shown' : ''})
              </Text>
              <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                {event.payloadPreview}
              </Code>
            </Stack>
          </Collapse>
        </Table.Td>
      </Table.Tr>
      <Modal opened={act !== null} onClose={close} title={act ? ACTS[act].title : ''} centered>
        {act && (
          <Stack gap="md">
            <Text size="sm">{ACTS[act].text}</Text>
            {mutation.isError && (
              <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert" title="Refused">
                {errorMessage(mutation.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button
                color={ACTS[act].color}
                loading={mutation.isPending}
                onClick={() => mutation.mutate(event.id, { onSuccess: close })}
                data-testid={`quarantine-${act}-confirm`}
              >
                {ACTS[act].confirm}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
