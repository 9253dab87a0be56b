import { describe, expect, it } from 'vitest';
import { FaultlineConfig } from '../config/schema.ts';
import { activateConfig } from '../config/active.ts';
import { attachContacts, hideContacts, MAX_SIMULATED_STEPS, planEscalation } from './simulate.ts';

const NOW = new Date('2026-01-05T12:00:00Z');
const member = (email: string) => ({ name: email.split('@')[0], email });

function cfg(policies: unknown[], teamPolicy: string | null = 'p', extra: Record<string, unknown> = {}) {
  return activateConfig(
    FaultlineConfig.parse({
      version: 1,
      catalog: {
        businessLines: [
          {
            id: 'line',
            leadership: ['boss@example.com'],
            modules: [
              { id: 'm', tier: 'core', volume: 'high', services: [{ id: 'svc', team: 't', aliases: ['svc-alias'] }] },
            ],
          },
        ],
      },
      teams: [
        {
          id: 't',
          members: ['ann@example.com', 'bob@example.com', 'cat@example.com'].map(member),
          oncall: ['cat@example.com'],
          ...(teamPolicy ? { escalationPolicy: teamPolicy } : {}),
        },
      ],
      escalationPolicies: policies,
      ...extra,
    }),
    'test',
    NOW,
  );
}

const at = NOW;
const steps = (plan: ReturnType<typeof planEscalation>) =>
  plan.steps.map(
    (s) => `${s.policy}#${s.step}r${s.round} +${s.offsetMinutes} ${s.skipped ? 'skip' : s.emails.join(',')}`,
  );

describe('planEscalation', () => {
  it('runs step 1 at once, later steps after their delays, repeats, then the hand-off policy', () => {
    const plan = planEscalation(
      cfg([
        {
          id: 'p',
          repeat: 1,
          handoffTo: 'q',
          steps: [
            { delayMinutes: 5, targets: [{ user: 'ann@example.com' }] },
            { delayMinutes: 10, targets: [{ user: 'bob@example.com' }] },
          ],
        },
        { id: 'q', steps: [{ delayMinutes: 3, targets: [{ team: 't' }] }] },
      ]),
      { service: 'svc', level: 'P3', at },
    );
    expect(steps(plan)).toEqual([
      'p#1r0 +0 ann@example.com',
      'p#2r0 +10 bob@example.com',
      'p#1r1 +15 ann@example.com',
      'p#2r1 +25 bob@example.com',
      'q#1r0 +28 ann@example.com,bob@example.com,cat@example.com',
    ]);
    expect(plan).toMatchObject({
      urgency: 'low',
      leadership: [],
      end: 'finished',
      policy: { id: 'p', name: 'p', via: 'team' },
    });
  });

  it('P1/P2 tell leadership; a service alias resolves; a level is high urgency up to 2', () => {
    const c = cfg([{ id: 'p', steps: [{ targets: [{ user: 'ann@example.com' }] }] }]);
    expect(planEscalation(c, { service: 'svc-alias', level: 'P2', at })).toMatchObject({
      service: 'svc',
      urgency: 'high',
      leadership: ['boss@example.com'],
    });
    expect(planEscalation(c, { service: 'svc', level: 'S1', at })).toMatchObject({ urgency: 'high', leadership: [] });
  });

  it('a round-robin step lists every member it may pick', () => {
    const plan = planEscalation(cfg([{ id: 'p', steps: [{ targets: [{ team: 't' }], teamMode: 'round-robin' }] }]), {
      service: 'svc',
      level: 'P3',
      at,
    });
    expect(plan.steps[0]).toMatchObject({
      roundRobin: true,
      emails: ['ann@example.com', 'bob@example.com', 'cat@example.com'],
    });
  });

  it('a team without a policy, or with one that does not exist, pages its oncall list at once', () => {
    expect(planEscalation(cfg([]), { service: 'svc', level: 'P3', at })).toMatchObject({
      policy: null,
      oncallList: ['cat@example.com'],
      end: 'escalation policy "p" does not exist: the team\'s oncall list is paged',
    });
    const plan = planEscalation(cfg([], null), { service: 'svc', level: 'P3', at });
    expect(plan).toMatchObject({
      policy: null,
      oncallList: ['cat@example.com'],
      steps: [],
      end: 'no escalation policy',
    });
  });

  it('stops listing a hand-off loop at the step limit', () => {
    const c = cfg([
      { id: 'p', handoffTo: 'q', steps: [{ targets: [{ user: 'ann@example.com' }] }] },
      { id: 'q', handoffTo: 'p', steps: [{ delayMinutes: 1, targets: [{ user: 'bob@example.com' }] }] },
    ]);
    const plan = planEscalation(c, { service: 'svc', level: 'P3', at });
    expect(plan.steps).toHaveLength(MAX_SIMULATED_STEPS);
    expect(plan.end).toMatch(/^step limit/);
  });

  it('throws NOT_FOUND for an unknown service', () => {
    expect(() => planEscalation(cfg([]), { service: 'nope', level: 'P1', at })).toThrow(/no service "nope"/);
  });
});

