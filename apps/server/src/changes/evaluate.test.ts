import { describe, expect, it } from 'vitest';
import { evaluateRanking, type EvaluationCase } from './evaluate.ts';

const c = (incidentId: number, caused: number[], ranked: number[], byRecency: number[]): EvaluationCase => ({
  incidentId,
  title: `incident ${incidentId}`,
  caused,
  ranked,
  byRecency,
});

describe('evaluating the ranking', () => {
  it('no incidents: zero counts and no MRR', () => {
    expect(evaluateRanking([])).toEqual({
      incidents: 0,
      ranking: { top1: 0, top3: 0, notRanked: 0, mrr: null },
      recency: { top1: 0, top3: 0, notRanked: 0, mrr: null },
      rows: [],
    });
  });

  it('incidents without a caused change are left out', () => {
    expect(evaluateRanking([c(1, [], [5, 6], [6, 5])]).incidents).toBe(0);
  });

  it('counts top 1, top 3 and the mean reciprocal rank for the ranking and for recency alone', () => {
    const e = evaluateRanking([
      c(1, [5], [5, 6, 7], [7, 6, 5]), // ranking 1, recency 3
      c(2, [8], [9, 8], [8, 9]), // ranking 2, recency 1
      c(3, [10], [11, 12, 13, 10], [10, 11, 12, 13]), // ranking 4, recency 1
    ]);
    expect(e.incidents).toBe(3);
    expect(e.rows.map((r) => [r.rank, r.recencyRank, r.candidates])).toEqual([
      [1, 3, 3],
      [2, 1, 2],
      [4, 1, 4],
    ]);
    expect(e.ranking).toEqual({
      top1: 1,
      top3: 2,
      notRanked: 0,
      mrr: Math.round(((1 + 1 / 2 + 1 / 4) / 3) * 1000) / 1000,
    });
    expect(e.recency).toEqual({ top1: 2, top3: 3, notRanked: 0, mrr: Math.round(((1 / 3 + 1 + 1) / 3) * 1000) / 1000 });
  });

  it('a caused change outside the window is not ranked and counts 0 in the MRR', () => {
    const e = evaluateRanking([c(1, [99], [5, 6], [6, 5]), c(2, [5], [5], [5])]);
    expect(e.rows[0]).toMatchObject({ rank: null, recencyRank: null });
    expect(e.ranking).toEqual({ top1: 1, top3: 1, notRanked: 1, mrr: 0.5 });
  });

  it('with several changes labelled caused, the best-ranked one counts', () => {
    const e = evaluateRanking([c(1, [7, 5], [5, 6, 7], [7, 6, 5])]);
    expect(e.rows[0]).toMatchObject({ causedChangeIds: [5, 7], rank: 1, recencyRank: 1 });
  });
});
