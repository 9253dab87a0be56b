import { describe, expect, it } from 'vitest';
import { finalSchedule, gaps, onCallAt, overlaps } from './final.ts';
import { at, schedule, show } from '../../../../test/support/oncall-schedules.ts';

const A = 'ann@example.com';
const B = 'bob@example.com';
const C = 'cat@example.com';
const D = 'dan@example.com';
const E = 'eve@example.com';

/** Primary: A/B daily at 09:00 UTC from Monday 2026-01-05. */
const primary = { participants: [A, B] };
const final = (s: ReturnType<typeof schedule>, from: string, to: string) =>
  finalSchedule(s, at(from), at(to)).map(show);

describe('layers', () => {
  it('one layer: each shift is a piece with its layer as source', () => {
    const s = schedule({ timeZone: 'UTC', layers: [primary] });
    expect(final(s, '2026-01-05T00:00Z', '2026-01-07T00:00Z')).toEqual([
      `2026-01-05T09:00Z → 2026-01-06T09:00Z ${A} layer:l0`,
      `2026-01-06T09:00Z → 2026-01-07T00:00Z ${B} layer:l0`,
    ]);
  });

  it('adjacent pieces of the same user and source merge (a one-person rotation is one piece)', () => {
    const s = schedule({ timeZone: 'UTC', layers: [{ participants: [C] }] });
    expect(final(s, '2026-01-05T00:00Z', '2026-01-12T00:00Z')).toEqual([
      `2026-01-05T09:00Z → 2026-01-12T00:00Z ${C} layer:l0`,
    ]);
  });

  it('a higher layer wins wherever it has someone; the lower one shows through its restrictions', () => {
    const s = schedule({
      timeZone: 'UTC',
      layers: [primary, { participants: [C], restrictions: [{ kind: 'daily', from: '12:00', to: '14:00' }] }],
    });
    expect(final(s, '2026-01-05T09:00Z', '2026-01-06T09:00Z')).toEqual([
      `2026-01-05T09:00Z → 2026-01-05T12:00Z ${A} layer:l0`,
      `2026-01-05T12:00Z → 2026-01-05T14:00Z ${C} layer:l1`,
      `2026-01-05T14:00Z → 2026-01-06T09:00Z ${A} layer:l0`,
    ]);
  });

  it('the same user from two layers gives separate pieces (different sources)', () => {
    const s = schedule({
      timeZone: 'UTC',
      layers: [
        { participants: [A] },
        { participants: [A], restrictions: [{ kind: 'daily', from: '12:00', to: '14:00' }] },
      ],
    });
    expect(final(s, '2026-01-05T10:00Z', '2026-01-05T16:00Z')).toEqual([
      `2026-01-05T10:00Z → 2026-01-05T12:00Z ${A} layer:l0`,
      `2026-01-05T12:00Z → 2026-01-05T14:00Z ${A} layer:l1`,
      `2026-01-05T14:00Z → 2026-01-05T16:00Z ${A} layer:l0`,
    ]);
  });

  it('a higher layer that has not started yet leaves the lower one in charge', () => {
    const s = schedule({ timeZone: 'UTC', layers: [primary, { participants: [C], start: '2026-01-06T00:00' }] });
    expect(final(s, '2026-01-05T09:00Z', '2026-01-06T12:00Z')).toEqual([
      `2026-01-05T09:00Z → 2026-01-06T00:00Z ${A} layer:l0`,
      `2026-01-06T00:00Z → 2026-01-06T12:00Z ${C} layer:l1`,
    ]);
  });

  it('a schedule with no layers and no overrides has nobody', () => {
    const s = schedule({ timeZone: 'UTC', layers: [] });
    expect(final(s, '2026-01-05T00:00Z', '2026-01-06T00:00Z')).toEqual([]);
    expect(gaps(s, at('2026-01-05T00:00Z'), at('2026-01-06T00:00Z')).map(show)).toEqual([
      '2026-01-05T00:00Z → 2026-01-06T00:00Z',
    ]);
  });

  it('an empty window gives nothing; an invalid date throws a VALIDATION error', () => {
    const s = schedule({ timeZone: 'UTC', layers: [primary] });
    expect(final(s, '2026-01-06T00:00Z', '2026-01-06T00:00Z')).toEqual([]);
    expect(final(s, '2026-01-07T00:00Z', '2026-01-06T00:00Z')).toEqual([]);
    expect(() => finalSchedule(s, at('2026-01-06T00:00Z'), new Date(Number.NaN))).toThrow(
      expect.objectContaining({ code: 'VALIDATION' }),
    );
    expect(() => onCallAt(s, new Date('x'))).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });
});

