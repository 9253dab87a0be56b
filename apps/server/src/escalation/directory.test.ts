import { describe, expect, it } from 'vitest';
import { FaultlineConfig } from '../config/schema.ts';
import { activateConfig } from '../config/active.ts';
import { mergeStoredPolicies } from './directory.ts';

const NOW = new Date('2026-01-05T12:00:00Z');
const base = activateConfig(
  FaultlineConfig.parse({
    version: 1,
    teams: [{ id: 'ops', members: [{ name: 'Ann', email: 'ann@example.com' }] }],
    escalationPolicies: [{ id: 'ops', steps: [{ targets: [{ user: 'ann@example.com' }] }] }],
  }),
  'test',
  NOW,
);
const meta = { team: null, updatedBy: 'admin', updatedAt: NOW };
const policy = (id: string, user: string) => ({
  id,
  repeat: 0,
  steps: [{ delayMinutes: 0, teamMode: 'all' as const, targets: [{ user }] }],
});

describe('mergeStoredPolicies', () => {
  it('adds stored policies after the config ones; a config id wins', () => {
    const merged = mergeStoredPolicies(base, {
      policies: [
        { id: 'late', body: policy('late', 'cat@example.com'), ...meta },
        { id: 'ops', body: policy('ops', 'intruder@example.com'), ...meta },
      ],
    }).escalation.policies;
    expect([...merged.keys()]).toEqual(['ops', 'late']);
    expect(merged.get('ops')!.steps[0]!.targets).toEqual([{ user: 'ann@example.com' }]);
  });

  it('returns the config itself when nothing is stored', () => {
    expect(mergeStoredPolicies(base, { policies: [] })).toBe(base);
  });
});
