import type { IncidentDetail } from '@faultline/contracts';
import { Button, Tooltip } from '@mantine/core';
import { IconUserCheck } from '@tabler/icons-react';
import type { useAcknowledge } from '../api/incidents.ts';
import { useT } from '../i18n/index.ts';
import { statusId } from './status-badge.tsx';

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
  const t = useT();
  const canAcknowledge = incident.status === 'triggered';
  const button = (
    <Button
      leftSection={<IconUserCheck size={18} aria-hidden />}
      disabled={!canAcknowledge}
      loading={acknowledge.isPending}
      onClick={() => acknowledge.mutate()}
      data-testid="ack-button"
    >
      {t('console.acknowledge.label')}
    </Button>
  );
  if (canAcknowledge) return button;
  return (
    <Tooltip label={t('console.acknowledge.whyNot', { status: t(statusId(incident.status)) })} withArrow>
      {/* A disabled button fires no pointer events; the wrapper lets the tooltip explain why. */}
      <span tabIndex={0}>{button}</span>
    </Tooltip>
  );
}