describe('overrides', () => {
  it('without replaces: the user is on call alone over every layer', () => {
    const s = schedule({
      timeZone: 'UTC',
      layers: [primary, { participants: [C], restrictions: [{ kind: 'daily', from: '12:00', to: '14:00' }] }],
      overrides: [{ user: D, start: '2026-01-05T11:00:00Z', end: '2026-01-05T13:00:00Z' }],
    });
    expect(final(s, '2026-01-05T09:00Z', '2026-01-05T15:00Z')).toEqual([
      `2026-01-05T09:00Z → 2026-01-05T11:00Z ${A} layer:l0`,
      `2026-01-05T11:00Z → 2026-01-05T13:00Z ${D} override`,
      `2026-01-05T13:00Z → 2026-01-05T14:00Z ${C} layer:l1`,
      `2026-01-05T14:00Z → 2026-01-05T15:00Z ${A} layer:l0`,
    ]);
  });

  it('without replaces it also fills a gap (before the rotation starts)', () => {
    const s = schedule({
      timeZone: 'UTC',
      layers: [primary],
      overrides: [{ user: D, start: '2026-01-05T07:00:00Z', end: '2026-01-05T10:00:00Z' }],
    });
    expect(final(s, '2026-01-05T06:00Z', '2026-01-05T12:00Z')).toEqual([
      `2026-01-05T07:00Z → 2026-01-05T10:00Z ${D} override`,
      `2026-01-05T10:00Z → 2026-01-05T12:00Z ${A} layer:l0`,
    ]);
  });

  it('with replaces: only the replaced user’s time is taken over', () => {
    const s = schedule({
      timeZone: 'UTC',
      layers: [primary],
      overrides: [{ user: D, replaces: A, start: '2026-01-05T00:00:00Z', end: '2026-01-08T00:00:00Z' }],
    });
    expect(final(s, '2026-01-05T00:00Z', '2026-01-08T00:00Z')).toEqual([
      `2026-01-05T09:00Z → 2026-01-06T09:00Z ${D} override`,
      `2026-01-06T09:00Z → 2026-01-07T09:00Z ${B} layer:l0`,
      `2026-01-07T09:00Z → 2026-01-08T00:00Z ${D} override`,
    ]);
  });

  it('with replaces, a user who is not on call: no effect (and no gap filled)', () => {
    const s = schedule({
      timeZone: 'UTC',
      layers: [primary],
      overrides: [{ user: D, replaces: C, start: '2026-01-05T00:00:00Z', end: '2026-01-06T00:00:00Z' }],
    });
    expect(final(s, '2026-01-05T00:00Z', '2026-01-06T00:00Z')).toEqual([
      `2026-01-05T09:00Z → 2026-01-06T00:00Z ${A} layer:l0`,
    ]);
  });

  it('a swap is two overrides: A takes B’s Tuesday, B takes A’s Wednesday', () => {
    const s = schedule({
      timeZone: 'UTC',
      layers: [{ participants: [A, B, C] }],
      overrides: [
        { user: A, replaces: B, start: '2026-01-06T09:00:00Z', end: '2026-01-07T09:00:00Z' },
        { user: B, replaces: C, start: '2026-01-07T09:00:00Z', end: '2026-01-08T09:00:00Z' },
      ],
    });
    expect(final(s, '2026-01-05T09:00Z', '2026-01-08T09:00Z')).toEqual([
      `2026-01-05T09:00Z → 2026-01-06T09:00Z ${A} layer:l0`,
      `2026-01-06T09:00Z → 2026-01-07T09:00Z ${A} override`,
      `2026-01-07T09:00Z → 2026-01-08T09:00Z ${B} override`,
    ]);
  });

  it('a swap over one shared window exchanges the two users’ time (replacement is decided against the layers)', () => {
    const s = schedule({
      timeZone: 'UTC',
      layers: [primary],
      overrides: [
        { user: B, replaces: A, start: '2026-01-05T00:00:00Z', end: '2026-01-09T00:00:00Z' },
        { user: A, replaces: B, start: '2026-01-05T00:00:00Z', end: '2026-01-09T00:00:00Z' },
      ],
    });
    expect(final(s, '2026-01-05T09:00Z', '2026-01-08T09:00Z')).toEqual([
      `2026-01-05T09:00Z → 2026-01-06T09:00Z ${B} override`,
      `2026-01-06T09:00Z → 2026-01-07T09:00Z ${A} override`,
      `2026-01-07T09:00Z → 2026-01-08T09:00Z ${B} override`,
    ]);
  });

  it('colliding overrides: the later in the list wins', () => {
    const s = schedule({
      timeZone: 'UTC',
      layers: [primary],
      overrides: [
        { user: D, start: '2026-01-05T10:00:00Z', end: '2026-01-05T14:00:00Z' },
        { user: E, start: '2026-01-05T12:00:00Z', end: '2026-01-05T16:00:00Z' },
        { user: C, replaces: A, start: '2026-01-05T11:00:00Z', end: '2026-01-05T13:00:00Z' },
      ],
    });
    expect(final(s, '2026-01-05T09:00Z', '2026-01-05T17:00Z')).toEqual([
      `2026-01-05T09:00Z → 2026-01-05T10:00Z ${A} layer:l0`,
      `2026-01-05T10:00Z → 2026-01-05T11:00Z ${D} override`,
      `2026-01-05T11:00Z → 2026-01-05T13:00Z ${C} override`,
      `2026-01-05T13:00Z → 2026-01-05T16:00Z ${E} override`,
      `2026-01-05T16:00Z → 2026-01-05T17:00Z ${A} layer:l0`,
    ]);
  });

  it('overrides written with offsets are instants', () => {
    const s = schedule({
      timeZone: 'UTC',
      layers: [primary],
      overrides: [{ user: D, start: '2026-01-05T12:00:00+02:00', end: '2026-01-05T13:00:00+02:00' }],
    });
    expect(final(s, '2026-01-05T09:00Z', '2026-01-05T12:00Z')).toEqual([
      `2026-01-05T09:00Z → 2026-01-05T10:00Z ${A} layer:l0`,
      `2026-01-05T10:00Z → 2026-01-05T11:00Z ${D} override`,
      `2026-01-05T11:00Z → 2026-01-05T12:00Z ${A} layer:l0`,
    ]);
  });

  it('a schedule of overrides only', () => {
    const s = schedule({
      timeZone: 'UTC',
      layers: [],
      overrides: [{ user: D, start: '2026-01-05T10:00:00Z', end: '2026-01-05T12:00:00Z' }],
    });
    expect(final(s, '2026-01-05T00:00Z', '2026-01-06T00:00Z')).toEqual([
      `2026-01-05T10:00Z → 2026-01-05T12:00Z ${D} override`,
    ]);
  });
});

