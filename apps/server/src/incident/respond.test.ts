import { describe, expect, it } from 'vitest';
import { describeOutcome } from './respond.ts';

const incident = { id: 42, title: 'Checkout is down', status: 'acknowledged', team: 'payments' };

describe('describeOutcome', () => {
  it('says what happened in one sentence', () => {
    expect(describeOutcome({ kind: 'done', action: 'ack', incident })).toBe('Acknowledged #42 Checkout is down.');
    expect(describeOutcome({ kind: 'done', action: 'resolve', incident })).toBe('Resolved #42 Checkout is down.');
    expect(describeOutcome({ kind: 'already', action: 'ack', state: 'acknowledged', by: 'Ana', incident })).toBe(
      '#42 was already acknowledged by Ana.',
    );
    expect(describeOutcome({ kind: 'already', action: 'ack', state: 'resolved', by: null, incident })).toBe(
      '#42 was already resolved.',
    );
    expect(describeOutcome({ kind: 'refused', action: 'ack', reason: 'it is mitigated', incident })).toBe(
      '#42 was not acknowledged: it is mitigated.',
    );
  });
});
