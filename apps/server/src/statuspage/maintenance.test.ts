import { describe, expect, it } from 'vitest';
import { compileTimeIntervals } from '../suppression/index.ts';
import { componentsBackToOperational } from './auto-resolve.ts';
import { publicMaintenance, type ShownWindow } from './maintenance.ts';

const once = (id: string, startsAt: string, endsAt: string, shown = true): ShownWindow => ({
  id,
  schedule: { kind: 'once', startsAt: new Date(startsAt), endsAt: new Date(endsAt) },
  closedUntil: null,
  statusPage: shown ? { title: `T ${id}`, components: ['checkout', 'gone'] } : null,
});
const known = new Set(['checkout', 'login']);

describe('publicMaintenance', () => {
  it('lists in-progress then scheduled windows, drops completed and unmarked ones and unknown components', () => {
    const now = new Date('2026-11-22T14:30:00Z');
    const { list, openings } = publicMaintenance(
      [
        once('later', '2026-11-23T01:00:00Z', '2026-11-23T02:00:00Z'),
        once('now', '2026-11-22T14:00:00Z', '2026-11-22T15:00:00Z'),
        once('done', '2026-11-22T10:00:00Z', '2026-11-22T11:00:00Z'),
        once('hidden', '2026-11-22T14:00:00Z', '2026-11-22T15:00:00Z', false),
      ],
      known,
      now,
    );
    expect(list.map((m) => [m.title, m.status, m.startsAt, m.endsAt, m.components])).toEqual([
      ['T now', 'in-progress', '2026-11-22T14:00:00.000Z', '2026-11-22T15:00:00.000Z', ['checkout']],
      ['T later', 'scheduled', '2026-11-23T01:00:00.000Z', '2026-11-23T02:00:00.000Z', ['checkout']],
    ]);
    expect(list[0]!.id).not.toContain('now');
    expect(openings.map((o) => [o.from.toISOString(), o.to.toISOString()])).toEqual([
      ['2026-11-23T01:00:00.000Z', '2026-11-23T02:00:00.000Z'],
      ['2026-11-22T14:00:00.000Z', '2026-11-22T15:00:00.000Z'],
    ]);
  });

  it("gives a recurring window's next opening with its end", () => {
    const nightly: ShownWindow = {
      id: 'nightly',
      schedule: {
        kind: 'recurring',
        timeIntervals: compileTimeIntervals(
          [{ times: [{ start_time: '02:00', end_time: '03:00' }], location: 'UTC' }],
          'timeIntervals',
        ),
      },
      closedUntil: null,
      statusPage: { title: 'Nightly backup', components: ['login'] },
    };
    const { list } = publicMaintenance([nightly], known, new Date('2026-11-22T12:00:00Z'));
    expect(list).toEqual([
      expect.objectContaining({
        status: 'scheduled',
        startsAt: '2026-11-23T02:00:00.000Z',
        endsAt: '2026-11-23T03:00:00.000Z',
        components: ['login'],
      }),
    ]);
  });
});

describe('componentsBackToOperational', () => {
  it('names every component any update named, operational', () => {
    expect(
      componentsBackToOperational([
        { components: { checkout: 'major-outage' } },
        { components: { login: 'degraded' } },
      ]),
    ).toEqual({ checkout: 'operational', login: 'operational' });
  });
});
