import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors.ts';
import {
  compileMaintenanceWindow,
  endMaintenanceAt,
  inMaintenanceScope,
  maintenanceCovering,
  maintenanceEndedAt,
  maintenanceOpen,
  maintenanceState,
  resumeDueAt,
  type MaintenanceWindowDraft,
  type ScopeTarget,
} from './maintenance.ts';

const now = new Date('2026-11-21T12:00:00Z'); // a Saturday
const catalog = {
  services: new Set(['checkout-api', 'payments-db', 'search-api']),
  modules: new Set(['checkout', 'search']),
  businessLines: new Set(['shop']),
};
const checkout: ScopeTarget = {
  service: { id: 'checkout-api', module: 'checkout', businessLine: 'shop' },
  labels: { alertname: 'HighLatency', env: 'prod' },
};
const search: ScopeTarget = {
  service: { id: 'search-api', module: 'search', businessLine: 'shop' },
  labels: { alertname: 'HighLatency', env: 'staging' },
};

const draft = (over: Partial<MaintenanceWindowDraft> = {}): MaintenanceWindowDraft => ({
  name: 'database upgrade',
  schedule: { kind: 'once', startsAt: new Date('2026-11-21T13:00:00Z'), endsAt: new Date('2026-11-21T15:00:00Z') },
  scope: { services: ['checkout-api'] },
  effect: 'suppress-notifications',
  createdBy: 'ana@example.com',
  ...over,
});

function fields(fn: () => unknown): Array<{ path: string; message: string }> {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).fields ?? [];
  }
  throw new Error('expected a validation error');
}

describe('compileMaintenanceWindow', () => {
  it.each<[string, Partial<MaintenanceWindowDraft>, string, RegExp]>([
    [
      'an end before the start',
      { schedule: { kind: 'once', startsAt: now, endsAt: new Date('2026-11-21T11:00:00Z') } },
      'schedule.endsAt',
      /after/,
    ],
    [
      'an end in the past',
      {
        schedule: {
          kind: 'once',
          startsAt: new Date('2026-11-20T10:00:00Z'),
          endsAt: new Date('2026-11-20T11:00:00Z'),
        },
      },
      'schedule.endsAt',
      /past/,
    ],
    [
      'impossible days',
      { schedule: { kind: 'recurring', timeIntervals: [{ days_of_month: ['31'], months: ['february'] }] } },
      'schedule.timeIntervals.0',
      /never matches/,
    ],
    [
      'an unknown zone',
      { schedule: { kind: 'recurring', timeIntervals: [{ weekdays: ['sunday'], location: 'Europe/Atlantis' }] } },
      'schedule.timeIntervals.0.location',
      /unknown time zone/,
    ],
    [
      'an unknown service',
      { scope: { services: ['checkout-api', 'nope'] } },
      'scope.services.1',
      /unknown service "nope"/,
    ],
    ['an unknown module', { scope: { modules: ['nope'] } }, 'scope.modules.0', /unknown module/],
    [
      'an unknown business line',
      { scope: { businessLines: ['nope'] } },
      'scope.businessLines.0',
      /unknown business line/,
    ],
    ['an empty scope', { scope: {} }, 'scope', /must not cover everything/],
    ['empty-matching matchers alone', { scope: { matchers: ['team=""'] } }, 'scope.matchers', /cover everything/],
    ['a bad matcher', { scope: { matchers: ['env=~"(?!prod)"'] } }, 'scope.matchers.0', /lookarounds/],
    ['an unknown effect', { effect: 'mute' as never }, 'effect', /must be one of/],
    ['no name', { name: ' ' }, 'name', /required/],
  ])('refuses %s, naming the field', (_what, over, path, message) => {
    expect(fields(() => compileMaintenanceWindow('w', draft(over), catalog, now))).toContainEqual({
      path,
      message: expect.stringMatching(message),
    });
  });
});

