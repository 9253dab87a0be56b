import { describe, expect, it } from 'vitest';
import {
  bodyFromPolicyDraft,
  draftFromPolicyBody,
  minLevelError,
  minLevelScope,
  newStep,
  policyEditorPaths,
  stepOffsets,
} from './policy-draft.ts';

const BODY = {
  id: 'payments',
  name: 'Payments',
  repeat: 2,
  handoffTo: 'managers',
  steps: [
    { delayMinutes: 0, targets: [{ schedule: 'primary' }] },
    { delayMinutes: 0, minLevel: 'P1', targets: [{ user: 'head@example.com' }] },
    { delayMinutes: 10, teamMode: 'round-robin', targets: [{ team: 'payments' }, { channel: 'ops-slack' }] },
    { delayMinutes: 15, targets: [{ user: 'lead@example.com' }] },
  ],
};

describe('escalation policy editor state', () => {
  it('round-trips a config-shaped body with its team', () => {
    const draft = draftFromPolicyBody(BODY, 'payments');
    expect(draft.steps[2]!.targets).toEqual([
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
    expect(stepOffsets(draftFromPolicyBody(BODY, null).steps)).toEqual([0, 0, 10, 25]);
    expect(policyEditorPaths(draftFromPolicyBody(BODY, null))).toContain('steps.3.targets');
  });

  it("keeps a step's level (minLevel) and sends none for a step of every level", () => {
    const draft = draftFromPolicyBody(BODY, null);
    expect(draft.steps.map((s) => s.minLevel)).toEqual(['', 'P1', '', '']);
    draft.steps[1]!.minLevel = ' P2 ';
    draft.steps.push(newStep(5));
    const steps = bodyFromPolicyDraft(draft).steps as Array<Record<string, unknown>>;
    expect(steps[1]!.minLevel).toBe('P2');
    expect(steps[0]).not.toHaveProperty('minLevel');
    expect(steps[4]).not.toHaveProperty('minLevel');
    // The server's field error for a step's level has a place on the form.
    expect(policyEditorPaths(draft)).toContain('steps.1.minLevel');
  });

  it('accepts a level such as P1 or an empty level (every level), and nothing else', () => {
    expect(minLevelError('')).toBeUndefined();
    expect(minLevelError('P1')).toBeUndefined();
    expect(minLevelError('D4')).toBeUndefined();
    for (const bad of ['p1', 'P0', 'P10', 'PP1', '1']) expect(minLevelError(bad), bad).toBeDefined();
    expect(minLevelScope('P1')).toBe('P1 only');
    expect(minLevelScope('P2')).toBe('P2 and more severe');
  });
});
