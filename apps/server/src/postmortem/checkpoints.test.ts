import { describe, expect, it } from 'vitest';
import { checkpointsClear, evaluateCheckpoints, type CheckpointFacts } from './checkpoints.ts';

const complete: CheckpointFacts = {
  classification: 'change',
  changesReviewedBy: 'ana@example.com',
  monitoringReviewedBy: 'ana@example.com',
  owner: 'ana@example.com',
  team: 'payments',
  clockMet: true,
  clockExplanation: null,
  actions: [{ owner: 'dan@example.com', dueAt: new Date('2026-12-01T00:00:00Z'), acceptanceCriteria: 'alert fires' }],
  waived: [],
};

describe('checkpoints', () => {
  it('all pass on a complete postmortem', () => {
    const r = evaluateCheckpoints(complete);
    expect(r.map((c) => c.state)).toEqual(['passed', 'passed', 'passed', 'passed', 'passed', 'passed']);
    expect(checkpointsClear(r)).toBe(true);
  });

  it('each missing fact misses its checkpoint, saying what to do', () => {
    const r = evaluateCheckpoints({
      ...complete,
      classification: null,
      team: null,
      clockMet: false,
      actions: [{ owner: 'dan@example.com', dueAt: null, acceptanceCriteria: '  ' }],
    });
    expect(r.filter((c) => c.state === 'missing').map((c) => c.id)).toEqual([
      'root_cause_classified',
      'owner_assigned',
      'clock_met_or_explained',
      'action_defined',
    ]);
    expect(r.find((c) => c.id === 'action_defined')?.detail).toContain('acceptance criteria');
    expect(checkpointsClear(r)).toBe(false);
  });

  it('a missed clock passes once explained; an unmeasurable clock passes', () => {
    expect(evaluateCheckpoints({ ...complete, clockMet: false, clockExplanation: 'no impact start' })[4]?.state).toBe(
      'passed',
    );
    expect(evaluateCheckpoints({ ...complete, clockMet: null })[4]?.state).toBe('passed');
  });

  it('a waiver clears a missing checkpoint and carries its reason', () => {
    const r = evaluateCheckpoints({
      ...complete,
      monitoringReviewedBy: null,
      waived: [{ checkpoint: 'monitoring_reviewed', reason: 'reported by a customer on a service with no monitoring' }],
    });
    expect(r[2]).toEqual({
      id: 'monitoring_reviewed',
      state: 'waived',
      detail: 'reported by a customer on a service with no monitoring',
    });
    expect(checkpointsClear(r)).toBe(true);
  });
});
