import { describe, expect, it } from 'vitest';
import { clockTargets, readClock } from './clock.ts';
import { ResponseConfig } from './config.ts';
import { responsePolicy } from './level-policy.ts';
import type { Milestones } from './milestones.ts';
import { nextRecoverNudgeCheck, recoverNudgeAt, recoverNudges } from './recover-nudge.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-12-01T18:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * MIN);
const P1 = clockTargets(responsePolicy(ResponseConfig.parse({}), { P: 1 }));
const open: Milestones = { impact_started_at: at(0), detected_at: at(0.5) };
const read = (m: Milestones, minutes: number, targets = P1) => readClock({ milestones: m, targets }, at(minutes));

describe('the nudge toward recovery', () => {
  it('a 10-minute target nudges at minute 7 (30 % of the target left), once', () => {
    expect(recoverNudgeAt(read(open, 1), null)).toEqual(at(7));
    expect(recoverNudges(read(open, 7), null, []).events).toEqual([]); // at the instant: not yet past
    const now = recoverNudges(read(open, 7.5), null, []);
    expect(now.events).toEqual([
      { type: 'recover.nearing', key: 'clock:recover-near', dueAt: at(10), nudgeAt: at(7), targetMs: 10 * MIN },
    ]);
    expect(recoverNudges(read(open, 8), null, now.emitted).events).toEqual([]);
  });

  it('the lead is at least one minute, and never before impact start', () => {
    expect(recoverNudgeAt(read(open, 0.5, { ...P1, recover: 2 * MIN }), null)).toEqual(at(1));
    expect(recoverNudgeAt(read(open, 0.5, { ...P1, recover: 30_000 }), null)).toEqual(at(0));
  });

  it('no nudge once a recovery step ran, once service is restored, or without a recover target', () => {
    expect(recoverNudgeAt(read(open, 8), at(6))).toBeNull();
    expect(recoverNudges(read(open, 8), at(6), []).events).toEqual([]);
    expect(recoverNudgeAt(read({ ...open, mitigated_at: at(5) }, 8), null)).toBeNull();
    expect(recoverNudgeAt(read(open, 8, { ...P1, recover: null }), null)).toBeNull();
    expect(recoverNudgeAt(readClock({ milestones: {}, targets: P1 }, at(8)), null)).toBeNull();
  });

  it('a recovery step recorded later than the reading does not count yet', () => {
    expect(recoverNudgeAt(read(open, 7.5), at(9))).toEqual(at(7));
  });

  it('past the target already (an engine that was down) it still nudges', () => {
    expect(recoverNudges(read(open, 25), null, []).events).toHaveLength(1);
  });

  it('the next check is the first instant past the nudge; none after it was emitted', () => {
    expect(nextRecoverNudgeCheck(read(open, 1), null, [])).toEqual(new Date(at(7).getTime() + 1));
    expect(nextRecoverNudgeCheck(read(open, 8), null, [])).toBeNull(); // past: emit now, nothing to wait for
    expect(nextRecoverNudgeCheck(read(open, 1), null, ['clock:recover-near'])).toBeNull();
    expect(nextRecoverNudgeCheck(read(open, 1), at(0.8), [])).toBeNull();
  });
});
