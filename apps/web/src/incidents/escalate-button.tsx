import type { IncidentDetail } from '@faultline/contracts';
import { IconArrowBigUpLines } from '@tabler/icons-react';
import { useEscalate } from '../api/oncall.ts';
import { ConfirmedActionButton } from './confirmed-action-button.tsx';

/** States in which the server runs the next escalation step on request. */
const ESCALATABLE = new Set(['triggered', 'acknowledged']);

/**
 * "Escalate": pages the next step of the incident's escalation policy now, after a confirmation (it wakes
 * people up). Enabled while the incident is triggered or acknowledged; the server answers 412 when the team
 * has no policy or no step is left, and that reason is shown in the dialog.
 */
export function EscalateButton({ incident }: { incident: IncidentDetail }) {
  return (
    <ConfirmedActionButton
      incident={incident}
      mutation={useEscalate(incident.id)}
      enabledIn={ESCALATABLE}
      whyNot={`Only a triggered or acknowledged incident can be escalated; this one is ${incident.status}.`}
      label="Escalate"
      icon={<IconArrowBigUpLines size={18} aria-hidden />}
      color="orange"
      testId="escalate"
      dialogTitle="Escalate this incident?"
      explanation="The next step of the team's escalation policy is paged now, without waiting for its delay. The timeline records that you asked."
      confirmLabel="Page the next step now"
      failedTitle="Not escalated"
    />
  );
}
