import { describe, expect, it } from 'vitest';
import type { ClockView } from '@faultline/contracts';
import { formatDuration, liveStages } from './clock-view.ts';

const MIN = 60_000;
const anchor = Date.parse('2026-12-01T10:00:00Z');
const clock: ClockView = {
  at: '2026-12-01T10:02:00Z',
  anchor: { milestone: 'impact_started_at', at: '2026-12-01T10:00:00.000Z', fallback: false },
  stages: [
    {
      stage: 'detect',
      state: 'met',
      reason: null,
      targetMs: MIN,
      dueAt: null,
      elapsedMs: 40_000,
      endedAt: null,
      endedBy: 'detected_at',
    },
    {
      stage: 'locate',
      state: 'running',
      reason: null,
      targetMs: 5 * MIN,
      dueAt: null,
      elapsedMs: 2 * MIN,
      endedAt: null,
      endedBy: null,
    },
    {
      stage: 'recover',
      state: 'running',
      reason: null,
      targetMs: 10 * MIN,
      dueAt: null,
      elapsedMs: 2 * MIN,
      endedAt: null,
      endedBy: null,
    },
  ],
};

describe('the live 1-5-10 clock', () => {
  it('keeps counting running stages from the anchor and turns them breached past the target', () => {
    const at6 = liveStages(clock, anchor + 6 * MIN);
    expect(at6.map((s) => [s.stage, s.state, s.elapsedMs])).toEqual([
      ['detect', 'met', 40_000],
      ['locate', 'breached', 6 * MIN],
      ['recover', 'running', 6 * MIN],
    ]);
  });

  it('a stage exactly at its target is still on time', () => {
    expect(liveStages(clock, anchor + 5 * MIN)[1]!.state).toBe('running');
    expect(liveStages(clock, anchor + 5 * MIN + 1)[1]!.state).toBe('breached');
  });

  it('without an anchor the server reading stands', () => {
    const none: ClockView = { ...clock, anchor: null };
    expect(liveStages(none, anchor + 60 * MIN)[1]!.elapsedMs).toBe(2 * MIN);
  });

  it('formats durations', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(65_000)).toBe('1:05');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
  });
});