describe('attachContacts', () => {
  it('lists people without a verified method as not reached, and gives a non-user one plain email', () => {
    const plan = planEscalation(
      cfg([{ id: 'p', steps: [{ targets: [{ user: 'ann@example.com' }, { user: 'bob@example.com' }] }] }]),
      { service: 'svc', level: 'P3', at },
    );
    const view = attachContacts(
      plan,
      new Map([
        [
          'ann@example.com',
          { name: 'Ann', timeZone: 'UTC', contacts: [{ kind: 'sms', address: '+1', delayMinutes: 2 }] },
        ],
      ]),
    );
    expect(view.steps[0]!.people).toEqual([
      {
        email: 'ann@example.com',
        name: 'Ann',
        timeZone: 'UTC',
        reachable: true,
        why: null,
        contacts: [{ kind: 'sms', address: '+1', delayMinutes: 2, at: '2026-01-05T12:02:00.000Z' }],
      },
      {
        email: 'bob@example.com',
        name: null,
        timeZone: null,
        reachable: true,
        why: null,
        contacts: [{ kind: 'email', address: 'bob@example.com', delayMinutes: 0, at: '2026-01-05T12:00:00.000Z' }],
      },
    ]);
    const none = attachContacts(plan, new Map([['bob@example.com', { name: 'Bob', timeZone: null, contacts: [] }]]));
    expect(none.unreachable).toEqual([{ email: 'bob@example.com', why: 'no verified contact method: not paged' }]);
  });
});

describe('hideContacts', () => {
  const plan = () =>
    planEscalation(
      cfg([{ id: 'p', steps: [{ targets: [{ user: 'ann@example.com' }, { user: 'bob@example.com' }] }] }]),
      { service: 'svc', level: 'P3', at },
    );
  const ann = {
    name: 'Ann',
    timeZone: 'UTC',
    contacts: [
      { kind: 'email', address: 'ann.home@example.com', delayMinutes: 0 },
      { kind: 'sms', address: '+14155550123', delayMinutes: 2 },
      { kind: 'chat', address: 'U0123', delayMinutes: 5 },
    ],
  };

  it('masks the addresses of people the viewer may not read, keeping kinds, delays and times', () => {
    const view = hideContacts(attachContacts(plan(), new Map([['ann@example.com', ann]])), () => false);
    expect(view.steps[0]!.people[0]!.contacts).toEqual([
      { kind: 'email', address: 'a•••@example.com', delayMinutes: 0, at: '2026-01-05T12:00:00.000Z' },
      { kind: 'sms', address: '•••23', delayMinutes: 2, at: '2026-01-05T12:02:00.000Z' },
      { kind: 'chat', address: '•••', delayMinutes: 5, at: '2026-01-05T12:05:00.000Z' },
    ]);
    // Bob is no user: the policy names his address, which the engine emails as it is.
    expect(view.steps[0]!.people[1]!.contacts[0]!.address).toBe('bob@example.com');
  });

  it('shows the addresses of those the viewer may read (themself, or everyone for an admin)', () => {
    const full = attachContacts(plan(), new Map([['ann@example.com', ann]]));
    const view = hideContacts(full, (email) => email === 'ann@example.com');
    expect(view).toEqual(full);
  });
});
