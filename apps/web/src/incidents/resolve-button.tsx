import type { IncidentDetail } from '@faultline/contracts';
import { IconCircleCheck } from '@tabler/icons-react';
import { useResolve } from '../api/incidents.ts';
import { ConfirmedActionButton } from './confirmed-action-button.tsx';
import { useT } from '../i18n/index.ts';
import { statusId } from './status-badge.tsx';

/** States a person may resolve from (apps/server/src/incident/resolve.ts). */
const RESOLVABLE = new Set(['triggered', 'acknowledged', 'mitigated']);

/**
 * "Resolve": a person says the incident is over, after a confirmation (it cannot be undone: the escalation
 * ends and the next alert of the group opens a new incident). Disabled for a resolved or closed incident,
 * with a tooltip saying why; the server's refusal is shown in the dialog.
 */
export function ResolveButton({ incident }: { incident: IncidentDetail }) {
  const t = useT();
  return (
    <ConfirmedActionButton
      incident={incident}
      mutation={useResolve(incident.id)}
      enabledIn={RESOLVABLE}
      whyNot={t('console.resolve.whyNot', { status: t(statusId(incident.status)) })}
      label={t('console.resolve.label')}
      icon={<IconCircleCheck size={18} aria-hidden />}
      color="green"
      testId="resolve"
      hotkey="r"
      dialogTitle={t('console.resolve.dialogTitle')}
      explanation={t('console.resolve.explanation')}
      confirmLabel={t('console.resolve.confirm')}
      failedTitle={t('console.resolve.failed')}
    />
  );
}
