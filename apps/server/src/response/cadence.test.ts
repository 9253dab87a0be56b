import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nextCadenceCheck, readCadence, updateReminders, type CadenceInput } from './cadence.ts';
import { ResponseConfig } from './config.ts';
import { responsePolicy } from './level-policy.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-12-01T18:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * MIN);
const justAfter = (d: Date) => new Date(d.getTime() + 1);
const config = ResponseConfig.parse({});
const every = (levels: Record<string, number>) => responsePolicy(config, levels).updateEveryMs;
const p1 = (patch: Partial<CadenceInput> = {}): CadenceInput => ({
  everyMs: every({ P: 1 }),
  since: at(0),
  lastUpdate: null,
  ...patch,
});

describe('readCadence', () => {
  it('defaults: P1 every 30 minutes, P2 every 60, none below', () => {
    expect([every({ P: 1 }), every({ P: 2 }), every({ P: 3 }), every({ P: 4 })]).toEqual([
      30 * MIN,
      60 * MIN,
      null,
      null,
    ]);
    expect(every({ P: 3, R: 2 })).toBe(60 * MIN);
  });

  it('the first update is due one period after the cadence began; on time until then, overdue after', () => {
    expect(readCadence(p1(), at(30))).toEqual({
      state: 'on-time',
      everyMs: 30 * MIN,
      dueAt: at(30),
      overdueMs: 0,
      missed: 0,
      periodStart: null,
    });
    expect(readCadence(p1(), justAfter(at(30)))).toEqual({
      state: 'overdue',
      everyMs: 30 * MIN,
      dueAt: at(30),
      overdueMs: 1,
      missed: 1,
      periodStart: at(30),
    });
  });

  it('each update moves the due time to one period after it', () => {
    expect(readCadence(p1({ lastUpdate: { at: at(20) } }), at(40)).dueAt).toEqual(at(50));
  });

  it('a promised "next update by" that is sooner wins; a later one does not', () => {
    expect(readCadence(p1({ lastUpdate: { at: at(20), nextUpdateBy: at(35) } }), at(36))).toMatchObject({
      state: 'overdue',
      dueAt: at(35),
    });
    expect(readCadence(p1({ lastUpdate: { at: at(20), nextUpdateBy: at(90) } }), at(36)).dueAt).toEqual(at(50));
    expect(readCadence(p1({ lastUpdate: { at: at(20), nextUpdateBy: at(10) } }), at(36)).dueAt).toEqual(at(50));
  });

  it('an update before the cadence began (a level raised later) does not make it overdue at once', () => {
    expect(readCadence(p1({ since: at(120), lastUpdate: { at: at(20) } }), at(121))).toMatchObject({
      state: 'on-time',
      dueAt: at(150),
    });
  });

  it('counts missed periods', () => {
    expect(readCadence(p1(), at(60))).toMatchObject({ missed: 1, periodStart: at(30) });
    expect(readCadence(p1(), justAfter(at(60)))).toMatchObject({ missed: 2, periodStart: at(60) });
    expect(readCadence(p1(), at(91))).toMatchObject({ missed: 3, periodStart: at(90), overdueMs: 61 * MIN });
  });

  it('nothing at a level without cadence, nor after the incident ended; updates in the future are ignored', () => {
    expect(readCadence({ everyMs: every({ P: 3 }), since: at(0), lastUpdate: null }, at(500)).state).toBe('none');
    expect(readCadence(p1({ endedAt: at(40) }), at(45)).state).toBe('ended');
    expect(readCadence(p1({ endedAt: at(40) }), at(35)).state).toBe('overdue');
    expect(readCadence(p1({ lastUpdate: { at: at(50) } }), at(40)).dueAt).toEqual(at(30));
  });
});

