import { Anchor, Badge } from '@mantine/core';
import { Link } from 'react-router';
import type { IncidentSummary } from '@faultline/contracts';
import { useT } from '../i18n/index.ts';

/**
 * "overdue postmortem" on an incident whose postmortem is past its due time (on the team's working-day calendar)
 * and not published; a link to the postmortem. Nothing otherwise.
 */
export function PostmortemOverdueBadge({
  incident,
  size = 'sm',
}: {
  incident: Pick<IncidentSummary, 'id' | 'postmortemOverdue' | 'postmortemDueAt'>;
  size?: 'sm' | 'md';
}) {
  const t = useT();
  if (!incident.postmortemOverdue) return null;
  return (
    <Anchor component={Link} to={`/incidents/${incident.id}/postmortem`} underline="never">
      <Badge
        color="red"
        variant="filled"
        size={size}
        data-testid="postmortem-overdue"
        title={incident.postmortemDueAt ? t('console.postmortem.dueAt', { at: incident.postmortemDueAt }) : undefined}
      >
        {t('console.postmortem.overdue')}
      </Badge>
    </Anchor>
  );
}