describe('scope', () => {
  it('covers by service, module or business line, narrowed by matchers', () => {
    const by = (scope: MaintenanceWindowDraft['scope']) =>
      compileMaintenanceWindow('w', draft({ scope }), catalog, now);
    expect(inMaintenanceScope(by({ services: ['checkout-api'] }), checkout)).toBe(true);
    expect(inMaintenanceScope(by({ services: ['checkout-api'] }), search)).toBe(false);
    expect(inMaintenanceScope(by({ modules: ['search'] }), search)).toBe(true);
    expect(inMaintenanceScope(by({ businessLines: ['shop'] }), checkout)).toBe(true);
    expect(inMaintenanceScope(by({ businessLines: ['shop'], matchers: ['env="prod"'] }), search)).toBe(false);
    expect(inMaintenanceScope(by({ matchers: ['env="staging"'] }), search)).toBe(true);
    expect(inMaintenanceScope(by({ matchers: ['env="staging"'] }), { service: null, labels: { env: 'staging' } })).toBe(
      true,
    );
    expect(inMaintenanceScope(by({ services: ['checkout-api'] }), { service: null, labels: {} })).toBe(false);
  });
});

describe('one-off windows', () => {
  const w = compileMaintenanceWindow('w', draft(), catalog, now);
  it.each([
    ['12:59', 'scheduled', null, '2026-11-21T13:00:00.000Z'],
    ['13:00', 'in-progress', '2026-11-21T15:00:00.000Z', null],
    ['15:00', 'completed', null, null], // nothing stays suppressed after the end
  ])('at %s: %s', (hhmm, status, endsAt, nextStartsAt) => {
    const s = maintenanceState(w, new Date(`2026-11-21T${hhmm}:00Z`));
    expect({
      status: s.status,
      endsAt: s.endsAt?.toISOString() ?? null,
      next: s.nextStartsAt?.toISOString() ?? null,
    }).toEqual({
      status,
      endsAt,
      next: nextStartsAt,
    });
    expect(maintenanceOpen(w, new Date(`2026-11-21T${hhmm}:00Z`))).toBe(status === 'in-progress');
  });
});

describe('recurring windows', () => {
  const w = compileMaintenanceWindow(
    'nightly',
    draft({
      effect: 'pause-escalations',
      scope: { modules: ['checkout'] },
      schedule: {
        kind: 'recurring',
        timeIntervals: [
          { times: [{ start_time: '02:00', end_time: '04:00' }], weekdays: ['sunday'], location: 'Europe/Berlin' },
        ],
      },
    }),
    catalog,
    now,
  );

  it('is scheduled for Sunday 02:00 Berlin (01:00Z in winter), open then, and scheduled again after', () => {
    expect(maintenanceState(w, now)).toEqual({
      status: 'scheduled',
      endsAt: null,
      nextStartsAt: new Date('2026-11-22T01:00:00Z'),
    });
    expect(maintenanceState(w, new Date('2026-11-22T02:30:00Z'))).toEqual({
      status: 'in-progress',
      endsAt: new Date('2026-11-22T03:00:00Z'),
      nextStartsAt: new Date('2026-11-29T01:00:00Z'),
    });
  });

  it('maintenanceCovering lists open windows in scope with their effect and end', () => {
    const other = compileMaintenanceWindow('a-other', draft({ scope: { services: ['search-api'] } }), catalog, now);
    const at = new Date('2026-11-22T01:30:00Z');
    expect(maintenanceCovering(checkout, [w, other], at)).toEqual([
      { kind: 'maintenance', id: 'nightly', effect: 'pause-escalations', until: new Date('2026-11-22T03:00:00Z') },
    ]);
    expect(maintenanceCovering(checkout, [w, other], now)).toEqual([]);
  });
});

describe('resumeDueAt (a paused escalation resumes after the window)', () => {
  const at = (hhmm: string) => new Date(`2026-11-22T${hhmm}:00Z`);
  it('keeps the time the step had left when paused', () => {
    expect(resumeDueAt(at('01:04'), at('01:00'), at('03:00'))).toEqual(at('03:04'));
  });
  it('makes a step already due when paused due at the resumption', () => {
    expect(resumeDueAt(at('00:55'), at('01:00'), at('03:00'))).toEqual(at('03:00'));
  });
});

