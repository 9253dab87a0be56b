import type { IncidentDetail } from '@faultline/contracts';
import { IconArrowBigUpLines } from '@tabler/icons-react';
import { useEscalate, useEscalationPolicies } from '../api/oncall.ts';
import { ConfirmedActionButton } from './confirmed-action-button.tsx';
import { useT } from '../i18n/index.ts';
import type { MessageId } from '@faultline/i18n';
import { statusId } from './status-badge.tsx';

/** States in which the server runs the next escalation step on request. */
const ESCALATABLE = new Set(['triggered', 'acknowledged']);

/**
 * Why an incident of `team` on `service` cannot be escalated, given the policies and the teams and services
 * using each (a service's policy is used before its team's), as a catalog message; null when it can (or when the policies are not
 * known: the server then says why in the dialog).
 */
export function noPolicyReason(
  team: string | null,
  service: string | null,
  policies: ReadonlyArray<{ teams: readonly string[]; services?: readonly string[] }> | undefined,
): { id: MessageId; values?: { team: string } } | null {
  if (!policies) return null;
  if (service && policies.some((p) => p.services?.includes(service))) return null;
  if (!team) return { id: 'console.escalate.noTeam' };
  if (policies.some((p) => p.teams.includes(team))) return null;
  return { id: 'console.escalate.teamHasNoPolicy', values: { team } };
}

/**
 * "Escalate": pages the next step of the incident's escalation policy now, after a confirmation (it wakes
 * people up). Enabled while the incident is triggered or acknowledged and its team has a policy (issue 12: it
 * was enabled without one and failed after the confirmation); the server answers 412 when no step is left,
 * and that reason is shown in the dialog.
 */
export function EscalateButton({ incident }: { incident: IncidentDetail }) {
  const t = useT();
  const policies = useEscalationPolicies();
  const blocked = noPolicyReason(incident.team, incident.service, policies.data);
  return (
    <ConfirmedActionButton
      incident={incident}
      mutation={useEscalate(incident.id)}
      enabledIn={ESCALATABLE}
      blockedWhy={blocked && t(blocked.id, blocked.values)}
      whyNot={t('console.escalate.whyNot', { status: t(statusId(incident.status)) })}
      label={t('console.escalate.label')}
      icon={<IconArrowBigUpLines size={18} aria-hidden />}
      color="orange"
      testId="escalate"
      hotkey="e"
      dialogTitle={t('console.escalate.dialogTitle')}
      explanation={t('console.escalate.explanation')}
      confirmLabel={t('console.escalate.confirm')}
      failedTitle={t('console.escalate.failed')}
    />
  );
}
