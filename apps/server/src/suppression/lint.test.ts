import { describe, expect, it } from 'vitest';
import type { FaultlineConfig } from '../kernel/index.ts';
import { lintSuppression } from './lint.ts';

const now = new Date('2026-11-21T14:00:00Z');
const base = {
  createdBy: 'config',
  annotations: {},
  startsAt: '2026-11-21T13:00:00Z',
  endsAt: '2026-11-21T16:00:00Z',
  comment: 'drill',
};
const catalog = {
  businessLines: [{ id: 'commerce', modules: [{ id: 'checkout', services: [{ id: 'checkout-api' }] }] }],
};
const lint = (
  silences: Array<Record<string, unknown>>,
  maintenanceWindows: Array<Record<string, unknown>> = [],
  inhibitRules: Array<Record<string, unknown>> = [],
) =>
  lintSuppression(
    {
      silences,
      maintenanceWindows,
      inhibitRules,
      catalog,
      suppression: { silenceRetentionHours: 120 },
    } as unknown as FaultlineConfig,
    now,
  );
const window = { id: 'w', name: 'W', effect: 'suppress-notifications', comment: '' };

describe('lintSuppression', () => {
  it('accepts a valid config silence', () => {
    expect(lint([{ ...base, id: 'drill', matchers: ['alertname="X"'] }])).toEqual([]);
  });

  it('names the matcher with an invalid regex, and the one that mutes everything', () => {
    expect(lint([{ ...base, id: 'a', matchers: ['alertname="X"', 'instance=~"(x"'] }])).toEqual([
      expect.objectContaining({ path: 'silences.0.matchers.1', severity: 'error' }),
    ]);
    expect(lint([{ ...base, id: 'b', matchers: ['instance=~".*"'] }])).toEqual([
      expect.objectContaining({ path: 'silences.0.matchers', severity: 'error' }),
    ]);
  });

  it('refuses an end before the start and a duplicate id; warns about a silence that has ended', () => {
    expect(lint([{ ...base, id: 'c', matchers: ['a="b"'], endsAt: '2026-11-21T12:00:00Z' }])).toEqual([
      expect.objectContaining({ path: 'silences.0.endsAt', severity: 'error' }),
    ]);
    expect(
      lint([
        { ...base, id: 'd', matchers: ['a="b"'] },
        { ...base, id: 'd', matchers: ['a="c"'] },
      ]),
    ).toEqual([expect.objectContaining({ path: 'silences.1.id', severity: 'error' })]);
    expect(lint([{ ...base, id: 'e', matchers: ['a="b"'], endsAt: '2026-11-21T13:30:00Z' }])).toEqual([
      expect.objectContaining({ path: 'silences.0.endsAt', severity: 'warning' }),
    ]);
  });
});

describe('lintSuppression: maintenance windows', () => {
  it('accepts one-off and recurring windows with a known scope', () => {
    expect(
      lint(
        [],
        [
          {
            ...window,
            startsAt: '2026-11-21T13:00:00Z',
            endsAt: '2026-11-21T15:00:00Z',
            scope: { services: ['checkout-api'] },
          },
          {
            ...window,
            id: 'r',
            timeIntervals: [{ weekdays: ['saturday'], times: [{ start_time: '02:00', end_time: '04:00' }] }],
            scope: { modules: ['checkout'] },
          },
        ],
      ),
    ).toEqual([]);
  });

  it('names impossible days, unknown zones, unknown services, an empty scope and an end before the start', () => {
    const problems = lint(
      [],
      [
        { ...window, timeIntervals: [{ days_of_month: ['32'] }], scope: { services: ['checkout-api'] } },
        { ...window, id: 'b', timeIntervals: [{ location: 'Mars/Olympus' }], scope: { services: ['checkout-api'] } },
        {
          ...window,
          id: 'c',
          startsAt: '2026-11-21T13:00:00Z',
          endsAt: '2026-11-21T15:00:00Z',
          scope: { services: ['nope'] },
        },
        { ...window, id: 'd', startsAt: '2026-11-21T13:00:00Z', endsAt: '2026-11-21T15:00:00Z', scope: {} },
        {
          ...window,
          id: 'e',
          startsAt: '2026-11-21T15:00:00Z',
          endsAt: '2026-11-21T13:00:00Z',
          scope: { modules: ['checkout'] },
        },
      ],
    );
    const paths = problems.filter((p) => p.severity === 'error').map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^maintenanceWindows\.0\.timeIntervals\.0\.days_of_month/),
        expect.stringMatching(/^maintenanceWindows\.1\.timeIntervals\.0\.location/),
        'maintenanceWindows.2.scope.services.0',
        'maintenanceWindows.3.scope',
        'maintenanceWindows.4.endsAt',
      ]),
    );
  });
});

describe('lintSuppression: inhibition rules', () => {
  it("warns about Alertmanager's trap: equal labels that may be absent on both sides", () => {
    const problems = lint(
      [],
      [],
      [
        {
          name: 'r',
          source_matchers: ['severity="critical"'],
          target_matchers: ['severity="warning"'],
          equal: ['cluster'],
        },
      ],
    );
    expect(problems).toEqual([
      expect.objectContaining({ severity: 'warning', path: expect.stringMatching(/^inhibitRules\.0/) }),
    ]);
    expect(problems[0]!.message).toContain('cluster');
  });

  it('refuses an invalid regex naming the matcher', () => {
    expect(
      lint([], [], [{ source_matchers: ['a=~"("'], target_matchers: ['b="c"'], equal: ['service'] }]).map((p) => [
        p.path,
        p.severity,
      ]),
    ).toContainEqual(['inhibitRules.0.source_matchers.0', 'error']);
  });
});