describe('ending a window early (endMaintenanceAt, closedUntil)', () => {
  const at = (iso: string) => new Date(iso);
  it('ends a one-off window for good, also one that has not started (cancelled)', () => {
    const w = compileMaintenanceWindow('w', draft(), catalog, now);
    const closed = { ...w, closedUntil: endMaintenanceAt(w, at('2026-11-21T14:00:00Z')) };
    expect(closed.closedUntil).toEqual(at('2026-11-21T15:00:00Z'));
    expect(maintenanceOpen(closed, at('2026-11-21T14:00:00Z'))).toBe(false);
    expect(maintenanceState(closed, at('2026-11-21T14:00:00Z')).status).toBe('completed');
    const cancelled = { ...w, closedUntil: endMaintenanceAt(w, now) };
    expect(maintenanceOpen(cancelled, at('2026-11-21T13:30:00Z'))).toBe(false);
    expect(maintenanceState(cancelled, now).status).toBe('completed');
    expect(() => endMaintenanceAt(w, at('2026-11-21T15:00:00Z'))).toThrow(AppError);
  });

  it('skips only the opening in progress of a recurring window, across the DST change', () => {
    // Saturdays 02:00-04:00 Europe/Paris; 2026-10-24 is the last Saturday of summer time (UTC+2).
    const w = compileMaintenanceWindow(
      'r',
      draft({
        schedule: {
          kind: 'recurring',
          timeIntervals: [
            { weekdays: ['saturday'], times: [{ start_time: '02:00', end_time: '04:00' }], location: 'Europe/Paris' },
          ],
        },
      }),
      catalog,
      at('2026-10-24T00:00:00Z'),
    );
    expect(() => endMaintenanceAt(w, at('2026-10-24T03:00:00Z'))).toThrow(/not open now/);
    const closedUntil = endMaintenanceAt(w, at('2026-10-24T01:00:00Z'));
    expect(closedUntil).toEqual(at('2026-10-24T02:00:00Z'));
    const ended = { ...w, closedUntil };
    expect(maintenanceOpen(ended, at('2026-10-24T01:30:00Z'))).toBe(false);
    expect(maintenanceState(ended, at('2026-10-24T01:30:00Z'))).toEqual({
      status: 'scheduled',
      endsAt: null,
      nextStartsAt: at('2026-10-31T01:00:00Z'), // winter time: UTC+1
    });
    expect(maintenanceOpen(ended, at('2026-10-31T01:00:00Z'))).toBe(true);
  });
});

describe('maintenanceEndedAt (the retention of stored windows)', () => {
  const at = (iso: string) => new Date(iso);
  it('a one-off window ended at its end; one ended early by hand, when that was done; none before', () => {
    const w = compileMaintenanceWindow('w', draft(), catalog, now); // 13:00-15:00
    expect(maintenanceEndedAt(w, now, at('2026-11-21T14:59:59Z'))).toBeNull();
    expect(maintenanceEndedAt(w, now, at('2026-11-21T15:00:00Z'))).toEqual(at('2026-11-21T15:00:00Z'));
    const endedAt = at('2026-11-21T13:40:00Z');
    const ended = { ...w, closedUntil: endMaintenanceAt(w, endedAt) };
    expect(maintenanceEndedAt(ended, endedAt, endedAt)).toEqual(endedAt);
  });

  it('a recurring window is never ended by the clock (its rules may open it again)', () => {
    const w = compileMaintenanceWindow(
      'r',
      draft({ schedule: { kind: 'recurring', timeIntervals: [{ weekdays: ['saturday'] }] } }),
      catalog,
      now,
    );
    expect(maintenanceEndedAt(w, now, at('2030-01-01T00:00:00Z'))).toBeNull();
  });
});