describe('onCallAt', () => {
  const s = schedule({
    timeZone: 'UTC',
    layers: [primary, { participants: [C], restrictions: [{ kind: 'daily', from: '12:00', to: '14:00' }] }],
    overrides: [{ user: D, replaces: B, start: '2026-01-06T15:00:00Z', end: '2026-01-06T16:00:00Z' }],
  });
  it.each([
    ['2026-01-05T08:59:59.999Z', []],
    ['2026-01-05T09:00:00.000Z', [A]],
    ['2026-01-05T11:59:59.999Z', [A]],
    ['2026-01-05T12:00:00.000Z', [C]],
    ['2026-01-05T13:59:59.999Z', [C]],
    ['2026-01-05T14:00:00.000Z', [A]],
    ['2026-01-06T09:00:00.000Z', [B]],
    ['2026-01-06T15:30:00.000Z', [D]],
    ['2026-01-06T16:00:00.000Z', [B]],
  ])('at %s: %j', (t, expected) => {
    expect(onCallAt(s, at(t))).toEqual(expected);
  });
});

describe('gaps and overlaps', () => {
  it('gaps: before the first hand-off and outside restrictions, after overrides', () => {
    const s = schedule({
      timeZone: 'UTC',
      layers: [{ participants: [A], restrictions: [{ kind: 'daily', from: '09:00', to: '17:00' }] }],
      overrides: [{ user: D, start: '2026-01-06T17:00:00Z', end: '2026-01-06T18:00:00Z' }],
    });
    expect(gaps(s, at('2026-01-05T00:00Z'), at('2026-01-07T00:00Z')).map(show)).toEqual([
      '2026-01-05T00:00Z → 2026-01-05T09:00Z',
      '2026-01-05T17:00Z → 2026-01-06T09:00Z',
      '2026-01-06T18:00Z → 2026-01-07T00:00Z',
    ]);
  });

  it('no gaps with an unrestricted layer after its start', () => {
    const s = schedule({ timeZone: 'Europe/Berlin', layers: [primary] });
    expect(gaps(s, at('2026-03-01T00:00Z'), at('2026-04-01T00:00Z'))).toEqual([]);
  });

  it('overlaps: where two layers both have someone, with both named (overrides ignored)', () => {
    const s = schedule({
      timeZone: 'UTC',
      layers: [
        { participants: [A], restrictions: [{ kind: 'daily', from: '08:00', to: '16:00' }] },
        { participants: [B], restrictions: [{ kind: 'daily', from: '14:00', to: '22:00' }] },
        { participants: [C], restrictions: [{ kind: 'daily', from: '15:00', to: '15:30' }] },
      ],
      overrides: [{ user: D, start: '2026-01-05T14:00:00Z', end: '2026-01-05T15:00:00Z' }],
    });
    expect(overlaps(s, at('2026-01-05T09:00Z'), at('2026-01-05T23:00Z'))).toEqual([
      {
        start: at('2026-01-05T14:00Z'),
        end: at('2026-01-05T15:00Z'),
        layers: [
          { layer: 'l0', user: A },
          { layer: 'l1', user: B },
        ],
      },
      {
        start: at('2026-01-05T15:00Z'),
        end: at('2026-01-05T15:30Z'),
        layers: [
          { layer: 'l0', user: A },
          { layer: 'l1', user: B },
          { layer: 'l2', user: C },
        ],
      },
      {
        start: at('2026-01-05T15:30Z'),
        end: at('2026-01-05T16:00Z'),
        layers: [
          { layer: 'l0', user: A },
          { layer: 'l1', user: B },
        ],
      },
    ]);
  });

  it('overlaps: a hand-off inside an overlap splits it (the users differ)', () => {
    const s = schedule({
      timeZone: 'UTC',
      layers: [{ participants: [A, B] }, { participants: [C], start: '2026-01-05T00:00' }],
    });
    expect(
      overlaps(s, at('2026-01-05T08:00Z'), at('2026-01-06T10:00Z')).map(
        (o) => `${show(o)} ${o.layers.map((l) => l.user).join('+')}`,
      ),
    ).toEqual([`2026-01-05T09:00Z → 2026-01-06T09:00Z ${A}+${C}`, `2026-01-06T09:00Z → 2026-01-06T10:00Z ${B}+${C}`]);
  });
});
