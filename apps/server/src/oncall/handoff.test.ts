import { describe, expect, it } from 'vitest';
import { handoffsBetween } from './handoff.ts';
import { at, schedule } from '../../../../test/support/oncall-schedules.ts';

const A = 'ann@example.com';
const B = 'bob@example.com';
const D = 'dan@example.com';

const show = (h: { at: Date; from: string[]; to: string[] }) =>
  `${h.at.toISOString().slice(0, 16)}Z ${h.from.join(',') || '-'} → ${h.to.join(',') || '-'}`;

describe('handoffsBetween', () => {
  const s = schedule({
    timeZone: 'UTC',
    layers: [{ participants: [A, B], restrictions: [{ kind: 'daily', from: '09:00', to: '17:00' }] }],
    overrides: [
      { user: A, start: '2026-01-06T16:00:00Z', end: '2026-01-06T18:00:00Z' },
      { user: D, replaces: B, start: '2026-01-06T10:00:00Z', end: '2026-01-06T11:00:00Z' },
    ],
  });

  it('reports every change of the on-call set, including to and from nobody', () => {
    expect(handoffsBetween(s, at('2026-01-05T00:00Z'), at('2026-01-07T00:00Z')).map(show)).toEqual([
      `2026-01-05T09:00Z - → ${A}`,
      `2026-01-05T17:00Z ${A} → -`,
      `2026-01-06T09:00Z - → ${B}`,
      `2026-01-06T10:00Z ${B} → ${D}`,
      `2026-01-06T11:00Z ${D} → ${B}`,
      `2026-01-06T16:00Z ${B} → ${A}`,
      `2026-01-06T18:00Z ${A} → -`,
    ]);
  });

  it('a hand-off at `from` is included, one at `to` is not', () => {
    expect(handoffsBetween(s, at('2026-01-05T09:00Z'), at('2026-01-05T17:00Z')).map(show)).toEqual([
      `2026-01-05T09:00Z - → ${A}`,
    ]);
  });

  it('windows that tile time report each hand-off once', () => {
    const whole = handoffsBetween(s, at('2026-01-05T00:00Z'), at('2026-01-07T00:00Z'));
    const parts = [
      '2026-01-05T00:00Z',
      '2026-01-05T09:00Z',
      '2026-01-06T10:30Z',
      '2026-01-06T16:00Z',
      '2026-01-07T00:00Z',
    ];
    const tiled = parts.slice(1).flatMap((end, i) => handoffsBetween(s, at(parts[i]!), at(end)));
    expect(tiled).toEqual(whole);
  });

  it('the same user continuing from a layer into an override is not a hand-off', () => {
    const same = schedule({
      timeZone: 'UTC',
      layers: [{ participants: [A] }],
      overrides: [{ user: A, start: '2026-01-05T12:00:00Z', end: '2026-01-05T14:00:00Z' }],
    });
    expect(handoffsBetween(same, at('2026-01-05T10:00Z'), at('2026-01-05T20:00Z'))).toEqual([]);
  });

  it('an empty window has none', () => {
    expect(handoffsBetween(s, at('2026-01-05T09:00Z'), at('2026-01-05T09:00Z'))).toEqual([]);
  });
});
