/**
 * Recovery's pure rules (issue 9 point 3): which playbooks match an incident, which services a step targets,
 * and how many approvals a step needs and whether it has them.
 */
import type { PlaybookConfig, PlaybookStepConfig } from './config.ts';

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

/** Why a person may not approve, or null when they may: not the requester, and once per person. */
export function approvalRefusal(
  approver: string,
  requester: string,
  approvals: ReadonlyArray<{ by: string }>,
): string | null {
  if (approver === requester) return 'the person who asked for the step cannot approve it';
  if (approvals.some((a) => a.by === approver)) return `${approver} has already approved this step`;
  return null;
}
