/**
 * Postmortem and action discipline (dictionary `postmortem_timeliness`, `action_completion`,
 * `action_overdue`, `action_verified`, `action_unverified`), over the postmortems of the selected incidents
 * and their actions, as of `now`.
 */
import type { ActionsView, PostmortemsView } from '@faultline/contracts';
import type { Selection } from './counts.ts';
import type { PostmortemFacts } from './facts.ts';
import { rate } from './stats.ts';

/**
 * A postmortem's timeliness at `now`: `onTime` (published by its due time), `late` (published after it),
 * `overdue` (unpublished and past due), `pending` (unpublished, not yet due).
 */
export function timeliness(pm: PostmortemFacts, now: Date): 'onTime' | 'late' | 'overdue' | 'pending' {
  if (pm.publishedAt) return pm.publishedAt.getTime() <= pm.dueAt.getTime() ? 'onTime' : 'late';
  return now.getTime() > pm.dueAt.getTime() ? 'overdue' : 'pending';
}

function postmortemsOf(selection: Selection, postmortems: readonly PostmortemFacts[]): PostmortemFacts[] {
  const ids = new Set(selection.counted.map((c) => c.f.id));
  return postmortems.filter((p) => ids.has(p.incidentId));
}

export function postmortemTimeliness(
  selection: Selection,
  postmortems: readonly PostmortemFacts[],
  now: Date,
): PostmortemsView {
  const mine = postmortemsOf(selection, postmortems);
  const rows = new Map<string, PostmortemsView['rows'][number]>();
  for (const pm of mine) {
    const level = pm.level ?? 'none';
    const row = rows.get(level) ?? { level, onTime: 0, late: 0, overdue: 0, pending: 0, n: 0 };
    row[timeliness(pm, now)] += 1;
    row.n += 1;
    rows.set(level, row);
  }
  return {
    metric: 'postmortem_timeliness',
    rows: [...rows.values()].sort((a, b) => a.level.localeCompare(b.level, 'en', { numeric: true })),
    withoutPostmortem: selection.counted.length - mine.length,
  };
}

const COMPLETE = new Set(['done', 'verified']);

export function actionDiscipline(
  selection: Selection,
  postmortems: readonly PostmortemFacts[],
  now: Date,
): ActionsView {
  const actions = postmortemsOf(selection, postmortems).flatMap((p) => p.actions);
  const n = actions.length;
  const complete = actions.filter((a) => COMPLETE.has(a.state)).length;
  const overdue = actions.filter((a) => !COMPLETE.has(a.state) && now.getTime() > a.dueAt.getTime()).length;
  const verified = actions.filter((a) => a.state === 'verified').length;
  const unverified = actions.filter((a) => a.state === 'done').length;
  return {
    n,
    completion: { metric: 'action_completion', count: complete, n, rate: rate(complete, n) },
    overdue: { metric: 'action_overdue', count: overdue, n, rate: rate(overdue, n) },
    verified: { metric: 'action_verified', count: verified, n: complete, rate: rate(verified, complete) },
    closedWithoutVerification: {
      metric: 'action_unverified',
      count: unverified,
      n: complete,
      rate: rate(unverified, complete),
    },
  };
}
