/**
 * DST transitions in 2026: America/New_York (03-08 forward, 11-01 back), Europe/Berlin (03-29 forward,
 * 10-25 back), Australia/Sydney (04-05 back, 10-04 forward) and Asia/Shanghai (no DST).
 */
import { describe, expect, it } from 'vitest';
import { Layer } from './schema.ts';
import { rotationShifts } from './rotation.ts';
import { finalSchedule } from './final.ts';
import { at, hours, schedule, show, wall } from '../../../../test/support/oncall-schedules.ts';

const A = 'ann@example.com';
const B = 'bob@example.com';

const daily = (start: string, patch: Partial<Layer> = {}): Layer =>
  Layer.parse({ id: 'l', participants: [A, B], shift: { every: 1, unit: 'days' }, start, ...patch });

/** Shifts from two days before to two days after a transition day. */
function around(zone: string, day: string, layer: Layer) {
  const t = Date.parse(`${day}T12:00:00Z`);
  return rotationShifts(layer, zone, new Date(t - 3 * 86_400_000), new Date(t + 3 * 86_400_000)).filter(
    (s) => s.start.getTime() >= t - 2.5 * 86_400_000 && s.end.getTime() <= t + 2.5 * 86_400_000,
  );
}

describe.each([
  // zone, transition day, length of the 09:00 → 09:00 shift that contains the transition
  ['America/New_York', '2026-03-08', 23],
  ['America/New_York', '2026-11-01', 25],
  ['Europe/Berlin', '2026-03-29', 23],
  ['Europe/Berlin', '2026-10-25', 25],
  ['Australia/Sydney', '2026-04-05', 25],
  ['Australia/Sydney', '2026-10-04', 23],
  ['Asia/Shanghai', '2026-03-08', 24],
  ['Asia/Shanghai', '2026-11-01', 24],
])('daily 09:00 hand-off in %s around %s', (zone, day, transitionHours) => {
  const shifts = around(zone, day, daily('2026-01-01T09:00'));

  it('hands off at 09:00 local before, on and after the transition', () => {
    expect(shifts.length).toBeGreaterThanOrEqual(4);
    for (const s of shifts) {
      expect(wall(zone, s.start).slice(11)).toBe('09:00');
      expect(wall(zone, s.end).slice(11)).toBe('09:00');
    }
  });

  it(`the shift over the transition is ${transitionHours} h, the others 24 h`, () => {
    const over = shifts.find((s) => wall(zone, s.end).startsWith(day))!;
    expect(hours(over)).toBe(transitionHours);
    expect(shifts.filter((s) => s !== over).map(hours)).toEqual(shifts.filter((s) => s !== over).map(() => 24));
  });

  it('the rotation order is unaffected', () => {
    const users = shifts.map((s) => s.user);
    users.forEach((u, i) => i > 0 && expect(u).not.toBe(users[i - 1]));
  });
});

describe('a hand-off at a local time skipped by spring forward happens at the first instant after the gap', () => {
  it.each([
    // zone, spring-forward day, the instant of 03:00 local (end of the gap)
    ['America/New_York', '2026-03-08', '2026-03-08T07:00Z', '2026-03-07T07:30Z', '2026-03-09T06:30Z'],
    ['Europe/Berlin', '2026-03-29', '2026-03-29T01:00Z', '2026-03-28T01:30Z', '2026-03-30T00:30Z'],
    ['Australia/Sydney', '2026-10-04', '2026-10-03T16:00Z', '2026-10-02T16:30Z', '2026-10-04T15:30Z'],
  ])('%s %s: 02:30 → 03:00 local; the day before and after stay at 02:30', (zone, day, gapEnd, before, after) => {
    const shifts = around(zone, day, daily('2026-01-01T02:30'));
    const onDay = shifts.find((s) => wall(zone, s.start).startsWith(day))!;
    expect(onDay.start.toISOString().slice(0, 16) + 'Z').toBe(gapEnd);
    expect(wall(zone, onDay.start)).toBe(`${day}T03:00`);
    // The neighbours: 23.5 h into the gap end, 23.5 h out of it (the day loses an hour in total).
    const i = shifts.indexOf(onDay);
    expect(show(shifts[i - 1]!).slice(0, 17)).toBe(before);
    expect(shifts[i]!.end.toISOString().slice(0, 16) + 'Z').toBe(after);
    expect(hours(shifts[i - 1]!)).toBe(23.5);
    expect(hours(onDay)).toBe(23.5);
  });

  it('a rotation that starts inside the gap starts at the end of the gap', () => {
    const [first] = rotationShifts(
      daily('2026-03-08T02:30'),
      'America/New_York',
      at('2026-03-01T00:00Z'),
      at('2026-03-10T00:00Z'),
    );
    expect(show(first!)).toBe(`2026-03-08T07:00Z → 2026-03-09T06:30Z ${A}`);
  });
});

