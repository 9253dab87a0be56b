import type { IncidentDetail } from '@faultline/contracts';
import { IconCircleCheck } from '@tabler/icons-react';
import { useResolve } from '../api/incidents.ts';
import { ConfirmedActionButton } from './confirmed-action-button.tsx';

/** States a person may resolve from (apps/server/src/incident/resolve.ts). */
const RESOLVABLE = new Set(['triggered', 'acknowledged', 'mitigated']);

/**
 * "Resolve": a person says the incident is over, after a confirmation (it cannot be undone: the escalation
 * ends and the next alert of the group opens a new incident). Disabled for a resolved or closed incident,
 * with a tooltip saying why; the server's refusal is shown in the dialog.
 */
export function ResolveButton({ incident }: { incident: IncidentDetail }) {
  return (
    <ConfirmedActionButton
      incident={incident}
      mutation={useResolve(incident.id)}
      enabledIn={RESOLVABLE}
      whyNot={`Only an open incident can be resolved; this one is ${incident.status}.`}
      label="Resolve"
      icon={<IconCircleCheck size={18} aria-hidden />}
      color="green"
      testId="resolve"
      hotkey="r"
      dialogTitle="Resolve this incident?"
      explanation="Resolving says the incident is over: its escalation ends and nobody else is paged. The next alert of its group opens a new incident instead of joining this one. The timeline records that you resolved it."
      confirmLabel="Resolve incident"
      failedTitle="Not resolved"
    />
  );
}
