import { describe, expect, it } from 'vitest';
import { Layer, Override, Restriction, Schedule } from './schema.ts';

const layer = {
  id: 'primary',
  participants: ['ann@example.com', 'bob@example.com'],
  shift: { every: 1, unit: 'weeks' },
  start: '2026-01-05T09:00',
};
const valid = {
  id: 'payments',
  name: 'Payments on-call',
  timeZone: 'Europe/Berlin',
  layers: [
    layer,
    {
      id: 'apac',
      participants: ['chen@example.com'],
      shift: { every: 8, unit: 'hours' },
      start: '2026-01-05T09:00',
      timeZone: 'Asia/Shanghai',
      restrictions: [
        { kind: 'daily', from: '22:00', to: '06:00' },
        { kind: 'weekly', from: { day: 'fri', time: '18:00' }, to: { day: 'mon', time: '08:00' } },
      ],
    },
  ],
  overrides: [
    { user: 'dan@example.com', start: '2026-03-10T09:00:00+01:00', end: '2026-03-11T09:00:00Z' },
    {
      user: 'ann@example.com',
      start: '2026-03-12T00:00:00Z',
      end: '2026-03-13T00:00:00Z',
      replaces: 'bob@example.com',
    },
  ],
};

const issues = (value: unknown) => {
  const r = Schedule.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('Schedule schema', () => {
  it('accepts a full schedule and keeps the written values', () => {
    const parsed = Schedule.parse(valid);
    expect(parsed.layers[1]!.timeZone).toBe('Asia/Shanghai');
    expect(parsed.overrides![0]!.start).toBe('2026-03-10T09:00:00+01:00');
  });

  it('accepts a schedule of overrides only (no layers)', () => {
    expect(issues({ id: 'adhoc', timeZone: 'UTC', layers: [], overrides: valid.overrides })).toEqual([]);
  });

  it('rejects unknown keys at every level (strict)', () => {
    expect(issues({ ...valid, colour: 'red' })).toHaveLength(1);
    expect(issues({ ...valid, layers: [{ ...layer, handoff: '09:00' }] })[0]).toMatch(/^layers\.0/);
    expect(Restriction.safeParse({ kind: 'daily', from: '09:00', to: '17:00', days: ['mon'] }).success).toBe(false);
  });

  it('validates time zones with the IANA database', () => {
    expect(issues({ ...valid, timeZone: 'Europe/Atlantis' })).toEqual(['timeZone: unknown IANA time zone']);
    expect(issues({ ...valid, layers: [{ ...layer, timeZone: 'CEST' }] })).toEqual([
      'layers.0.timeZone: unknown IANA time zone',
    ]);
  });

  it('rejects duplicate layer ids with the path of the second', () => {
    expect(issues({ ...valid, layers: [layer, layer] })).toEqual(['layers.1.id: duplicate layer id "primary"']);
  });
});

describe('Layer schema', () => {
  const bad = (patch: Record<string, unknown>) => Layer.safeParse({ ...layer, ...patch }).success;

  it.each([
    ['no participants', { participants: [] }],
    ['a participant that is not an email', { participants: ['ann'] }],
    ['every 0', { shift: { every: 0, unit: 'days' } }],
    ['fractional every', { shift: { every: 1.5, unit: 'days' } }],
    ['unit months', { shift: { every: 1, unit: 'months' } }],
    ['start with an offset', { start: '2026-01-05T09:00Z' }],
    ['start with seconds', { start: '2026-01-05T09:00:00' }],
    ['start not a calendar date', { start: '2026-02-29T09:00' }],
    ['an empty restriction list', { restrictions: [] }],
    ['a 24:00 restriction', { restrictions: [{ kind: 'daily', from: '00:00', to: '24:00' }] }],
    [
      'a long weekday name',
      { restrictions: [{ kind: 'weekly', from: { day: 'monday', time: '09:00' }, to: { day: 'fri', time: '17:00' } }] },
    ],
    ['an unknown restriction kind', { restrictions: [{ kind: 'monthly', from: '09:00', to: '17:00' }] }],
    ['an upper-case id', { id: 'Primary' }],
  ])('rejects %s', (_name, patch) => {
    expect(bad(patch)).toBe(false);
  });

  it('accepts a leap day start and equal restriction ends (whole day)', () => {
    expect(bad({ start: '2028-02-29T09:00', restrictions: [{ kind: 'daily', from: '09:00', to: '09:00' }] })).toBe(
      true,
    );
  });
});

describe('Override schema', () => {
  const o = { user: 'dan@example.com', start: '2026-03-10T09:00:00Z', end: '2026-03-10T17:00:00Z' };
  const ok = (patch: Record<string, unknown>) => Override.safeParse({ ...o, ...patch }).success;

  it('needs an offset or Z on both ends', () => {
    expect(ok({})).toBe(true);
    expect(ok({ start: '2026-03-10T09:00:00-05:00' })).toBe(true);
    expect(ok({ start: '2026-03-10T09:00:00' })).toBe(false);
    expect(ok({ end: '2026-03-10' })).toBe(false);
  });

  it('needs end after start, compared as instants', () => {
    expect(ok({ end: o.start })).toBe(false);
    // 10:00+02:00 is 08:00Z, before the start.
    expect(ok({ end: '2026-03-10T10:00:00+02:00' })).toBe(false);
  });

  it('rejects replacing oneself', () => {
    expect(ok({ replaces: 'dan@example.com' })).toBe(false);
    expect(ok({ replaces: 'ann@example.com' })).toBe(true);
  });
});
