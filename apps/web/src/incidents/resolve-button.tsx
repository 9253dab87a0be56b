import type { IncidentDetail } from '@faultline/contracts';
import { Alert, Button, Group, Modal, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertCircle, IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useResolve } from '../api/incidents.ts';
import { usePermissions } from '../api/people.ts';
import { errorMessage } from '../ui/states.tsx';

/** States a person may resolve from (apps/server/src/incident/resolve.ts). */
const RESOLVABLE = new Set(['triggered', 'acknowledged', 'mitigated']);

/**
 * "Resolve": a person says the incident is over, after a confirmation (it cannot be undone: the escalation
 * ends and the next alert of the group opens a new incident). Disabled for a resolved or closed incident,
 * with a tooltip saying why; the server's refusal is shown in the dialog.
 */
export function ResolveButton({ incident }: { incident: IncidentDetail }) {
  const [open, setOpen] = useState(false);
  const resolve = useResolve(incident.id);
  const { can } = usePermissions();
  const allowed = RESOLVABLE.has(incident.status);
  const close = (): void => {
    setOpen(false);
    resolve.reset();
  };
  const button = (
    <Button
      variant="light"
      color="green"
      leftSection={<IconCircleCheck size={18} aria-hidden />}
      disabled={!allowed}
      onClick={() => setOpen(true)}
      data-testid="resolve-button"
    >
      Resolve
    </Button>
  );
  // The server asks for incident:respond on the incident's team; others do not see the button.
  if (!can('incident:respond', incident.team)) return null;
  return (
    <>
      {allowed ? (
        button
      ) : (
        <Tooltip label={`Only an open incident can be resolved; this one is ${incident.status}.`} withArrow>
          {/* A disabled button fires no pointer events; the wrapper lets the tooltip explain why. */}
          <span tabIndex={0}>{button}</span>
        </Tooltip>
      )}
      <Modal opened={open} onClose={close} title="Resolve this incident?" centered>
        <Stack gap="md">
          <Text size="sm">
            Resolving says the incident is over: its escalation ends and nobody else is paged. The next alert of its
            group opens a new incident instead of joining this one. The timeline records that you resolved it.
          </Text>
          {resolve.isError && (
            <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert" title="Not resolved">
              {errorMessage(resolve.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              color="green"
              loading={resolve.isPending}
              onClick={() => resolve.mutate(undefined, { onSuccess: () => setOpen(false) })}
              data-testid="resolve-confirm"
            >
              Resolve incident
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
