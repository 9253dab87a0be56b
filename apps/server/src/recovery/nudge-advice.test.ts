import { describe, expect, it } from 'vitest';
import { HIGH_SUSPECT_SCORE, nudgeAdvice, rollbackSuggestion, type NudgeSuspect } from './nudge-advice.ts';

const suspect = (id: number, rank: number, score: number, verdict: NudgeSuspect['verdict'] = null): NudgeSuspect => ({
  rank,
  score,
  verdict,
  change: { id, kind: 'deploy', summary: `v${id}`, services: ['payments-db'] },
});
const due = new Date('2026-12-01T18:10:00Z');
const at = (iso: string) => new Date(`2026-12-01T${iso}Z`);

describe('which change to consider rolling back', () => {
  it('none without suspects, or when none ranks high', () => {
    expect(rollbackSuggestion([])).toBeNull();
    expect(rollbackSuggestion([suspect(1, 1, HIGH_SUSPECT_SCORE - 0.01)])).toBeNull();
  });
  it('the top-ranked suspect scoring high enough', () => {
    expect(rollbackSuggestion([suspect(2, 2, 30), suspect(1, 1, HIGH_SUSPECT_SCORE)])?.change.id).toBe(1);
  });
  it('a change labelled caused wins over a higher-ranked one', () => {
    expect(rollbackSuggestion([suspect(1, 1, 90), suspect(2, 2, 3, 'caused')])?.change.id).toBe(2);
  });
  it('skips changes labelled dismissed or fixed', () => {
    expect(rollbackSuggestion([suspect(1, 1, 90, 'dismissed'), suspect(2, 2, 40)])?.change.id).toBe(2);
    expect(rollbackSuggestion([suspect(1, 1, 90, 'fixed')])).toBeNull();
  });
});

describe('the words of the nudge', () => {
  it('time left, restore service first, and no rollback advice without a high suspect', () => {
    expect(nudgeAdvice(due, at('18:07:00'), [suspect(1, 1, 4)], [])).toEqual({
      message:
        '1-5-10: the restore-service target (2026-12-01T18:10:00.000Z) is 3 min away and no recovery step has run: restore service first.',
      change: null,
      step: null,
    });
  });
  it('consider rollback with the change and the step that rolls it back', () => {
    const advice = nudgeAdvice(due, at('18:07:30'), [suspect(17, 1, 65.3)], [{ playbookId: 'checkout', stepId: 'rb' }]);
    expect(advice.message).toBe(
      '1-5-10: the restore-service target (2026-12-01T18:10:00.000Z) is 3 min away and no recovery step has run: ' +
        'restore service first. Consider rollback: change #17 (deploy on payments-db: v17; suspect #1, score 65.3) ' +
        'with step checkout · rb.',
    );
    expect(advice.change).toEqual({ id: 17, rank: 1, score: 65.3, verdict: null });
    expect(advice.step).toEqual({ playbookId: 'checkout', stepId: 'rb' });
  });
  it('past the target, and a caused change without a rollback step', () => {
    const advice = nudgeAdvice(due, at('18:12:10'), [suspect(5, 3, 2, 'caused')], []);
    expect(advice.message).toBe(
      '1-5-10: the restore-service target (2026-12-01T18:10:00.000Z) passed 3 min ago and no recovery step has run: ' +
        'restore service first. Consider rollback: change #5 (deploy on payments-db: v5; labelled caused).',
    );
    expect(advice.step).toBeNull();
  });
});
