/**
 * Milestones: the key time points of an incident (DESIGN §6; seed 001's "injection, occurrence, detection,
 * response, initial cause location, execution of recovery, full recovery, root-cause identification").
 * Codes are the DESIGN names and appear as such in the API and as timeline tags (`[cause_located]`).
 * All times are UTC instants (`Date`); an absent milestone is unknown (not yet, or never recorded).
 */
import { KEY_TIME_CODES, KeyTimeCode } from '@faultline/contracts';

/** The milestone codes in their natural order (the order a textbook incident reaches them); the API's key-time codes. */
export const MILESTONE_CODES = KEY_TIME_CODES;

/** A milestone code. */
export const MilestoneCode = KeyTimeCode;
export type MilestoneCode = KeyTimeCode;

/** An incident's milestones: code → instant (UTC); absent = unknown. */
export type Milestones = Partial<Record<MilestoneCode, Date>>;

/**
 * How a person may edit a milestone (always with a reason, audited):
 * - `free`: set, move or clear;
 * - `lifecycle`: written by a lifecycle transition (acknowledge, mitigate, resolve, close); a person may move
 *   a recorded value but not set or clear it, so the status and its time never disagree;
 * - `anchor`: `detected_at`, set when the incident is opened; it may be moved, never cleared.
 */
export type MilestoneEditing = 'free' | 'lifecycle' | 'anchor';

/** One entry of the catalogue. */
export interface MilestoneInfo {
  code: MilestoneCode;
  /** Short label for people, e.g. "Cause located". */
  label: string;
  /** The seed's word for this point (seed 001 / GEMP key nodes). */
  seedTerm: string;
  /** Who or what sets it automatically (DESIGN §6). */
  setBy: string;
  editing: MilestoneEditing;
}

/** The catalogue, in natural order. */
export const MILESTONES: readonly MilestoneInfo[] = [
  {
    code: 'change_introduced_at',
    label: 'Change introduced',
    seedTerm: 'injection',
    setBy: 'a linked change',
    editing: 'free',
  },
  {
    code: 'impact_started_at',
    label: 'Impact started',
    seedTerm: 'occurrence',
    setBy: 'earliest alert start, KPI breach start or the reporter',
    editing: 'free',
  },
  {
    code: 'detected_at',
    label: 'Detected',
    seedTerm: 'detection',
    setBy: 'first alert or report received',
    editing: 'anchor',
  },
  {
    code: 'acknowledged_at',
    label: 'Acknowledged',
    seedTerm: 'response',
    setBy: 'first acknowledgement',
    editing: 'lifecycle',
  },
  {
    code: 'cause_located_at',
    label: 'Cause located',
    seedTerm: 'initial cause location',
    setBy: 'a responder marks the cause located',
    editing: 'free',
  },
  {
    code: 'recovery_started_at',
    label: 'Recovery started',
    seedTerm: 'execution of recovery',
    setBy: 'first recovery action (playbook step, rollback)',
    editing: 'free',
  },
  {
    code: 'mitigated_at',
    label: 'Service restored',
    seedTerm: 'full recovery',
    setBy: 'a responder marks it mitigated, or its alerts resolve',
    editing: 'lifecycle',
  },
  {
    code: 'root_cause_identified_at',
    label: 'Root cause identified',
    seedTerm: 'root-cause identification',
    setBy: 'the postmortem',
    editing: 'free',
  },
  { code: 'resolved_at', label: 'Resolved', seedTerm: 'resolved', setBy: 'lifecycle: resolve', editing: 'lifecycle' },
  { code: 'closed_at', label: 'Closed', seedTerm: 'closed', setBy: 'lifecycle: close', editing: 'lifecycle' },
];

const INFO = new Map(MILESTONES.map((m) => [m.code, m]));

/** The catalogue entry of a code. */
export function milestoneInfo(code: MilestoneCode): MilestoneInfo {
  return INFO.get(code)!;
}

/** Position of a code in the natural order, 0 = `change_introduced_at`. */
export function milestoneRank(code: MilestoneCode): number {
  return MILESTONE_CODES.indexOf(code);
}

/**
 * Reads a timeline tag as a milestone code: `cause_located` or `cause_located_at` (case-insensitive).
 * @returns the code, or undefined when the tag names no milestone
 */
export function milestoneFromTag(tag: string): MilestoneCode | undefined {
  const t = tag.trim().toLowerCase();
  const code = (t.endsWith('_at') ? t : `${t}_at`) as MilestoneCode;
  return INFO.has(code) ? code : undefined;
}

/** The tag form of a code, `cause_located` for `cause_located_at`. */
export function milestoneTag(code: MilestoneCode): string {
  return code.slice(0, -3);
}
