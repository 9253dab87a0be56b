import { describe, expect, it } from 'vitest';
import { Layer } from './schema.ts';
import { compileRotation, rotationShifts, rotationUserAt, shiftIndexAt } from './rotation.ts';
import { at, hours, local, show, wall } from '../../../../test/support/oncall-schedules.ts';

const A = 'ann@example.com';
const B = 'bob@example.com';
const C = 'cat@example.com';

const layer = (patch: Partial<Layer>): Layer =>
  Layer.parse({
    id: 'l',
    participants: [A, B, C],
    shift: { every: 1, unit: 'days' },
    start: '2026-01-05T09:00',
    ...patch,
  });

describe('rotationShifts: daily', () => {
  const l = layer({});
  it('hands off every day at 09:00 local, participants in order, wrapping around', () => {
    const shifts = rotationShifts(l, 'UTC', at('2026-01-05T00:00Z'), at('2026-01-10T00:00Z'));
    expect(shifts.map(show)).toEqual([
      `2026-01-05T09:00Z → 2026-01-06T09:00Z ${A}`,
      `2026-01-06T09:00Z → 2026-01-07T09:00Z ${B}`,
      `2026-01-07T09:00Z → 2026-01-08T09:00Z ${C}`,
      `2026-01-08T09:00Z → 2026-01-09T09:00Z ${A}`,
      `2026-01-09T09:00Z → 2026-01-10T00:00Z ${B}`,
    ]);
  });

  it('has nobody before start', () => {
    expect(rotationShifts(l, 'UTC', at('2025-12-01T00:00Z'), at('2026-01-05T09:00Z'))).toEqual([]);
    expect(rotationUserAt(compileRotation(l, 'UTC'), Date.parse('2026-01-05T08:59:59.999Z'))).toBeNull();
    expect(rotationUserAt(compileRotation(l, 'UTC'), Date.parse('2026-01-05T09:00Z'))).toBe(A);
  });

  it('clips the shifts to the window', () => {
    const shifts = rotationShifts(l, 'UTC', at('2026-01-06T12:00Z'), at('2026-01-06T13:00Z'));
    expect(shifts.map(show)).toEqual([`2026-01-06T12:00Z → 2026-01-06T13:00Z ${B}`]);
  });

  it('reads start in the schedule zone', () => {
    const shifts = rotationShifts(l, 'America/New_York', at('2026-01-05T00:00Z'), at('2026-01-06T00:00Z'));
    expect(shifts.map(show)).toEqual([`2026-01-05T14:00Z → 2026-01-06T00:00Z ${A}`]);
  });

  it("a layer's own timeZone wins over the schedule's", () => {
    const shifts = rotationShifts(
      layer({ timeZone: 'Asia/Shanghai' }),
      'America/New_York',
      at('2026-01-05T00:00Z'),
      at('2026-01-05T02:00Z'),
    );
    expect(shifts.map(show)).toEqual([`2026-01-05T01:00Z → 2026-01-05T02:00Z ${A}`]);
  });

  it('finds the right participant years later without walking every shift', () => {
    const rot = compileRotation(l, 'Europe/Berlin');
    // 2036-01-05 is 3652 days after 2026-01-05; 3652 mod 3 = 1 → Bob from 09:00 local.
    const t = local('Europe/Berlin', '2036-01-05T09:00').getTime();
    expect(rotationUserAt(rot, t - 1)).toBe(A);
    expect(rotationUserAt(rot, t)).toBe(B);
    expect(shiftIndexAt(rot, t)).toBe(3652);
  });

  it('returns nothing for an empty or inverted window and throws on an invalid date', () => {
    expect(rotationShifts(l, 'UTC', at('2026-02-01T00:00Z'), at('2026-02-01T00:00Z'))).toEqual([]);
    expect(rotationShifts(l, 'UTC', at('2026-02-02T00:00Z'), at('2026-02-01T00:00Z'))).toEqual([]);
    expect(() => rotationShifts(l, 'UTC', new Date('nope'), at('2026-02-01T00:00Z'))).toThrow(/valid dates/);
  });
});

