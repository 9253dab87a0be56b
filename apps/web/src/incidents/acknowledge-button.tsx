import type { IncidentDetail } from '@faultline/contracts';
import { Button, Tooltip } from '@mantine/core';
import { IconUserCheck } from '@tabler/icons-react';
import type { useAcknowledge } from '../api/incidents.ts';

/**
 * Acknowledges a triggered incident. Disabled in any other state, with a tooltip saying why.
 * The mutation is owned by the page so it can show a failure next to the header.
 */
export function AcknowledgeButton({
  incident,
  acknowledge,
}: {
  incident: IncidentDetail;
  acknowledge: ReturnType<typeof useAcknowledge>;
}) {
  const canAcknowledge = incident.status === 'triggered';
  const button = (
    <Button
      leftSection={<IconUserCheck size={18} aria-hidden />}
      disabled={!canAcknowledge}
      loading={acknowledge.isPending}
      onClick={() => acknowledge.mutate()}
      data-testid="ack-button"
    >
      Acknowledge
    </Button>
  );
  if (canAcknowledge) return button;
  return (
    <Tooltip label={`Only a triggered incident can be acknowledged; this one is ${incident.status}.`} withArrow>
      {/* A disabled button fires no pointer events; the wrapper lets the tooltip explain why. */}
      <span tabIndex={0}>{button}</span>
    </Tooltip>
  );
}
