import type { IncidentDetail } from '@faultline/contracts';
import { IconArrowBigUpLines } from '@tabler/icons-react';
import { useEscalate, useEscalationPolicies } from '../api/oncall.ts';
import { ConfirmedActionButton } from './confirmed-action-button.tsx';

/** States in which the server runs the next escalation step on request. */
const ESCALATABLE = new Set(['triggered', 'acknowledged']);

/**
 * Why an incident of `team` on `service` cannot be escalated, given the policies and the teams and services
 * using each (a service's policy is used before its team's); null when it can (or when the policies are not
 * known: the server then says why in the dialog).
 */
export function noPolicyReason(
  team: string | null,
  service: string | null,
  policies: ReadonlyArray<{ teams: readonly string[]; services?: readonly string[] }> | undefined,
): string | null {
  if (!policies) return null;
  if (service && policies.some((p) => p.services?.includes(service))) return null;
  if (!team) return 'This incident has no team, so no escalation policy to run.';
  if (policies.some((p) => p.teams.includes(team))) return null;
  return `Team ${team} has no escalation policy: link one on People → Teams (or in the config file) to escalate.`;
}

/**
 * "Escalate": pages the next step of the incident's escalation policy now, after a confirmation (it wakes
 * people up). Enabled while the incident is triggered or acknowledged and its team has a policy (issue 12: it
 * was enabled without one and failed after the confirmation); the server answers 412 when no step is left,
 * and that reason is shown in the dialog.
 */
export function EscalateButton({ incident }: { incident: IncidentDetail }) {
  const policies = useEscalationPolicies();
  return (
    <ConfirmedActionButton
      incident={incident}
      mutation={useEscalate(incident.id)}
      enabledIn={ESCALATABLE}
      blockedWhy={noPolicyReason(incident.team, incident.service, policies.data)}
      whyNot={`Only a triggered or acknowledged incident can be escalated; this one is ${incident.status}.`}
      label="Escalate"
      icon={<IconArrowBigUpLines size={18} aria-hidden />}
      color="orange"
      testId="escalate"
      hotkey="e"
      dialogTitle="Escalate this incident?"
      explanation="The next step of the team's escalation policy is paged now, without waiting for its delay. The timeline records that you asked."
      confirmLabel="Page the next step now"
      failedTitle="Not escalated"
    />
  );
}