describe('updateReminders: once per overdue period', () => {
  it('reminds when due, not again in the same period, again in the next', () => {
    const first = updateReminders(p1(), justAfter(at(30)), []);
    expect(first.events).toEqual([
      {
        type: 'update.overdue',
        key: 'update:2026-12-01T18:30:00.000Z',
        dueAt: at(30),
        periodStart: at(30),
        missed: 1,
        observedAt: justAfter(at(30)),
      },
    ]);
    expect(updateReminders(p1(), at(45), first.emitted).events).toEqual([]);
    expect(updateReminders(p1(), at(60), first.emitted).events).toEqual([]);
    const second = updateReminders(p1(), justAfter(at(60)), first.emitted);
    expect(second.events.map((e) => [e.key, e.missed])).toEqual([['update:2026-12-01T19:00:00.000Z', 2]]);
  });

  it('after an outage, reminds only for the latest period, saying how many were missed', () => {
    const late = updateReminders(p1(), at(105), []);
    expect(late.events.map((e) => [e.periodStart, e.missed])).toEqual([[at(90), 3]]);
  });

  it('an update starts over', () => {
    const first = updateReminders(p1(), at(31), []);
    const updated = p1({ lastUpdate: { at: at(40) } });
    expect(updateReminders(updated, at(69), first.emitted).events).toEqual([]);
    expect(updateReminders(updated, at(71), first.emitted).events.map((e) => e.key)).toEqual([
      'update:2026-12-01T19:10:00.000Z',
    ]);
  });

  it('no reminder without cadence or after the end', () => {
    expect(updateReminders({ everyMs: null, since: at(0), lastUpdate: null }, at(500), []).events).toEqual([]);
    expect(updateReminders(p1({ endedAt: at(40) }), at(45), []).events).toEqual([]);
  });

  it('nextCadenceCheck: 1 ms after the due time, then after each period; null without cadence', () => {
    expect(nextCadenceCheck(p1(), at(10))).toEqual(justAfter(at(30)));
    expect(nextCadenceCheck(p1(), at(31))).toEqual(justAfter(at(60)));
    expect(nextCadenceCheck(p1({ endedAt: at(5) }), at(10))).toBeNull();
    expect(nextCadenceCheck({ everyMs: null, since: at(0), lastUpdate: null }, at(10))).toBeNull();
  });

  it('property: any checks and updates give at most one reminder per period, only when overdue, at most one per check', () => {
    const scenario = fc.record({
      everyMin: fc.integer({ min: 1, max: 90 }),
      updates: fc.array(fc.integer({ min: 0, max: 600 }), { maxLength: 6 }).map((a) => a.sort((x, y) => x - y)),
      checks: fc.array(fc.integer({ min: 0, max: 600 * MIN }), { maxLength: 40 }).map((a) => a.sort((x, y) => x - y)),
    });
    fc.assert(
      fc.property(scenario, ({ everyMin, updates, checks }) => {
        let emitted: Iterable<string> = [];
        const keys = new Set<string>();
        for (const c of checks) {
          const now = new Date(T0 + c);
          const last = updates.filter((u) => u * MIN <= c).at(-1);
          const input: CadenceInput = {
            everyMs: everyMin * MIN,
            since: at(0),
            lastUpdate: last === undefined ? null : { at: at(last) },
          };
          const out = updateReminders(input, now, emitted);
          expect(out.events.length).toBeLessThanOrEqual(1);
          for (const e of out.events) {
            expect(keys.has(e.key)).toBe(false);
            keys.add(e.key);
            expect(readCadence(input, now).state).toBe('overdue');
            expect(e.periodStart.getTime()).toBeLessThan(now.getTime());
            expect(now.getTime() - e.periodStart.getTime()).toBeLessThanOrEqual(everyMin * MIN);
          }
          emitted = out.emitted;
          // After the call, the current period (if any) has been reminded.
          const r = readCadence(input, now);
          if (r.state === 'overdue') expect(new Set(emitted).has(`update:${r.periodStart!.toISOString()}`)).toBe(true);
        }
      }),
    );
  });
});
