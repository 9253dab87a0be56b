import type { IncidentDetail } from '@faultline/contracts';
import { Alert, Button, Group, Modal, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertCircle, IconArrowBigUpLines } from '@tabler/icons-react';
import { useState } from 'react';
import { useEscalate } from '../api/oncall.ts';
import { usePermissions } from '../api/people.ts';
import { errorMessage } from '../ui/states.tsx';

/** States in which the server runs the next escalation step on request. */
const ESCALATABLE = new Set(['triggered', 'acknowledged']);

/**
 * "Escalate": pages the next step of the incident's escalation policy now, after a confirmation (it wakes
 * people up). Enabled while the incident is triggered or acknowledged; the server answers 412 when the team
 * has no policy or no step is left, and that reason is shown in the dialog.
 */
export function EscalateButton({ incident }: { incident: IncidentDetail }) {
  const [open, setOpen] = useState(false);
  const escalate = useEscalate(incident.id);
  const { can } = usePermissions();
  const allowed = ESCALATABLE.has(incident.status);
  const close = (): void => {
    setOpen(false);
    escalate.reset();
  };
  const button = (
    <Button
      variant="light"
      color="orange"
      leftSection={<IconArrowBigUpLines size={18} aria-hidden />}
      disabled={!allowed}
      onClick={() => setOpen(true)}
      data-testid="escalate-button"
    >
      Escalate
    </Button>
  );
  // Escalating wakes people up: only those who may respond to the team's incidents see the button.
  if (!can('incident:respond', incident.team)) return null;
  return (
    <>
      {allowed ? (
        button
      ) : (
        <Tooltip label={`Only a triggered or acknowledged incident can be escalated; this one is ${incident.status}.`}>
          <span tabIndex={0}>{button}</span>
        </Tooltip>
      )}
      <Modal opened={open} onClose={close} title="Escalate this incident?" centered>
        <Stack gap="md">
          <Text size="sm">
            The next step of the team&apos;s escalation policy is paged now, without waiting for its delay. The timeline
            records that you asked.
          </Text>
          {escalate.isError && (
            <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert" title="Not escalated">
              {errorMessage(escalate.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              color="orange"
              loading={escalate.isPending}
              onClick={() => escalate.mutate(undefined, { onSuccess: () => setOpen(false) })}
              data-testid="escalate-confirm"
            >
              Page the next step now
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
