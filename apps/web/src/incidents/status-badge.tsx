import type { IncidentStatus } from '@faultline/contracts';
import { Badge, type MantineColor, type MantineSize } from '@mantine/core';

const STATUS_COLOR: Record<IncidentStatus, MantineColor> = {
  triggered: 'red',
  acknowledged: 'yellow',
  mitigated: 'teal',
  resolved: 'green',
  closed: 'gray',
  cancelled: 'dark',
};

/** An incident's lifecycle state (DESIGN §6) as a coloured badge. */
export function StatusBadge({ status, size = 'sm' }: { status: IncidentStatus; size?: MantineSize }) {
  return (
    <Badge
      color={STATUS_COLOR[status]}
      variant="light"
      size={size}
      miw="max-content"
      data-testid="incident-status"
      data-status={status}
    >
      {status}
    </Badge>
  );
}
