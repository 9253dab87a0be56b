/**
 * Which milestones must come before which. Not every pair of the natural order is a rule: real incidents
 * break the textbook order for good reasons, and a person correcting the record must be able to say so.
 * Each ordered pair (`before` ≤ `after`, equal allowed) is one of:
 *
 * - **hard** — refused: causality or the lifecycle makes the other order impossible;
 * - **soft** — accepted with a warning: unusual, but the sources show it happens;
 * - not listed — no order at all (the root cause is identified during the incident or days later in the
 *   postmortem, so it is unordered against everything between detection and resolution).
 *
 * Every one of the 45 pairs of the ten milestones is decided below (`milestone-order.test.ts` checks it).
 */
import { MILESTONE_CODES, type MilestoneCode } from './milestones.ts';

/** One order rule: `before` must not be later than `after`. */
export interface OrderRule {
  before: MilestoneCode;
  after: MilestoneCode;
  kind: 'hard' | 'soft';
  /** Why, for the error or warning message. */
  why: string;
}

const rule = (kind: OrderRule['kind'], why: string, before: MilestoneCode, ...afters: MilestoneCode[]): OrderRule[] =>
  afters.map((after) => ({ before, after, kind, why }));

// The messages are for people; the sources are in the comments.
// Seed 001 lists the points as injection, occurrence, detection, response, location, recovery, root cause.
const INJECTION = 'a fault is introduced before anything else happens to it';
const IMPACT_ENDS = 'impact cannot end before it started';
const EXISTS = 'nobody acknowledges an incident before it is detected';
// Lifecycle: triggered → acknowledged → mitigated → resolved → closed (DESIGN §6).
const RESOLVED = 'resolving ends the response';
const CLOSED = 'closing is the last act on an incident';
// DESIGN §2 "risk" and seed 000's risk warning: seeing a fault coming before users feel it is the aim.
const RISK = 'detected ahead of impact (a risk seen early)?';
// Issue 17: people report faults too, sometimes after the fact; self-healing services recover alone.
const AFTER_THE_FACT = 'reported after the service had recovered, or recovered automatically before detection?';
const ACK_LATE = 'people often work before pressing acknowledge, and automation may recover first';
// Seed 004 §1.1: "the immediate goal is to restore service, not to locate the root cause".
const RECOVERY_FIRST = 'service restored before the cause was located (recovery first)?';
const SELF_HEALED = 'the service recovered by itself before the recovery action?';
const LOCATION_FIRST = 'the first location of the cause normally precedes the root cause';

/** All order rules. */
export const ORDER_RULES: readonly OrderRule[] = [
  ...rule('hard', INJECTION, 'change_introduced_at', ...MILESTONE_CODES.filter((c) => c !== 'change_introduced_at')),
  ...rule('hard', IMPACT_ENDS, 'impact_started_at', 'mitigated_at', 'resolved_at'),
  ...rule(
    'soft',
    RISK,
    'impact_started_at',
    'detected_at',
    'acknowledged_at',
    'cause_located_at',
    'recovery_started_at',
  ),
  ...rule('hard', EXISTS, 'detected_at', 'acknowledged_at'),
  ...rule('soft', AFTER_THE_FACT, 'detected_at', 'cause_located_at', 'recovery_started_at', 'mitigated_at'),
  ...rule('hard', RESOLVED, 'detected_at', 'resolved_at'),
  ...rule('soft', ACK_LATE, 'acknowledged_at', 'cause_located_at', 'recovery_started_at', 'mitigated_at'),
  ...rule('hard', RESOLVED, 'acknowledged_at', 'resolved_at'),
  ...rule('soft', RECOVERY_FIRST, 'cause_located_at', 'recovery_started_at', 'mitigated_at', 'resolved_at'),
  ...rule('soft', LOCATION_FIRST, 'cause_located_at', 'root_cause_identified_at'),
  ...rule('soft', SELF_HEALED, 'recovery_started_at', 'mitigated_at'),
  ...rule('hard', RESOLVED, 'recovery_started_at', 'resolved_at'),
  ...rule('hard', RESOLVED, 'mitigated_at', 'resolved_at'),
  ...rule('hard', CLOSED, 'impact_started_at', 'closed_at'),
  ...MILESTONE_CODES.filter(
    (c) => c !== 'closed_at' && c !== 'change_introduced_at' && c !== 'impact_started_at',
  ).flatMap((c) => rule('hard', CLOSED, c, 'closed_at')),
];

/** A broken order rule between two recorded milestones. */
export interface OrderViolation {
  rule: OrderRule;
  beforeAt: Date;
  afterAt: Date;
}

/**
 * The order rules broken by `milestones` (only rules whose two milestones are both recorded).
 * @param only when given, only rules involving at least one of these codes
 */
export function orderViolations(
  milestones: Partial<Record<MilestoneCode, Date>>,
  only?: ReadonlySet<MilestoneCode>,
): OrderViolation[] {
  const out: OrderViolation[] = [];
  for (const r of ORDER_RULES) {
    if (only && !only.has(r.before) && !only.has(r.after)) continue;
    const beforeAt = milestones[r.before];
    const afterAt = milestones[r.after];
    if (beforeAt && afterAt && beforeAt.getTime() > afterAt.getTime()) out.push({ rule: r, beforeAt, afterAt });
  }
  return out;
}
