import { describe, expect, it } from 'vitest';
import { EscalationPolicyConfig } from './config.ts';
import { schedule } from '../../../../test/support/oncall-schedules.ts';
import { delayBefore, nextStep, roundRobinIndex, stepApplies, stepRecipients, type StepContext } from './policy.ts';

const policy = (input: Record<string, unknown>) => EscalationPolicyConfig.parse({ id: 'p', ...input });

/** Day shifts from 2026-01-05 09:00 UTC: ann, then bob, alternating. */
const primary = schedule({
  id: 'primary',
  timeZone: 'UTC',
  layers: [{ participants: ['ann@example.com', 'bob@example.com'] }],
});
/** On call only 09:00–17:00 UTC. */
const office = schedule({
  id: 'office',
  timeZone: 'UTC',
  layers: [{ participants: ['cat@example.com'], restrictions: [{ kind: 'daily', from: '09:00', to: '17:00' }] }],
});

const ctx = (over: Partial<StepContext> = {}): StepContext => ({
  incidentId: 1,
  now: new Date('2026-01-05T12:00:00Z'),
  schedules: new Map([
    ['primary', primary],
    ['office', office],
  ]),
  teams: new Map<string, string[]>([
    ['ops', ['dan@example.com', 'eve@example.com', 'fay@example.com']],
    ['empty', []],
  ]),
  ...over,
});

describe('stepRecipients', () => {
  it('a user target pages that email; a channel target that channel', () => {
    const p = policy({ steps: [{ targets: [{ user: 'zed@example.com' }, { channel: 'ops-chat' }] }] });
    expect(stepRecipients(p, 0, 0, ctx()).recipients).toEqual([
      { kind: 'email', address: 'zed@example.com' },
      { kind: 'channel', channelId: 'ops-chat' },
    ]);
  });

  it("a schedule target pages whoever is on call at now, and changes with the schedule's hand-offs", () => {
    const p = policy({ steps: [{ targets: [{ schedule: 'primary' }] }] });
    expect(stepRecipients(p, 0, 0, ctx()).recipients).toEqual([{ kind: 'email', address: 'ann@example.com' }]);
    const nextDay = ctx({ now: new Date('2026-01-06T10:00:00Z') });
    expect(stepRecipients(p, 0, 0, nextDay).recipients).toEqual([{ kind: 'email', address: 'bob@example.com' }]);
  });

  it('a schedule with nobody on call gives nobody, and says why', () => {
    const p = policy({ steps: [{ targets: [{ schedule: 'office' }] }] });
    const night = stepRecipients(p, 0, 0, ctx({ now: new Date('2026-01-05T22:00:00Z') }));
    expect(night).toEqual({ recipients: [], nobody: ['schedule office has nobody on call'] });
    expect(stepRecipients(p, 0, 0, ctx()).recipients).toEqual([{ kind: 'email', address: 'cat@example.com' }]);
  });

  it('a team target pages every member in config order (teamMode all, the default)', () => {
    const p = policy({ steps: [{ targets: [{ team: 'ops' }] }] });
    expect(stepRecipients(p, 0, 0, ctx()).recipients.map((r) => (r.kind === 'email' ? r.address : ''))).toEqual([
      'dan@example.com',
      'eve@example.com',
      'fay@example.com',
    ]);
  });

  it('round-robin pages member (incidentId + round + step) mod n', () => {
    const p = policy({ steps: [{ targets: [{ team: 'ops' }], teamMode: 'round-robin' }] });
    const who = (incidentId: number, round: number) =>
      stepRecipients(p, 0, round, ctx({ incidentId })).recipients.map((r) => (r.kind === 'email' ? r.address : ''));
    expect(who(1, 0)).toEqual(['eve@example.com']);
    expect(who(1, 1)).toEqual(['fay@example.com']);
    expect(who(1, 2)).toEqual(['dan@example.com']);
    expect(who(1, 3)).toEqual(['eve@example.com']);
    expect(who(3, 0)).toEqual(['dan@example.com']);
  });

  it('two round-robin steps on the same team page different members', () => {
    const p = policy({
      steps: [
        { targets: [{ team: 'ops' }], teamMode: 'round-robin' },
        { targets: [{ team: 'ops' }], teamMode: 'round-robin' },
      ],
    });
    expect(stepRecipients(p, 0, 0, ctx()).recipients).not.toEqual(stepRecipients(p, 1, 0, ctx()).recipients);
  });

  it('de-duplicates recipients (emails ignoring case), keeping the first spelling and target order', () => {
    const p = policy({
      steps: [
        {
          targets: [
            { user: 'Ann@Example.com' },
            { schedule: 'primary' },
            { channel: 'c1' },
            { channel: 'c1' },
            { team: 'ops' },
            { user: 'dan@example.com' },
          ],
        },
      ],
    });
    expect(stepRecipients(p, 0, 0, ctx()).recipients).toEqual([
      { kind: 'email', address: 'Ann@Example.com' },
      { kind: 'channel', channelId: 'c1' },
      { kind: 'email', address: 'dan@example.com' },
      { kind: 'email', address: 'eve@example.com' },
      { kind: 'email', address: 'fay@example.com' },
    ]);
  });

  it('unknown schedules and teams, and empty teams, give nobody with a reason; other targets still page', () => {
    const p = policy({
      steps: [{ targets: [{ schedule: 'gone' }, { team: 'gone' }, { team: 'empty' }, { user: 'zed@example.com' }] }],
    });
    expect(stepRecipients(p, 0, 0, ctx())).toEqual({
      recipients: [{ kind: 'email', address: 'zed@example.com' }],
      nobody: ['schedule gone is not configured', 'team gone is not configured', 'team empty has no members'],
    });
  });

  it('a step index past the list throws', () => {
    expect(() => stepRecipients(policy({ steps: [{ targets: [{ user: 'a@example.com' }] }] }), 1, 0, ctx())).toThrow(
      RangeError,
    );
  });
});

