import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clockTargets, readClock, CLOCK_STAGES, type ClockReading, type ClockTargets } from './clock.ts';
import { clockBreaches, nextClockCheck } from './clock-breaches.ts';
import { ResponseConfig } from './config.ts';
import { responsePolicy } from './level-policy.ts';
import type { Milestones } from './milestones.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-12-01T18:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * MIN);
const P1 = clockTargets(responsePolicy(ResponseConfig.parse({}), { P: 1 }));
const stage = (r: ClockReading, name: string) => r.stages.find((s) => s.stage === name)!;
const states = (r: ClockReading) => r.stages.map((s) => s.state);

describe('readClock', () => {
  it('uses the default 1-5-10 targets from impact start', () => {
    expect(P1).toEqual({ detect: MIN, locate: 5 * MIN, recover: 10 * MIN });
  });

  it('a textbook P1: every stage met, with elapsed times from impact start', () => {
    const m: Milestones = {
      impact_started_at: at(0),
      detected_at: at(0.5),
      cause_located_at: at(4),
      mitigated_at: at(9),
    };
    const r = readClock({ milestones: m, targets: P1 }, at(30));
    expect(r.anchor).toEqual({ milestone: 'impact_started_at', at: at(0), fallback: false });
    expect(r.stages).toEqual([
      {
        stage: 'detect',
        state: 'met',
        reason: null,
        targetMs: MIN,
        dueAt: at(1),
        elapsedMs: 0.5 * MIN,
        endedAt: at(0.5),
        endedBy: 'detected_at',
      },
      {
        stage: 'locate',
        state: 'met',
        reason: null,
        targetMs: 5 * MIN,
        dueAt: at(5),
        elapsedMs: 4 * MIN,
        endedAt: at(4),
        endedBy: 'cause_located_at',
      },
      {
        stage: 'recover',
        state: 'met',
        reason: null,
        targetMs: 10 * MIN,
        dueAt: at(10),
        elapsedMs: 9 * MIN,
        endedAt: at(9),
        endedBy: 'mitigated_at',
      },
    ]);
  });

  it('runs live: elapsed grows with now until the target, then the stage is breached', () => {
    const m: Milestones = { impact_started_at: at(0), detected_at: at(0.5) };
    const r3 = readClock({ milestones: m, targets: P1 }, at(3));
    expect(states(r3)).toEqual(['met', 'running', 'running']);
    expect(stage(r3, 'locate').elapsedMs).toBe(3 * MIN);
    const r6 = readClock({ milestones: m, targets: P1 }, at(6));
    expect(states(r6)).toEqual(['met', 'breached', 'running']);
    expect(stage(r6, 'locate')).toMatchObject({ endedAt: null, elapsedMs: 6 * MIN });
  });

  it('the target instant itself is on time ("within 5 minutes" includes minute 5)', () => {
    const m: Milestones = { impact_started_at: at(0), detected_at: at(1) };
    expect(stage(readClock({ milestones: m, targets: P1 }, at(5)), 'locate').state).toBe('running');
    expect(stage(readClock({ milestones: m, targets: P1 }, new Date(at(5).getTime() + 1)), 'locate').state).toBe(
      'breached',
    );
    expect(stage(readClock({ milestones: m, targets: P1 }, at(5)), 'detect').state).toBe('met');
    const late = { ...m, detected_at: new Date(at(1).getTime() + 1) };
    expect(stage(readClock({ milestones: late, targets: P1 }, at(5)), 'detect').state).toBe('breached');
  });

  it('falls back to detection when impact start is unknown, and says so; detect is then not applicable', () => {
    const r = readClock(
      { milestones: { detected_at: at(2), cause_located_at: at(6) } as Milestones, targets: P1 },
      at(20),
    );
    expect(r.anchor).toEqual({ milestone: 'detected_at', at: at(2), fallback: true });
    expect(stage(r, 'detect')).toMatchObject({ state: 'not-applicable', reason: 'anchored-on-detection' });
    expect(stage(r, 'locate')).toMatchObject({ state: 'met', elapsedMs: 4 * MIN, dueAt: at(7) });
    expect(stage(r, 'recover')).toMatchObject({ state: 'breached', elapsedMs: 18 * MIN });
  });

  it('without impact start or detection there is no clock', () => {
    const r = readClock({ milestones: {}, targets: P1 }, at(20));
    expect(r.anchor).toBeNull();
    expect(r.stages.map((s) => [s.state, s.reason, s.elapsedMs])).toEqual(
      Array(3).fill(['not-applicable', 'no-anchor', null]),
    );
  });

  it('a stage without a target at this level is not applicable, but still measured', () => {
    const r = readClock(
      {
        milestones: { impact_started_at: at(0), detected_at: at(3) },
        targets: { detect: null, locate: 5 * MIN, recover: null },
      },
      at(4),
    );
    expect(stage(r, 'detect')).toMatchObject({
      state: 'not-applicable',
      reason: 'no-target',
      elapsedMs: 3 * MIN,
      dueAt: null,
    });
    expect(stage(r, 'locate').state).toBe('running');
    expect(stage(r, 'recover')).toMatchObject({ state: 'not-applicable', reason: 'no-target' });
  });

  it('recovery first: service restored before the cause was located ends the locate stage too', () => {
    const fast = readClock(
      { milestones: { impact_started_at: at(0), detected_at: at(0.5), mitigated_at: at(4) }, targets: P1 },
      at(30),
    );
    expect(stage(fast, 'locate')).toMatchObject({ state: 'met', endedAt: at(4), endedBy: 'mitigated_at' });
    const slow = readClock(
      {
        milestones: { impact_started_at: at(0), detected_at: at(0.5), mitigated_at: at(8), cause_located_at: at(20) },
        targets: P1,
      },
      at(30),
    );
    expect(stage(slow, 'locate')).toMatchObject({ state: 'breached', endedAt: at(8), endedBy: 'mitigated_at' });
    expect(stage(slow, 'recover').state).toBe('met');
  });

  it('a resolution without a recorded mitigation ends recovery', () => {
    const r = readClock(
      {
        milestones: { impact_started_at: at(0), detected_at: at(0.5), cause_located_at: at(2), resolved_at: at(12) },
        targets: P1,
      },
      at(30),
    );
    expect(stage(r, 'recover')).toMatchObject({ state: 'breached', endedBy: 'resolved_at', elapsedMs: 12 * MIN });
  });

  it('detection before impact (a risk seen early) is met with zero elapsed', () => {
    const r = readClock({ milestones: { impact_started_at: at(0), detected_at: at(-2) }, targets: P1 }, at(1));
    expect(stage(r, 'detect')).toMatchObject({ state: 'met', elapsedMs: 0 });
  });

  it('a cancelled incident (false alarm) counts nowhere', () => {
    const m: Milestones = { impact_started_at: at(0), detected_at: at(3) };
    const r = readClock({ milestones: m, targets: P1, cancelledAt: at(4) }, at(20));
    expect(r.stages.map((s) => s.reason)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(states(readClock({ milestones: m, targets: P1, cancelledAt: at(25) }, at(20)))).toEqual([
      'breached',
      'breached',
      'breached',
    ]);
  });

  it('reads the clock as known at now: later milestones are ignored (replay)', () => {
    const m: Milestones = {
      impact_started_at: at(0),
      detected_at: at(0.5),
      cause_located_at: at(4),
      mitigated_at: at(9),
    };
    expect(states(readClock({ milestones: m, targets: P1 }, at(3)))).toEqual(['met', 'running', 'running']);
    expect(readClock({ milestones: m, targets: P1 }, at(0.2)).anchor).toMatchObject({ milestone: 'impact_started_at' });
    expect(stage(readClock({ milestones: m, targets: P1 }, at(0.2)), 'detect').state).toBe('running');
  });

  it('durations are absolute time: across New York’s fall-back, 01:58 EDT → 01:02 EST is 4 minutes', () => {
    const impact = new Date('2026-11-01T05:58:00Z'); // 01:58 EDT
    const located = new Date('2026-11-01T06:02:00Z'); // 01:02 EST, wall clock earlier than impact
    const r = readClock(
      { milestones: { impact_started_at: impact, detected_at: impact, cause_located_at: located }, targets: P1 },
      located,
    );
    expect(stage(r, 'locate')).toMatchObject({ state: 'met', elapsedMs: 4 * MIN });
  });

  it('a level change brings its own targets (P3 configured longer)', () => {
    const config = ResponseConfig.parse({ levels: { P3: { locateMinutes: 30, recoverMinutes: 60 } } });
    const m: Milestones = { impact_started_at: at(0), detected_at: at(0.5) };
    const p3 = readClock({ milestones: m, targets: clockTargets(responsePolicy(config, { P: 3 })) }, at(20));
    const p1 = readClock({ milestones: m, targets: clockTargets(responsePolicy(config, { P: 3, R: 1 })) }, at(20));
    expect(states(p3)).toEqual(['met', 'running', 'running']);
    expect(states(p1)).toEqual(['met', 'breached', 'breached']);
  });
});

describe('clockBreaches and nextClockCheck', () => {
  const m: Milestones = { impact_started_at: at(0), detected_at: at(0.5) };

  it('emits a live breach once per stage, at the instant the target passed', () => {
    const r = readClock({ milestones: m, targets: P1 }, at(6));
    const first = clockBreaches(r, []);
    expect(first.events).toEqual([
      {
        type: 'clock.breached',
        key: 'clock:locate',
        stage: 'locate',
        dueAt: at(5),
        targetMs: 5 * MIN,
        anchor: 'impact_started_at',
        live: true,
        observedAt: at(6),
      },
    ]);
    expect(clockBreaches(readClock({ milestones: m, targets: P1 }, at(7)), first.emitted).events).toEqual([]);
    const later = clockBreaches(readClock({ milestones: m, targets: P1 }, at(11)), first.emitted);
    expect(later.events.map((e) => e.key)).toEqual(['clock:recover']);
    expect([...later.emitted].sort()).toEqual(['clock:locate', 'clock:recover']);
  });

  it('a breach first seen after the stage ended late is recorded, not live', () => {
    const done = { ...m, cause_located_at: at(7) };
    const r = clockBreaches(readClock({ milestones: done, targets: P1 }, at(8)), []);
    expect(r.events).toEqual([expect.objectContaining({ key: 'clock:locate', live: false })]);
  });

  it('stays emitted when a later edit turns the stage back to met (the breach stays on the timeline)', () => {
    const first = clockBreaches(readClock({ milestones: m, targets: P1 }, at(6)), []);
    const edited = { ...m, cause_located_at: at(4) };
    expect(states(readClock({ milestones: edited, targets: P1 }, at(7)))[1]).toBe('met');
    expect(clockBreaches(readClock({ milestones: edited, targets: P1 }, at(7)), first.emitted).events).toEqual([]);
  });

  it('nextClockCheck is 1 ms after the earliest running target; null when nothing runs', () => {
    expect(nextClockCheck(readClock({ milestones: m, targets: P1 }, at(2)))).toEqual(new Date(at(5).getTime() + 1));
    expect(nextClockCheck(readClock({ milestones: m, targets: P1 }, at(6)))).toEqual(new Date(at(10).getTime() + 1));
    expect(nextClockCheck(readClock({ milestones: { ...m, mitigated_at: at(3) }, targets: P1 }, at(4)))).toBeNull();
    expect(nextClockCheck(readClock({ milestones: {}, targets: P1 }, at(4)))).toBeNull();
  });
});

describe('properties', () => {
  // Impact no later than detection, so the anchor never changes as time passes.
  const scenario = fc
    .record({
      detect: fc.integer({ min: 0, max: 5 * MIN }),
      locate: fc.option(fc.integer({ min: 0, max: 30 * MIN }), { nil: undefined }),
      mitigate: fc.option(fc.integer({ min: 0, max: 30 * MIN }), { nil: undefined }),
      resolve: fc.option(fc.integer({ min: 0, max: 40 * MIN }), { nil: undefined }),
      targets: fc.record({
        detect: fc.option(fc.integer({ min: 1, max: 5 * MIN }), { nil: null }),
        locate: fc.option(fc.integer({ min: 1, max: 15 * MIN }), { nil: null }),
        recover: fc.option(fc.integer({ min: 1, max: 30 * MIN }), { nil: null }),
      }),
      knownImpact: fc.boolean(),
    })
    .map(({ detect, locate, mitigate, resolve, targets, knownImpact }) => {
      const milestones: Milestones = { detected_at: new Date(T0 + detect) };
      if (knownImpact) milestones.impact_started_at = new Date(T0);
      if (locate !== undefined) milestones.cause_located_at = new Date(T0 + detect + locate);
      if (mitigate !== undefined) milestones.mitigated_at = new Date(T0 + detect + mitigate);
      if (resolve !== undefined) milestones.resolved_at = new Date(T0 + detect + resolve);
      return { milestones, targets: targets as ClockTargets };
    });
  const nows = fc
    .array(fc.integer({ min: 0, max: 60 * MIN }), { minLength: 1, maxLength: 25 })
    .map((a) => a.sort((x, y) => x - y));

  it('a breached stage stays breached; a met stage stays met', () => {
    fc.assert(
      fc.property(scenario, nows, (input, times) => {
        let prev: ClockReading | null = null;
        for (const t of times) {
          const r = readClock(input, new Date(T0 + t));
          if (prev)
            for (const [i, s] of prev.stages.entries())
              if (s.state === 'breached' || s.state === 'met') expect(r.stages[i]!.state).toBe(s.state);
          prev = r;
        }
      }),
    );
  });

  it('over any sequence of checks, each stage’s breach is emitted at most once, and is emitted by the end if breached', () => {
    fc.assert(
      fc.property(scenario, nows, (input, times) => {
        let emitted: Iterable<string> = [];
        const counts = new Map<string, number>();
        let last: ClockReading | null = null;
        for (const t of times) {
          last = readClock(input, new Date(T0 + t));
          const out = clockBreaches(last, emitted);
          for (const e of out.events) {
            counts.set(e.key, (counts.get(e.key) ?? 0) + 1);
            expect(e.live).toBe(last.stages.find((s) => s.stage === e.stage)!.endedAt === null);
          }
          emitted = out.emitted;
        }
        for (const n of counts.values()) expect(n).toBe(1);
        for (const s of last!.stages) expect(counts.has(`clock:${s.stage}`)).toBe(s.state === 'breached');
      }),
    );
  });

  it('met means elapsed ≤ target; breached means elapsed > target', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 60 * MIN }), (input, t) => {
        for (const s of readClock(input, new Date(T0 + t)).stages) {
          if (s.state === 'met') expect(s.elapsedMs!).toBeLessThanOrEqual(s.targetMs!);
          if (s.state === 'breached') expect(s.elapsedMs!).toBeGreaterThan(s.targetMs!);
          if (s.state === 'running') expect(s.endedAt).toBeNull();
        }
      }),
    );
  });

  it('waking at nextClockCheck finds a new breach unless a stage ended first; 1 ms before, none', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 60 * MIN }), (input, t) => {
        const r = readClock(input, new Date(T0 + t));
        const wake = nextClockCheck(r);
        if (!wake) return;
        const breached = (x: ClockReading) => x.stages.filter((s) => s.state === 'breached').length;
        const ends = Object.values(input.milestones).some((d) => d.getTime() > T0 + t && d.getTime() <= wake.getTime());
        expect(breached(readClock(input, new Date(wake.getTime() - 1)))).toBe(breached(r));
        if (!ends) expect(breached(readClock(input, wake))).toBeGreaterThan(breached(r));
      }),
    );
  });

  it('lists the stages in order', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        expect(readClock(input, new Date(T0)).stages.map((s) => s.stage)).toEqual([...CLOCK_STAGES]);
      }),
    );
  });
});
