/**
 * How well the suspect-change ranking does (issue 9 "a ranking that explains itself"; docs/changes.md
 * "Evaluating the ranking"): over incidents where a person labelled a change `caused`, at which rank the
 * ranking had put it, against the bare time window the peers use (the most recent change first). Pure.
 *
 * Measures, per method: how often the caused change ranked first (top 1), in the first three (top 3), and the
 * mean reciprocal rank (MRR: 1/rank averaged over incidents, 0 where the change was not ranked at all —
 * started after impact start or outside the look-back window). With several changes labelled caused, the
 * best-ranked one counts.
 */

/** One incident as the evaluation sees it. */
export interface EvaluationCase {
  incidentId: number;
  title: string;
  /** Changes currently labelled `caused` on it. */
  caused: readonly number[];
  /** Change ids in the ranking's order (rank 1 first). */
  ranked: readonly number[];
  /** The same candidates, most recent start first (the bare time window). */
  byRecency: readonly number[];
}

/** One incident's result: the best rank of a caused change under each method; null when not ranked. */
export interface EvaluationRow {
  incidentId: number;
  title: string;
  causedChangeIds: number[];
  candidates: number;
  rank: number | null;
  recencyRank: number | null;
}

/** Top-1, top-3 and MRR of one method over `incidents`. */
export interface MethodScore {
  top1: number;
  top3: number;
  notRanked: number;
  /** Mean reciprocal rank, 0..1, rounded to 3 decimals; null with no incident. */
  mrr: number | null;
}

export interface RankingEvaluation {
  incidents: number;
  ranking: MethodScore;
  recency: MethodScore;
  rows: EvaluationRow[];
}

/** The best (lowest) 1-based position of any of `ids` in `order`; null when none is in it. */
function bestRank(order: readonly number[], ids: readonly number[]): number | null {
  let best: number | null = null;
  for (const id of ids) {
    const i = order.indexOf(id);
    if (i >= 0 && (best === null || i + 1 < best)) best = i + 1;
  }
  return best;
}

function score(ranks: ReadonlyArray<number | null>): MethodScore {
  const n = ranks.length;
  const rr = ranks.reduce<number>((sum, r) => sum + (r === null ? 0 : 1 / r), 0);
  return {
    top1: ranks.filter((r) => r === 1).length,
    top3: ranks.filter((r) => r !== null && r <= 3).length,
    notRanked: ranks.filter((r) => r === null).length,
    mrr: n === 0 ? null : Math.round((rr / n) * 1000) / 1000,
  };
}

/**
 * Evaluates the ranking over `cases` (incidents without a caused change are left out), in the order given.
 * @returns counts and MRR for the ranking and for recency alone, and one row per incident
 */
export function evaluateRanking(cases: readonly EvaluationCase[]): RankingEvaluation {
  const rows = cases
    .filter((c) => c.caused.length > 0)
    .map((c) => ({
      incidentId: c.incidentId,
      title: c.title,
      causedChangeIds: [...c.caused].sort((a, b) => a - b),
      candidates: c.ranked.length,
      rank: bestRank(c.ranked, c.caused),
      recencyRank: bestRank(c.byRecency, c.caused),
    }));
  return {
    incidents: rows.length,
    ranking: score(rows.map((r) => r.rank)),
    recency: score(rows.map((r) => r.recencyRank)),
    rows,
  };
}
