/**
 * Follow-the-sun: one layer per region, each restricted to 09:00–17:00 in its own zone.
 * Asia/Shanghai (+08, no DST), Europe/Berlin (+01/+02), America/New_York (-05/-04).
 */
import { describe, expect, it } from 'vitest';
import { finalSchedule, gaps, onCallAt, overlaps } from './final.ts';
import { at, schedule, show } from '../../../../test/support/oncall-schedules.ts';

const business = [{ kind: 'daily' as const, from: '09:00', to: '17:00' }];
const sun = schedule({
  id: 'follow-the-sun',
  timeZone: 'UTC',
  layers: [
    {
      id: 'apac',
      participants: ['li@example.com', 'wang@example.com'],
      timeZone: 'Asia/Shanghai',
      shift: { every: 1, unit: 'weeks' },
      start: '2026-01-05T09:00',
      restrictions: business,
    },
    {
      id: 'emea',
      participants: ['anna@example.com', 'jonas@example.com'],
      timeZone: 'Europe/Berlin',
      shift: { every: 1, unit: 'weeks' },
      start: '2026-01-05T09:00',
      restrictions: business,
    },
    {
      id: 'amer',
      participants: ['sam@example.com', 'kim@example.com'],
      timeZone: 'America/New_York',
      shift: { every: 1, unit: 'weeks' },
      start: '2026-01-05T09:00',
      restrictions: business,
    },
  ],
});
const day = (d: string) => finalSchedule(sun, at(`${d}T00:00Z`), at(`${d}T23:59Z`)).map(show);

describe('follow-the-sun across Shanghai, Berlin and New York', () => {
  it('winter (no DST anywhere): Shanghai 01–09Z, Berlin 08–16Z, New York 14–22Z; later layers win overlaps', () => {
    expect(day('2026-01-06')).toEqual([
      '2026-01-06T01:00Z → 2026-01-06T08:00Z li@example.com layer:apac',
      '2026-01-06T08:00Z → 2026-01-06T14:00Z anna@example.com layer:emea',
      '2026-01-06T14:00Z → 2026-01-06T22:00Z sam@example.com layer:amer',
    ]);
    expect(gaps(sun, at('2026-01-06T00:00Z'), at('2026-01-07T00:00Z')).map(show)).toEqual([
      '2026-01-06T00:00Z → 2026-01-06T01:00Z',
      '2026-01-06T22:00Z → 2026-01-07T00:00Z',
    ]);
    expect(overlaps(sun, at('2026-01-06T00:00Z'), at('2026-01-07T00:00Z')).map(show)).toEqual([
      '2026-01-06T08:00Z → 2026-01-06T09:00Z',
      '2026-01-06T14:00Z → 2026-01-06T16:00Z',
    ]);
  });

  it('between the US and EU changes (New York on EDT, Berlin still CET): New York moves an hour earlier in UTC', () => {
    expect(day('2026-03-10')).toEqual([
      '2026-03-10T01:00Z → 2026-03-10T08:00Z wang@example.com layer:apac',
      '2026-03-10T08:00Z → 2026-03-10T13:00Z jonas@example.com layer:emea',
      '2026-03-10T13:00Z → 2026-03-10T21:00Z kim@example.com layer:amer',
    ]);
  });

  it('summer (Berlin CEST, New York EDT): Berlin 07–15Z; Shanghai unchanged', () => {
    expect(day('2026-07-07')).toEqual([
      '2026-07-07T01:00Z → 2026-07-07T07:00Z li@example.com layer:apac',
      '2026-07-07T07:00Z → 2026-07-07T13:00Z anna@example.com layer:emea',
      '2026-07-07T13:00Z → 2026-07-07T21:00Z sam@example.com layer:amer',
    ]);
    expect(overlaps(sun, at('2026-07-07T00:00Z'), at('2026-07-08T00:00Z')).map(show)).toEqual([
      '2026-07-07T07:00Z → 2026-07-07T09:00Z',
      '2026-07-07T13:00Z → 2026-07-07T15:00Z',
    ]);
  });

  it('each region hands its weekly rotation off on Monday 09:00 local', () => {
    // Monday 2026-01-12: Shanghai 09:00 = 01:00Z (li → wang), Berlin 09:00 = 08:00Z (anna → jonas).
    expect(onCallAt(sun, at('2026-01-09T02:00Z'))).toEqual(['li@example.com']);
    expect(onCallAt(sun, at('2026-01-12T02:00Z'))).toEqual(['wang@example.com']);
    expect(onCallAt(sun, at('2026-01-12T08:30Z'))).toEqual(['jonas@example.com']);
    expect(onCallAt(sun, at('2026-01-12T23:00Z'))).toEqual([]);
  });

  it('a round-the-clock backstop layer at the bottom fills the gaps', () => {
    const covered = schedule({
      timeZone: 'UTC',
      layers: [{ id: 'backstop', participants: ['lead@example.com'], start: '2026-01-01T00:00' }, ...sun.layers],
    });
    expect(gaps(covered, at('2026-01-06T00:00Z'), at('2026-12-31T00:00Z'))).toEqual([]);
    expect(finalSchedule(covered, at('2026-01-06T22:00Z'), at('2026-01-07T02:00Z')).map(show)).toEqual([
      '2026-01-06T22:00Z → 2026-01-07T01:00Z lead@example.com layer:backstop',
      '2026-01-07T01:00Z → 2026-01-07T02:00Z li@example.com layer:apac',
    ]);
  });
});
