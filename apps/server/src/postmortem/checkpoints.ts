/**
 * Checkpoints that gate a postmortem's publication and its incident's `closed` (DESIGN §8, issue 10 item 3):
 * root cause classified; related changes reviewed; monitoring reviewed; owner and team assigned; the 1-5-10
 * clock met or explained; at least one action with owner, due date and acceptance criteria. A reviewer may
 * waive one with a reason. Pure: the caller passes what it read.
 */

/** The checkpoints, in the order they are shown. */
export const CHECKPOINTS = [
  'root_cause_classified',
  'changes_reviewed',
  'monitoring_reviewed',
  'owner_assigned',
  'clock_met_or_explained',
  'action_defined',
] as const;
export type Checkpoint = (typeof CHECKPOINTS)[number];

/** What the checkpoints are judged on. */
export interface CheckpointFacts {
  classification: string | null;
  changesReviewedBy: string | null;
  monitoringReviewedBy: string | null;
  owner: string | null;
  team: string | null;
  /** Whether the 1-5-10 targets were met (null: not measurable, e.g. no impact start known). */
  clockMet: boolean | null;
  clockExplanation: string | null;
  /** The postmortem's actions that are not rejected outright. */
  actions: ReadonlyArray<{ owner: string; dueAt: Date | null; acceptanceCriteria: string }>;
  /** Checkpoints waived, with their reasons. */
  waived: ReadonlyArray<{ checkpoint: string; reason: string }>;
}

/** One checkpoint's result: passed, waived (with its reason) or missing (with what is missing). */
export interface CheckpointResult {
  id: Checkpoint;
  state: 'passed' | 'waived' | 'missing';
  /** For `missing`: what to do; for `waived`: the reason. */
  detail: string | null;
}

const filled = (s: string | null | undefined) => typeof s === 'string' && s.trim() !== '';

/** Evaluates every checkpoint. */
export function evaluateCheckpoints(f: CheckpointFacts): CheckpointResult[] {
  const missing: Record<Checkpoint, string | null> = {
    root_cause_classified: filled(f.classification) ? null : 'classify the root cause',
    changes_reviewed: filled(f.changesReviewedBy) ? null : 'review the related changes',
    monitoring_reviewed: filled(f.monitoringReviewedBy) ? null : 'review the monitoring (detection and gaps)',
    owner_assigned: filled(f.owner) && filled(f.team) ? null : 'assign an owner and a team',
    clock_met_or_explained:
      f.clockMet !== false || filled(f.clockExplanation) ? null : 'explain why the 1-5-10 targets were missed',
    action_defined: f.actions.some((a) => filled(a.owner) && a.dueAt !== null && filled(a.acceptanceCriteria))
      ? null
      : 'add an action with an owner, a due date and acceptance criteria',
  };
  return CHECKPOINTS.map((id) => {
    if (missing[id] === null) return { id, state: 'passed', detail: null };
    const waiver = f.waived.find((w) => w.checkpoint === id);
    return waiver ? { id, state: 'waived', detail: waiver.reason } : { id, state: 'missing', detail: missing[id] };
  });
}

/** Whether every checkpoint passed or was waived. */
export function checkpointsClear(results: readonly CheckpointResult[]): boolean {
  return results.every((r) => r.state !== 'missing');
}