describe('a hand-off at a local time repeated by fall back uses the first occurrence', () => {
  it.each([
    ['America/New_York', '2026-11-01', '01:30', '2026-11-01T05:30Z'], // 01:30 EDT
    ['Europe/Berlin', '2026-10-25', '02:30', '2026-10-25T00:30Z'], // 02:30 CEST
    ['Australia/Sydney', '2026-04-05', '02:30', '2026-04-04T15:30Z'], // 02:30 AEDT
  ])('%s %s %s → %s; the next shift is 25 h', (zone, day, time, expected) => {
    const shifts = around(zone, day, daily(`2026-01-01T${time}`));
    const onDay = shifts.find((s) => wall(zone, s.start).startsWith(day))!;
    expect(onDay.start.toISOString().slice(0, 16) + 'Z').toBe(expected);
    expect(hours(onDay)).toBe(25);
    expect(hours(shifts[shifts.indexOf(onDay) - 1]!)).toBe(24);
  });
});

describe('hour rotations are fixed lengths of absolute time', () => {
  it.each([
    ['America/New_York', '2026-03-08'],
    ['America/New_York', '2026-11-01'],
    ['Europe/Berlin', '2026-10-25'],
    ['Australia/Sydney', '2026-10-04'],
  ])('%s %s: 8 h shifts stay 8 h; their local time drifts by the DST change', (zone, day) => {
    const shifts = around(zone, day, daily('2026-01-01T06:00', { shift: { every: 8, unit: 'hours' } }));
    expect(shifts.every((s) => hours(s) === 8)).toBe(true);
    const times = new Set(shifts.map((s) => wall(zone, s.start).slice(11)));
    expect(times.size).toBe(6); // 06/14/22 before, shifted by an hour after
  });
});

describe('weekly rotations across DST', () => {
  it.each([
    ['America/New_York', '2026-03-02T09:00', 167],
    ['America/New_York', '2026-10-26T09:00', 169],
    ['Europe/Berlin', '2026-03-23T09:00', 167],
    ['Europe/Berlin', '2026-10-19T09:00', 169],
    ['Australia/Sydney', '2026-03-30T09:00', 169],
    ['Australia/Sydney', '2026-09-28T09:00', 167],
    ['Asia/Shanghai', '2026-03-02T09:00', 168],
  ])('%s: the week starting Monday %s is %s h and ends Monday 09:00 local', (zone, start, length) => {
    const layer = daily('2026-01-05T09:00', { shift: { every: 1, unit: 'weeks' } });
    const from = new Date(Date.parse(`${start}:00Z`) - 86_400_000);
    const week = rotationShifts(layer, zone, from, new Date(from.getTime() + 10 * 86_400_000))[1]!;
    expect(wall(zone, week.start)).toBe(start);
    expect(hours(week)).toBe(length);
    expect(wall(zone, week.end).slice(11)).toBe('09:00');
  });
});

describe('final schedule across DST', () => {
  it('a business-hours layer over an always-on layer keeps 09:00–17:00 local on both sides (New York)', () => {
    const s = schedule({
      timeZone: 'America/New_York',
      layers: [
        { participants: ['night@example.com'], shift: { every: 1, unit: 'weeks' } },
        { participants: [A], restrictions: [{ kind: 'daily', from: '09:00', to: '17:00' }] },
      ],
    });
    const pieces = finalSchedule(s, at('2026-03-07T00:00Z'), at('2026-03-09T00:00Z'));
    expect(pieces.map(show)).toEqual([
      '2026-03-07T00:00Z → 2026-03-07T14:00Z night@example.com layer:l0',
      `2026-03-07T14:00Z → 2026-03-07T22:00Z ${A} layer:l1`,
      '2026-03-07T22:00Z → 2026-03-08T13:00Z night@example.com layer:l0',
      `2026-03-08T13:00Z → 2026-03-08T21:00Z ${A} layer:l1`,
      '2026-03-08T21:00Z → 2026-03-09T00:00Z night@example.com layer:l0',
    ]);
  });
});
