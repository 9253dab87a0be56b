import type { IncidentStatus } from '@faultline/contracts';
import { Badge, type MantineColor, type MantineSize } from '@mantine/core';
import type { MessageId } from '@faultline/i18n';
import { useT } from '../i18n/index.ts';

const STATUS_COLOR: Record<IncidentStatus, MantineColor> = {
  triggered: 'red',
  acknowledged: 'yellow',
  mitigated: 'teal',
  resolved: 'green',
  closed: 'gray',
  cancelled: 'dark',
};

const STATUS_WORD: Record<IncidentStatus, MessageId> = {
  triggered: 'console.status.triggered',
  acknowledged: 'console.status.acknowledged',
  mitigated: 'console.status.mitigated',
  resolved: 'console.status.resolved',
  closed: 'console.status.closed',
  cancelled: 'console.status.cancelled',
};

/** The catalog id of an incident status's name (DESIGN §6), e.g. `console.status.acknowledged`. */
export function statusId(status: IncidentStatus): MessageId {
  return STATUS_WORD[status];
}

/** An incident's lifecycle state (DESIGN §6) as a coloured badge. */
export function StatusBadge({ status, size = 'sm' }: { status: IncidentStatus; size?: MantineSize }) {
  const t = useT();
  return (
    <Badge
      color={STATUS_COLOR[status]}
      variant="light"
      size={size}
      miw="max-content"
      data-testid="incident-status"
      data-status={status}
    >
      {t(statusId(status))}
    </Badge>
  );
}
