import { describe, expect, it } from 'vitest';
import { bodyFromPolicyDraft, draftFromPolicyBody, policyEditorPaths, stepOffsets } from './policy-draft.ts';

const BODY = {
  id: 'payments',
  name: 'Payments',
  repeat: 2,
  handoffTo: 'managers',
  steps: [
    { delayMinutes: 0, targets: [{ schedule: 'primary' }] },
    { delayMinutes: 10, teamMode: 'round-robin', targets: [{ team: 'payments' }, { channel: 'ops-slack' }] },
    { delayMinutes: 15, targets: [{ user: 'lead@example.com' }] },
  ],
};

describe('escalation policy editor state', () => {
  it('round-trips a config-shaped body with its team', () => {
    const draft = draftFromPolicyBody(BODY, 'payments');
    expect(draft.steps[1]!.targets).toEqual([
      { kind: 'team', value: 'payments' },
      { kind: 'channel', value: 'ops-slack' },
    ]);
    expect(bodyFromPolicyDraft(draft)).toEqual({ ...BODY, team: 'payments' });
  });

  it('drops the team mode of a step without a team target and omits an empty hand-off', () => {
    const draft = draftFromPolicyBody(BODY, null);
    draft.steps[0]!.teamMode = 'round-robin';
    draft.handoffTo = '';
    const body = bodyFromPolicyDraft(draft);
    expect(body).not.toHaveProperty('handoffTo');
    expect((body.steps as Array<Record<string, unknown>>)[0]).not.toHaveProperty('teamMode');
  });

  it('adds the delays up into when each step runs; step 1 runs at once', () => {
    expect(stepOffsets(draftFromPolicyBody(BODY, null).steps)).toEqual([0, 10, 25]);
    expect(policyEditorPaths(draftFromPolicyBody(BODY, null))).toContain('steps.2.targets');
  });
});
