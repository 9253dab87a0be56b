import { describe, expect, it } from 'vitest';
import { clockTargets, readClock } from './clock.ts';
import { ResponseConfig } from './config.ts';
import { responsePolicy } from './level-policy.ts';
import type { Milestones } from './milestones.ts';
import { recoverNudgeAt, recoverNudgeDecision } from './recover-nudge.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-12-01T18:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * MIN);
const P1 = clockTargets(responsePolicy(ResponseConfig.parse({}), { P: 1 }));
const open: Milestones = { impact_started_at: at(0), detected_at: at(0.5) };
const none = { recoveryStartedAt: null, detectedAt: at(0.5) };
const started = (t: Date) => ({ recoveryStartedAt: t, detectedAt: at(0.5) });
const read = (m: Milestones, minutes: number, targets = P1) => readClock({ milestones: m, targets }, at(minutes));

describe('the nudge toward recovery', () => {
  it('a 10-minute target nudges at minute 7 (30 % of the target left)', () => {
    expect(recoverNudgeAt(read(open, 1), none)).toEqual(at(7));
    // At the instant itself it is not yet past: wait until 1 ms after.
    expect(recoverNudgeDecision(read(open, 7), none)).toEqual({ kind: 'wait', until: new Date(at(7).getTime() + 1) });
    expect(recoverNudgeDecision(read(open, 7.5), none)).toEqual({
      kind: 'now',
      nudgeAt: at(7),
      dueAt: at(10),
      targetMs: 10 * MIN,
    });
  });

  it('the lead is at least one minute, and never before impact start', () => {
    expect(recoverNudgeAt(read(open, 0.5, { ...P1, recover: 2 * MIN }), none)).toEqual(at(1));
    expect(
      recoverNudgeAt(read(open, 0.5, { ...P1, recover: 30_000 }), { recoveryStartedAt: null, detectedAt: at(0) }),
    ).toEqual(at(0));
  });

  it('no nudge once a recovery step ran, once service is restored, or without a recover target', () => {
    expect(recoverNudgeAt(read(open, 8), started(at(6)))).toBeNull();
    expect(recoverNudgeDecision(read(open, 8), started(at(6)))).toEqual({ kind: 'none' });
    expect(recoverNudgeAt(read({ ...open, mitigated_at: at(5) }, 8), none)).toBeNull();
    expect(recoverNudgeAt(read(open, 8, { ...P1, recover: null }), none)).toBeNull();
    expect(recoverNudgeAt(readClock({ milestones: {}, targets: P1 }, at(8)), none)).toBeNull();
  });

  it('a recovery step recorded later than the reading does not count yet', () => {
    expect(recoverNudgeAt(read(open, 7.5), started(at(9)))).toEqual(at(7));
  });

  it('an incident detected only after the nudge moment is not nudged', () => {
    const late: Milestones = { impact_started_at: at(0), detected_at: at(7.5) };
    expect(recoverNudgeAt(read(late, 8), { recoveryStartedAt: null, detectedAt: at(7.5) })).toBeNull();
    expect(recoverNudgeAt(read(late, 8), { recoveryStartedAt: null, detectedAt: at(7) })).toEqual(at(7));
  });

  it('past the target already (an engine that was down) it still nudges', () => {
    expect(recoverNudgeDecision(read(open, 25), none)).toMatchObject({ kind: 'now', dueAt: at(10) });
  });
});