describe('rotationShifts: weekly, N-day and hourly', () => {
  it('weekly: Monday 09:00 hand-offs', () => {
    const l = layer({ participants: [A, B], shift: { every: 1, unit: 'weeks' } });
    const shifts = rotationShifts(l, 'Europe/Berlin', at('2026-01-01T00:00Z'), at('2026-01-27T00:00Z'));
    expect(shifts.map(show)).toEqual([
      `2026-01-05T08:00Z → 2026-01-12T08:00Z ${A}`,
      `2026-01-12T08:00Z → 2026-01-19T08:00Z ${B}`,
      `2026-01-19T08:00Z → 2026-01-26T08:00Z ${A}`,
      `2026-01-26T08:00Z → 2026-01-27T00:00Z ${B}`,
    ]);
  });

  it('every 2 weeks', () => {
    const l = layer({ participants: [A, B], shift: { every: 2, unit: 'weeks' } });
    const shifts = rotationShifts(l, 'UTC', at('2026-01-05T00:00Z'), at('2026-02-16T09:00Z'));
    expect(shifts.map((s) => `${wall('UTC', s.start)} ${s.user}`)).toEqual([
      `2026-01-05T09:00 ${A}`,
      `2026-01-19T09:00 ${B}`,
      `2026-02-02T09:00 ${A}`,
    ]);
  });

  it('every 3 days', () => {
    const l = layer({ shift: { every: 3, unit: 'days' } });
    const shifts = rotationShifts(l, 'UTC', at('2026-01-05T09:00Z'), at('2026-01-17T09:00Z'));
    expect(shifts.map(show)).toEqual([
      `2026-01-05T09:00Z → 2026-01-08T09:00Z ${A}`,
      `2026-01-08T09:00Z → 2026-01-11T09:00Z ${B}`,
      `2026-01-11T09:00Z → 2026-01-14T09:00Z ${C}`,
      `2026-01-14T09:00Z → 2026-01-17T09:00Z ${A}`,
    ]);
  });

  it('every 8 hours', () => {
    const l = layer({ shift: { every: 8, unit: 'hours' }, start: '2026-01-05T06:00' });
    const shifts = rotationShifts(l, 'UTC', at('2026-01-05T00:00Z'), at('2026-01-06T06:00Z'));
    expect(shifts.map(show)).toEqual([
      `2026-01-05T06:00Z → 2026-01-05T14:00Z ${A}`,
      `2026-01-05T14:00Z → 2026-01-05T22:00Z ${B}`,
      `2026-01-05T22:00Z → 2026-01-06T06:00Z ${C}`,
    ]);
  });

  it('a single participant gets consecutive shifts (kept separate at this level)', () => {
    const l = layer({ participants: [A] });
    const shifts = rotationShifts(l, 'UTC', at('2026-01-05T09:00Z'), at('2026-01-07T09:00Z'));
    expect(shifts.map((s) => s.user)).toEqual([A, A]);
  });

  it('a participant listed twice takes two turns', () => {
    const l = layer({ participants: [A, B, A, C] });
    const shifts = rotationShifts(l, 'UTC', at('2026-01-05T09:00Z'), at('2026-01-09T09:00Z'));
    expect(shifts.map((s) => s.user)).toEqual([A, B, A, C]);
  });

  it('a window far before start is empty and a window straddling start begins at start', () => {
    const l = layer({ shift: { every: 1, unit: 'weeks' } });
    const shifts = rotationShifts(l, 'UTC', at('2025-12-30T00:00Z'), at('2026-01-06T00:00Z'));
    expect(shifts.map(show)).toEqual([`2026-01-05T09:00Z → 2026-01-06T00:00Z ${A}`]);
  });

  it('shift lengths are exact for every unit', () => {
    for (const [unit, every, expected] of [
      ['hours', 12, 12],
      ['days', 2, 48],
      ['weeks', 1, 168],
    ] as const) {
      const shifts = rotationShifts(
        layer({ shift: { every, unit } }),
        'UTC',
        at('2026-01-05T09:00Z'),
        at('2026-03-01T00:00Z'),
      );
      expect(shifts.slice(0, -1).every((s) => hours(s) === expected)).toBe(true);
    }
  });
});
