import { describe, expect, it } from 'vitest';
import { Restriction } from './schema.ts';
import { restrictShifts, restrictionWindows } from './restrict.ts';
import { at, show } from '../../../../test/support/oncall-schedules.ts';

const r = (value: unknown): Restriction => Restriction.parse(value);
const windows = (rs: unknown[], zone: string, from: string, to: string) =>
  restrictionWindows(rs.map(r), zone, at(from), at(to)).map(show);

describe('daily restrictions', () => {
  it('09:00–17:00 every day, clipped to the query', () => {
    expect(
      windows([{ kind: 'daily', from: '09:00', to: '17:00' }], 'UTC', '2026-01-05T12:00Z', '2026-01-07T10:00Z'),
    ).toEqual([
      '2026-01-05T12:00Z → 2026-01-05T17:00Z',
      '2026-01-06T09:00Z → 2026-01-06T17:00Z',
      '2026-01-07T09:00Z → 2026-01-07T10:00Z',
    ]);
  });

  it('22:00–06:00 crosses midnight, including the night that began before the query', () => {
    expect(
      windows([{ kind: 'daily', from: '22:00', to: '06:00' }], 'UTC', '2026-01-05T00:00Z', '2026-01-07T00:00Z'),
    ).toEqual([
      '2026-01-05T00:00Z → 2026-01-05T06:00Z',
      '2026-01-05T22:00Z → 2026-01-06T06:00Z',
      '2026-01-06T22:00Z → 2026-01-07T00:00Z',
    ]);
  });

  it('equal ends mean the whole day (one continuous window)', () => {
    expect(
      windows([{ kind: 'daily', from: '09:00', to: '09:00' }], 'UTC', '2026-01-05T00:00Z', '2026-01-09T00:00Z'),
    ).toEqual(['2026-01-05T00:00Z → 2026-01-09T00:00Z']);
  });

  it('reads times in the given zone', () => {
    expect(
      windows(
        [{ kind: 'daily', from: '09:00', to: '17:00' }],
        'Asia/Shanghai',
        '2026-01-05T00:00Z',
        '2026-01-06T00:00Z',
      ),
    ).toEqual(['2026-01-05T01:00Z → 2026-01-05T09:00Z']);
  });

  it('stays 09:00–17:00 local across DST (New York, 2026-03-08 and 2026-11-01)', () => {
    const rs = [{ kind: 'daily', from: '09:00', to: '17:00' }];
    expect(windows(rs, 'America/New_York', '2026-03-07T00:00Z', '2026-03-09T00:00Z')).toEqual([
      '2026-03-07T14:00Z → 2026-03-07T22:00Z',
      '2026-03-08T13:00Z → 2026-03-08T21:00Z',
    ]);
    expect(windows(rs, 'America/New_York', '2026-10-31T00:00Z', '2026-11-02T00:00Z')).toEqual([
      '2026-10-31T13:00Z → 2026-10-31T21:00Z',
      '2026-11-01T14:00Z → 2026-11-01T22:00Z',
    ]);
  });

  it('a night window over a DST change is 1 h shorter or longer', () => {
    const rs = [{ kind: 'daily', from: '22:00', to: '06:00' }];
    // Berlin: 2026-03-28 22:00 CET (21:00Z) → 2026-03-29 06:00 CEST (04:00Z) is 7 h.
    expect(windows(rs, 'Europe/Berlin', '2026-03-28T12:00Z', '2026-03-29T12:00Z')).toEqual([
      '2026-03-28T21:00Z → 2026-03-29T04:00Z',
    ]);
    // 2026-10-24 22:00 CEST (20:00Z) → 2026-10-25 06:00 CET (05:00Z) is 9 h.
    expect(windows(rs, 'Europe/Berlin', '2026-10-24T12:00Z', '2026-10-25T12:00Z')).toEqual([
      '2026-10-24T20:00Z → 2026-10-25T05:00Z',
    ]);
  });

  it('a window inside a spring-forward gap is empty that day; ends in a repeated hour use the first pass', () => {
    const gap = [{ kind: 'daily', from: '02:00', to: '02:30' }];
    expect(windows(gap, 'America/New_York', '2026-03-07T12:00Z', '2026-03-09T12:00Z')).toEqual([
      '2026-03-09T06:00Z → 2026-03-09T06:30Z',
    ]);
    const repeated = [{ kind: 'daily', from: '00:00', to: '01:30' }];
    expect(windows(repeated, 'America/New_York', '2026-11-01T00:00Z', '2026-11-01T12:00Z')).toEqual([
      '2026-11-01T04:00Z → 2026-11-01T05:30Z', // 00:00 EDT → first 01:30 (EDT)
    ]);
  });
});

