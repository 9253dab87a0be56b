/**
 * Recovery's pure rules (issue 9 point 3): which playbooks match an incident, which services a step targets,
 * and how many approvals a step needs and whether it has them.
 */
import {
  CHANGE_ROLLBACK_PLAYBOOK,
  type ChangeRollbackConfig,
  type PlaybookConfig,
  type PlaybookStepConfig,
} from './config.ts';

/** The incident as matching sees it. */
export interface MatchIncident {
  service: string | null;
  module: string | null;
  /** Current levels, e.g. `{ P: 1 }`. */
  levels: Readonly<Record<string, number>>;
  /** Label values of its alerts: name → the values seen. */
  labels: Readonly<Record<string, readonly string[]>>;
}

/**
 * Whether the playbook's scenario fits the incident: each condition given must hold — the service is listed,
 * the module is listed, one of the levels is the incident's (`P1` = sequence P at level 1), every label is
 * carried by some alert with that value. No condition: matches every incident.
 */
export function playbookMatches(p: PlaybookConfig, i: MatchIncident): boolean {
  const m = p.match;
  if (m.services.length > 0 && (i.service === null || !m.services.includes(i.service))) return false;
  if (m.modules.length > 0 && (i.module === null || !m.modules.includes(i.module))) return false;
  if (m.levels.length > 0 && !m.levels.some((l) => i.levels[l.replace(/\d+$/, '')] === Number(l.match(/\d+$/)![0])))
    return false;
  for (const [name, value] of Object.entries(m.labels)) if (!i.labels[name]?.includes(value)) return false;
  return true;
}

/** The playbooks that match, in config order. */
export function matchPlaybooks(playbooks: readonly PlaybookConfig[], i: MatchIncident): PlaybookConfig[] {
  return playbooks.filter((p) => playbookMatches(p, i));
}

/**
 * The services a step acts on: `self` the incident's service; `upstream` the services it depends on;
 * `downstream` the services that depend on it (catalog order); a service id itself. Empty when the
 * incident has no service (for self/upstream/downstream).
 */
export function stepTargets(
  target: PlaybookStepConfig['target'],
  service: string | null,
  dependsOn: (s: string) => readonly string[],
  allServices: readonly string[],
): string[] {
  if (target !== 'self' && target !== 'upstream' && target !== 'downstream') return [target];
  if (service === null) return [];
  if (target === 'self') return [service];
  if (target === 'upstream') return [...dependsOn(service)];
  return allServices.filter((s) => dependsOn(s).includes(service));
}

/**
 * Approvals a step needs before its automation runs: the step's `approvals` when set; else a cut-over 2
 * (a disaster switch is two people's decision); else 1 when the incident is P1; else 0. A step without
 * automation is done by hand and needs none (the person who does it records it).
 */
export function approvalsNeeded(step: PlaybookStepConfig, levels: Readonly<Record<string, number>>): number {
  if (!step.automation) return 0;
  if (step.approvals !== undefined) return step.approvals;
  if (step.method === 'cutover') return 2;
  return levels.P === 1 ? 1 : 0;
}

/**
 * Who holds approval authority over one step on one incident (docs/recovery.md "Approvals"; issue 9: "P1: the
 * coordinator approves; a cut-over: two approvers").
 */
export interface ApprovalAuthority {
  /** Who holds the coordinator role now (lower-case email), or null when nobody does. */
  coordinator: string | null;
  /** The step's `approvers` (else its playbook's), `leadership` replaced by the business line's people; lower-case. */
  approvers: readonly string[];
}

/** The person approving: their handle (lower-case email) and whether they manage the incident's team or are an admin. */
export interface Approver {
  id: string;
  override?: boolean;
}

/** In which capacity an approval was given. */
export type ApprovalCapacity = 'coordinator' | 'approver' | 'override';

/**
 * In which capacity `who` may approve: as the coordinator, as a listed approver, or with the coordinator's
 * authority without holding the role (a team manager or an admin, as in the room's role rules); null when
 * they may not.
 */
export function approvalCapacity(who: Approver, authority: ApprovalAuthority): ApprovalCapacity | null {
  if (authority.coordinator !== null && who.id === authority.coordinator) return 'coordinator';
  if (authority.approvers.includes(who.id)) return 'approver';
  if (who.override) return 'override';
  return null;
}

/** Who may approve, in words: "the coordinator (ana@example.com), cy@example.com, a team manager or an admin". */
export function describeApprovers(authority: ApprovalAuthority): string {
  const coordinator = `the coordinator (${authority.coordinator ?? 'nobody holds the role'})`;
  return [coordinator, ...authority.approvers, 'a team manager or an admin'].join(', ');
}

/**
 * Why a person may not approve, or null when they may: not the requester (four eyes), once per person, and
 * only the coordinator, a listed approver, a team manager or an admin.
 * @param requester who asked for the step (compared case-insensitively)
 */
export function approvalRefusal(
  who: Approver,
  requester: string,
  approvals: ReadonlyArray<{ by: string }>,
  authority: ApprovalAuthority,
): string | null {
  if (who.id === requester.toLowerCase()) return 'the person who asked for the step cannot approve it';
  if (approvals.some((a) => a.by.toLowerCase() === who.id)) return `${who.id} has already approved this step`;
  if (approvalCapacity(who, authority) === null) return `only ${describeApprovers(authority)} may approve this step`;
  return null;
}

/** The step's approvers as configured: its own list, else its playbook's. */
export function configuredApprovers(playbook: PlaybookConfig, step: PlaybookStepConfig): readonly string[] {
  return step.approvers ?? playbook.approvers;
}

/** A change as the rollback offer sees it. */
export interface RollbackChange {
  id: number;
  summary: string;
  source: string;
  sourceKey: string | null;
  services: readonly string[];
}

/**
 * The playbook that offers rolling back `change` (issue 9: "a suspect change with a rollback automation offers
 * 'roll back' as a step"): one `rollback` step with the automation of the first `changeRollbacks` entry whose
 * source, key (if given) and services (if given) fit the change; null when none fits or there is no change.
 * The step targets the change's services.
 */
export function changeRollbackPlaybook(
  entries: readonly ChangeRollbackConfig[],
  change: RollbackChange | null,
): PlaybookConfig | null {
  if (!change) return null;
  const entry = entries.find(
    (e) =>
      e.source === change.source &&
      (e.key === undefined || e.key === change.sourceKey) &&
      (e.services.length === 0 || e.services.some((s) => change.services.includes(s))),
  );
  if (!entry) return null;
  return {
    id: CHANGE_ROLLBACK_PLAYBOOK,
    name: `Roll back change #${change.id}: ${change.summary}`,
    match: { services: [], modules: [], levels: [], labels: {} },
    approvers: [],
    steps: [
      {
        id: 'rollback',
        method: 'rollback',
        guidance: entry.guidance,
        target: change.services[0] ?? 'self',
        ...(entry.approvals === undefined ? {} : { approvals: entry.approvals }),
        ...(entry.approvers === undefined ? {} : { approvers: entry.approvers }),
        automation: entry.automation,
      },
    ],
  };
}
