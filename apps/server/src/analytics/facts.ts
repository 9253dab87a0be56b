/**
 * What analytics reads about one incident, gathered from the domains that own each fact (incident, the
 * response room's key times and declarations, postmortems, change verdicts, recovery steps) by `store.ts`,
 * and the scope rules every incident metric shares. Pure: the metrics take these and compute.
 */
import type { AnalyticsDimension } from '@faultline/contracts';
import type { Milestones } from '../response/index.ts';

/** One incident as analytics sees it. Instants are UTC `Date`s. */
export interface IncidentFacts {
  id: number;
  title: string;
  status: string;
  /** Below every level: visible, never paged. Not an incident for analytics. */
  risk: boolean;
  /** A fault drill (issue 17 point 10): a rehearsal, never a fault. Absent means false. */
  drill?: boolean;
  /** Current level per sequence, e.g. `{P: 2}`. */
  levels: Readonly<Record<string, number>>;
  team: string | null;
  service: string | null;
  /** The business line of the incident's service in the catalog, null when the service is not in it. */
  businessLine: string | null;
  createdAt: Date;
  /** The effective key times (incident row overlaid by the room's edits). */
  milestones: Milestones;
  /** Monitoring, customer, internal, public-opinion: the postmortem's, else the declaration's, else null. */
  detectionSource: string | null;
  /** The postmortem's root-cause class, null until classified. */
  causeClass: string | null;
  /** Methods of the recovery steps that were executed (started), e.g. `rollback`. */
  recoveryMethods: readonly string[];
  /** Changes whose current verdict on this incident is `caused`. */
  causedBy: readonly number[];
  /** A person has marked the incident as noise (issue 16 point 9; an alert's own mark does not count). */
  noise: boolean;
  /** The integrations its alerts came in through, distinct and sorted; empty for a declared incident. */
  sources: readonly string[];
  /** Per sequence, the id of the rule behind its current level (a grading rule's id, `manual` for a person's). */
  gradedBy: Readonly<Record<string, string>>;
  /** The `alertname` label of its first alert; null when it has none. */
  alertname: string | null;
}

/** A change as analytics sees it. */
export interface ChangeFacts {
  id: number;
  kind: string;
  services: readonly string[];
  startedAt: Date;
  /** Incidents on which this change's current verdict is `caused`. */
  caused: readonly number[];
}

/** A postmortem and its actions as analytics sees them. */
export interface PostmortemFacts {
  incidentId: number;
  /** `P1`… when opened; null for an incident without a level. */
  level: string | null;
  status: string;
  dueAt: Date;
  publishedAt: Date | null;
  actions: ReadonlyArray<{ state: string; dueAt: Date; doneAt: Date | null; verifiedAt: Date | null }>;
}

/** The filters of a query (contracts AnalyticsQuery). */
export interface Scope {
  sequence: string;
  team?: string | undefined;
  service?: string | undefined;
  businessLine?: string | undefined;
  /** Level labels (`P1`): an incident at any of them matches. */
  level?: readonly string[] | undefined;
}

/**
 * The instant that places an incident in a bucket: `detected_at` (when the fault became known; set when the
 * incident is opened and never cleared), else `createdAt`.
 */
export function anchorOf(f: IncidentFacts): Date {
  return f.milestones.detected_at ?? f.createdAt;
}

/** The incident's level labels, one per sequence (`P2`, `R1`). */
export function levelLabels(f: Pick<IncidentFacts, 'levels'>): string[] {
  return Object.entries(f.levels).map(([seq, n]) => `${seq}${n}`);
}

/** Whether the incident passes the query's filters (team, service, business line, level). */
export function matchesFilters(
  f: Pick<IncidentFacts, 'team' | 'service' | 'businessLine' | 'levels'>,
  scope: Scope,
): boolean {
  if (scope.team !== undefined && f.team !== scope.team) return false;
  if (scope.service !== undefined && f.service !== scope.service) return false;
  if (scope.businessLine !== undefined && f.businessLine !== scope.businessLine) return false;
  if (scope.level !== undefined) {
    const labels = levelLabels(f);
    if (!scope.level.some((l) => labels.includes(l))) return false;
  }
  return true;
}

/**
 * Why an incident that passes the filters is still not counted: a fault drill (a rehearsal), a cancelled incident (a false alarm counts
 * nowhere, as on the 1-5-10 clock) and a risk (never an incident). Null: it counts.
 */
export function exclusionOf(f: IncidentFacts): 'drill' | 'cancelled' | 'risk' | null {
  if (f.drill) return 'drill';
  if (f.status === 'cancelled') return 'cancelled';
  if (f.risk) return 'risk';
  return null;
}

/** Adds one to `reason` in an exclusion tally. */
export function tally(map: Map<string, number>, reason: string): void {
  map.set(reason, (map.get(reason) ?? 0) + 1);
}

/** A tally as the API shows it, largest first. */
export function exclusions(map: Map<string, number>): Array<{ reason: string; count: number }> {
  return [...map].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
}

/**
 * The incident's keys in a dimension. Absent values have a key of their own so nothing silently drops out:
 * `none` (no level in the sequence, no team, no service, no business line, no recovery step), `unclassified`
 * (no root-cause class yet), `unknown` (no detection source). `recoveryMethod` may give several keys: an
 * incident counts once under each method it used.
 */
export function keysOf(f: IncidentFacts, dimension: AnalyticsDimension, sequence: string): string[] {
  switch (dimension) {
    case 'level': {
      const n = f.levels[sequence];
      return [n === undefined ? 'none' : `${sequence}${n}`];
    }
    case 'team':
      return [f.team ?? 'none'];
    case 'service':
      return [f.service ?? 'none'];
    case 'businessLine':
      return [f.businessLine ?? 'none'];
    case 'causeClass':
      return [f.causeClass ?? 'unclassified'];
    case 'detectionSource':
      return [f.detectionSource ?? 'unknown'];
    case 'recoveryMethod':
      return f.recoveryMethods.length ? [...new Set(f.recoveryMethods)] : ['none'];
  }
}
