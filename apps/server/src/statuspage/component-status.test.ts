import { describe, expect, it } from 'vitest';
import { componentStatusAt, componentStatuses, pageStatus } from './component-status.ts';
import { statusSegments } from './segments.ts';
import { worstStatus, type MaintenanceWindow, type StatusUpdate } from './status.ts';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const u = (
  incident: string,
  minutes: number,
  state: StatusUpdate['state'],
  components: StatusUpdate['components'] = {},
): StatusUpdate => ({
  incident,
  at: at(minutes),
  state,
  components,
});
const status = (updates: StatusUpdate[], minutes: number, maintenances: MaintenanceWindow[] = [], component = 'api') =>
  componentStatusAt(component, updates, maintenances, at(minutes)).status;

describe('componentStatusAt', () => {
  const a = [
    u('a', 0, 'investigating', { api: 'major-outage' }),
    u('a', 20, 'identified', { api: 'partial-outage' }),
    u('a', 40, 'resolved'),
  ];

  it('is operational with no update', () => {
    expect(componentStatusAt('api', [], [], at(0))).toEqual({
      component: 'api',
      status: 'operational',
      incidents: [],
      maintenances: [],
    });
  });

  it('follows the latest update naming the component, until the incident is resolved', () => {
    expect([status(a, -1), status(a, 0), status(a, 19), status(a, 20), status(a, 39), status(a, 40)]).toEqual([
      'operational',
      'major-outage',
      'major-outage',
      'partial-outage',
      'partial-outage',
      'operational',
    ]);
  });

  it('ignores the order updates are given in', () => {
    expect(status([...a].reverse(), 30)).toBe('partial-outage');
  });

  it('an update that does not name the component leaves it as it was', () => {
    expect(status([...a.slice(0, 1), u('a', 10, 'identified', { web: 'degraded' })], 15)).toBe('major-outage');
  });

  it('takes the worst of several incidents, so a calm update of one does not hide another’s outage', () => {
    const two = [...a, u('b', 10, 'investigating', { api: 'degraded' })];
    expect(componentStatusAt('api', two, [], at(15))).toEqual({
      component: 'api',
      status: 'major-outage',
      incidents: [
        { incident: 'a', status: 'major-outage' },
        { incident: 'b', status: 'degraded' },
      ],
      maintenances: [],
    });
    expect(status(two, 45)).toBe('degraded');
  });

  it('a resolved update clears every impact of its incident, whatever it names; a later update reopens', () => {
    const r = [
      u('a', 0, 'investigating', { api: 'major-outage', web: 'degraded' }),
      u('a', 10, 'resolved', { api: 'major-outage' }),
    ];
    expect([status(r, 11), status(r, 11, [], 'web')]).toEqual(['operational', 'operational']);
    const reopened = [...r, u('a', 20, 'investigating', { web: 'partial-outage' })];
    expect([status(reopened, 21), status(reopened, 21, [], 'web')]).toEqual(['operational', 'partial-outage']);
  });

  it('updates at the same instant apply in the order given', () => {
    expect(
      status([u('a', 5, 'investigating', { api: 'degraded' }), u('a', 5, 'identified', { api: 'major-outage' })], 5),
    ).toBe('major-outage');
    expect(
      status([u('a', 5, 'identified', { api: 'major-outage' }), u('a', 5, 'monitoring', { api: 'degraded' })], 5),
    ).toBe('degraded');
  });

  it('maintenance from its start (inclusive) to its end (exclusive), below any incident impact', () => {
    const m: MaintenanceWindow[] = [{ id: 'm1', from: at(60), to: at(120), components: ['api'] }];
    expect([status([], 59, m), status([], 60, m), status([], 119, m), status([], 120, m)]).toEqual([
      'operational',
      'maintenance',
      'maintenance',
      'operational',
    ]);
    expect(status([], 90, m, 'web')).toBe('operational');
    expect(componentStatusAt('api', [u('b', 70, 'investigating', { api: 'degraded' })], m, at(90))).toMatchObject({
      status: 'degraded',
      maintenances: ['m1'],
    });
  });

  it('componentStatuses and pageStatus', () => {
    const readings = componentStatuses(['web', 'api', 'db'], a, [], at(30));
    expect(readings.map((r) => [r.component, r.status])).toEqual([
      ['web', 'operational'],
      ['api', 'partial-outage'],
      ['db', 'operational'],
    ]);
    expect(pageStatus(readings)).toBe('partial-outage');
    expect(pageStatus([])).toBe('operational');
    expect(worstStatus(['maintenance', 'degraded', 'operational'])).toBe('degraded');
  });
});

describe('statusSegments', () => {
  it('is a step function over the span, merging equal neighbours', () => {
    const updates = [
      u('a', 0, 'investigating', { api: 'major-outage' }),
      u('a', 10, 'identified', { api: 'major-outage' }),
      u('a', 20, 'monitoring', { api: 'degraded' }),
      u('a', 30, 'resolved'),
    ];
    expect(statusSegments('api', updates, [], at(-10), at(60))).toEqual([
      { from: at(-10), to: at(0), status: 'operational' },
      { from: at(0), to: at(20), status: 'major-outage' },
      { from: at(20), to: at(30), status: 'degraded' },
      { from: at(30), to: at(60), status: 'operational' },
    ]);
    expect(statusSegments('api', updates, [], at(5), at(15))).toEqual([
      { from: at(5), to: at(15), status: 'major-outage' },
    ]);
    expect(statusSegments('api', updates, [], at(5), at(5))).toEqual([]);
  });
});