describe('weekly restrictions', () => {
  it('Mon 09:00 → Fri 17:00 (business week)', () => {
    const rs = [{ kind: 'weekly', from: { day: 'mon', time: '09:00' }, to: { day: 'fri', time: '17:00' } }];
    expect(windows(rs, 'UTC', '2026-01-03T00:00Z', '2026-01-17T00:00Z')).toEqual([
      '2026-01-05T09:00Z → 2026-01-09T17:00Z',
      '2026-01-12T09:00Z → 2026-01-16T17:00Z',
    ]);
  });

  it('Fri 18:00 → Mon 08:00 wraps past Sunday; a weekend already begun before the query is kept', () => {
    const rs = [{ kind: 'weekly', from: { day: 'fri', time: '18:00' }, to: { day: 'mon', time: '08:00' } }];
    expect(windows(rs, 'UTC', '2026-01-04T00:00Z', '2026-01-13T00:00Z')).toEqual([
      '2026-01-04T00:00Z → 2026-01-05T08:00Z',
      '2026-01-09T18:00Z → 2026-01-12T08:00Z',
    ]);
  });

  it('same day, later end: Mon 09:00 → Mon 17:00; same day, earlier end: almost a whole week', () => {
    const day = [{ kind: 'weekly', from: { day: 'mon', time: '09:00' }, to: { day: 'mon', time: '17:00' } }];
    expect(windows(day, 'UTC', '2026-01-05T00:00Z', '2026-01-12T00:00Z')).toEqual([
      '2026-01-05T09:00Z → 2026-01-05T17:00Z',
    ]);
    const week = [{ kind: 'weekly', from: { day: 'mon', time: '09:00' }, to: { day: 'mon', time: '08:00' } }];
    expect(windows(week, 'UTC', '2026-01-05T00:00Z', '2026-01-20T00:00Z')).toEqual([
      '2026-01-05T00:00Z → 2026-01-05T08:00Z',
      '2026-01-05T09:00Z → 2026-01-12T08:00Z',
      '2026-01-12T09:00Z → 2026-01-19T08:00Z',
      '2026-01-19T09:00Z → 2026-01-20T00:00Z',
    ]);
  });

  it('equal ends mean the whole week', () => {
    const rs = [{ kind: 'weekly', from: { day: 'wed', time: '12:00' }, to: { day: 'wed', time: '12:00' } }];
    expect(windows(rs, 'UTC', '2026-01-01T00:00Z', '2026-02-01T00:00Z')).toEqual([
      '2026-01-01T00:00Z → 2026-02-01T00:00Z',
    ]);
  });

  it('a weekend window over the Berlin spring-forward weekend is 1 h shorter', () => {
    const rs = [{ kind: 'weekly', from: { day: 'sat', time: '00:00' }, to: { day: 'mon', time: '00:00' } }];
    expect(windows(rs, 'Europe/Berlin', '2026-03-27T00:00Z', '2026-03-31T00:00Z')).toEqual([
      '2026-03-27T23:00Z → 2026-03-29T22:00Z', // 47 h
    ]);
  });
});

describe('several restrictions and clipping shifts', () => {
  it('a layer is on call inside any window; touching windows merge', () => {
    const rs = [
      { kind: 'daily', from: '09:00', to: '12:00' },
      { kind: 'daily', from: '12:00', to: '13:00' },
      { kind: 'weekly', from: { day: 'sat', time: '00:00' }, to: { day: 'mon', time: '00:00' } },
    ];
    expect(windows(rs, 'UTC', '2026-01-09T00:00Z', '2026-01-13T00:00Z')).toEqual([
      '2026-01-09T09:00Z → 2026-01-09T13:00Z',
      '2026-01-10T00:00Z → 2026-01-12T00:00Z',
      '2026-01-12T09:00Z → 2026-01-12T13:00Z',
    ]);
  });

  it('restrictShifts splits a shift into its windows and keeps its user', () => {
    const shifts = [
      { user: 'a@x.io', start: at('2026-01-05T09:00Z'), end: at('2026-01-06T09:00Z') },
      { user: 'b@x.io', start: at('2026-01-06T09:00Z'), end: at('2026-01-07T09:00Z') },
    ];
    const out = restrictShifts(shifts, [r({ kind: 'daily', from: '17:00', to: '09:00' })], 'UTC');
    expect(out.map(show)).toEqual([
      '2026-01-05T17:00Z → 2026-01-06T09:00Z a@x.io',
      '2026-01-06T17:00Z → 2026-01-07T09:00Z b@x.io',
    ]);
  });

  it('restrictShifts without restrictions returns the shifts unchanged', () => {
    const shifts = [{ user: 'a@x.io', start: at('2026-01-05T09:00Z'), end: at('2026-01-06T09:00Z') }];
    expect(restrictShifts(shifts, undefined, 'UTC')).toEqual(shifts);
    expect(restrictShifts([], [r({ kind: 'daily', from: '17:00', to: '09:00' })], 'UTC')).toEqual([]);
  });
});