describe('nextStep', () => {
  const step = { targets: [{ user: 'a@example.com' }] };
  it('walks the steps, then the repeats, then ends', () => {
    const p = policy({ steps: [step, step], repeat: 1 });
    expect(nextStep(p, 0, 0)).toEqual({ step: 1, round: 0 });
    expect(nextStep(p, 1, 0)).toEqual({ step: 0, round: 1 });
    expect(nextStep(p, 0, 1)).toEqual({ step: 1, round: 1 });
    expect(nextStep(p, 1, 1)).toBeNull();
  });

  it('hands off after the last step of the last round', () => {
    const p = policy({ steps: [step], repeat: 2, handoffTo: 'managers' });
    expect(nextStep(p, 0, 0)).toEqual({ step: 0, round: 1 });
    expect(nextStep(p, 0, 1)).toEqual({ step: 0, round: 2 });
    expect(nextStep(p, 0, 2)).toEqual({ handoff: 'managers' });
  });

  it('a one-step policy without repeat ends after its step', () => {
    expect(nextStep(policy({ steps: [step] }), 0, 0)).toBeNull();
  });
});

describe('delayBefore and roundRobinIndex', () => {
  it('reads the step delay (default 0)', () => {
    const p = policy({
      steps: [{ targets: [{ user: 'a@example.com' }] }, { delayMinutes: 7.5, targets: [{ user: 'b@example.com' }] }],
    });
    expect([delayBefore(p, 0), delayBefore(p, 1), delayBefore(p, 2)]).toEqual([0, 7.5, 0]);
  });

  it('stays in [0, n)', () => {
    expect(roundRobinIndex(7, 2, 1, 4)).toBe(2);
    expect(roundRobinIndex(-5, 0, 0, 3)).toBe(1);
    expect(roundRobinIndex(1, 0, 0, 0)).toBe(0);
  });
});

describe('stepApplies (minLevel)', () => {
  const step = (minLevel?: string) => ({ minLevel });
  it('a step without minLevel always runs', () => {
    expect(stepApplies(step(), {})).toBe(true);
    expect(stepApplies(step(), { P: 4 })).toBe(true);
  });
  it('runs at the level and every more severe one, not below', () => {
    expect(stepApplies(step('P2'), { P: 1 })).toBe(true);
    expect(stepApplies(step('P2'), { P: 2 })).toBe(true);
    expect(stepApplies(step('P2'), { P: 3 })).toBe(false);
  });
  it('an incident not graded in that sequence (ungraded, a risk, another sequence) does not meet it', () => {
    expect(stepApplies(step('P1'), {})).toBe(false);
    expect(stepApplies(step('P1'), { D: 1 })).toBe(false);
    expect(stepApplies(step('D1'), { D: 1, P: 4 })).toBe(true);
  });
});
