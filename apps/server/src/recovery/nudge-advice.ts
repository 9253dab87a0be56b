/**
 * What the room is told when the recover target of the 1-5-10 clock nears and no recovery step has run
 * (issue 9 point 4; docs/recovery.md "The nudge"). Pure: the response watcher decides when, the
 * `recovery.nudge` job gathers the facts, this decides the words and the change to consider rolling back.
 */

/** A suspect change as the advice sees it (from changes' ranking). */
export interface NudgeSuspect {
  rank: number;
  score: number;
  verdict: 'caused' | 'fixed' | 'suspect' | 'dismissed' | null;
  change: { id: number; kind: string; summary: string; services: readonly string[] };
}

/** A rollback step of a matching playbook that has not run (`not_started` or `failed`). */
export interface NudgeRollbackStep {
  playbookId: string;
  stepId: string;
}

/** The advice: the words, and the change to consider rolling back with the step that does it. */
export interface NudgeAdvice {
  message: string;
  change: { id: number; rank: number; score: number; verdict: NudgeSuspect['verdict'] } | null;
  step: NudgeRollbackStep | null;
}

/**
 * Score from which a suspect "ranks high" enough to suggest rolling it back (0..~450, docs/changes.md): a
 * deploy on the incident's own service 2 hours before impact scores 25, one on an unrelated service at most 5.
 */
export const HIGH_SUSPECT_SCORE = 20;

/**
 * The change to consider rolling back: one labelled `caused` (the best ranked), else the top-ranked suspect
 * scoring at least HIGH_SUSPECT_SCORE that nobody labelled `dismissed` or `fixed`; null when none.
 */
export function rollbackSuggestion(suspects: readonly NudgeSuspect[]): NudgeSuspect | null {
  const byRank = [...suspects].sort((a, b) => a.rank - b.rank);
  return (
    byRank.find((s) => s.verdict === 'caused') ??
    byRank.find(
      (s) => s.score >= HIGH_SUSPECT_SCORE && s.verdict !== 'dismissed' && s.verdict !== 'fixed' && s.score > 0,
    ) ??
    null
  );
}

/**
 * The nudge's words: the time left to the recover target (whole minutes, rounded up; or how long past it),
 * "restore service first", and where a suspect change ranks high, "consider rollback" with the change and the
 * playbook step that rolls it back (the first not yet run), if any.
 * @param dueAt the recover target (anchor + target), UTC
 * @param now the job's clock, UTC
 */
export function nudgeAdvice(
  dueAt: Date,
  now: Date,
  suspects: readonly NudgeSuspect[],
  rollbackSteps: readonly NudgeRollbackStep[],
): NudgeAdvice {
  const msLeft = dueAt.getTime() - now.getTime();
  const minutes = Math.ceil(Math.abs(msLeft) / 60_000);
  const when =
    msLeft >= 0
      ? `the restore-service target (${dueAt.toISOString()}) is ${minutes} min away`
      : `the restore-service target (${dueAt.toISOString()}) passed ${minutes} min ago`;
  let message = `1-5-10: ${when} and no recovery step has run: restore service first.`;
  const pick = rollbackSuggestion(suspects);
  const step = pick ? (rollbackSteps[0] ?? null) : null;
  if (pick) {
    const c = pick.change;
    const why = pick.verdict === 'caused' ? 'labelled caused' : `suspect #${pick.rank}, score ${pick.score}`;
    message +=
      ` Consider rollback: change #${c.id} (${c.kind} on ${c.services.join(', ')}: ${c.summary}; ${why})` +
      (step ? ` with step ${step.playbookId} · ${step.stepId}.` : '.');
  }
  return {
    message,
    change: pick ? { id: pick.change.id, rank: pick.rank, score: pick.score, verdict: pick.verdict } : null,
    step,
  };
}
