/**
 * The ranking's evaluation on real history (docs/changes.md "Evaluating the ranking"): every incident with a
 * change labelled `caused`, ranked again as it would have been at the time (the source history as of its
 * impact start), against the bare time window (most recent change first).
 */
import type { RankingEvaluation as RankingEvaluationView } from '@faultline/contracts';
import { authorizeCtx as authorize, can, type Verb } from '../kernel/index.ts';
import { evaluateRanking, type EvaluationCase } from './evaluate.ts';
import { incidentsWithCausedChanges } from './store.ts';
import { rankIncident } from './suspects.ts';

/** The most incidents one evaluation looks at (the oldest in the period first). */
export const MAX_EVALUATED = 1000;

/**
 * Evaluates the suspect ranking over the incidents the caller may see whose impact started in [from, to)
 * (needs `incident:read`).
 */
export async function evaluateSuspectRanking({
  ctx,
  input,
}: Verb<{ from?: Date; to?: Date }>): Promise<RankingEvaluationView> {
  authorize(ctx, 'incident:read');
  const incidents = (await incidentsWithCausedChanges(ctx.tx, input.from, input.to, MAX_EVALUATED)).filter((i) =>
    can(ctx.principal, 'incident:read', i.team),
  );
  const cases: EvaluationCase[] = [];
  for (const i of incidents) {
    const r = await rankIncident(ctx.tx, ctx, i.id, true);
    const byRecency = [...r.candidates]
      .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime() || b.id - a.id)
      .map((c) => c.id);
    cases.push({
      incidentId: i.id,
      title: i.title,
      caused: [...r.verdicts.values()].filter((v) => v.verdict === 'caused').map((v) => v.changeId),
      ranked: r.ranked.map((s) => s.changeId),
      byRecency,
    });
  }
  return {
    from: input.from?.toISOString() ?? null,
    to: input.to?.toISOString() ?? null,
    ...evaluateRanking(cases),
  };
}
