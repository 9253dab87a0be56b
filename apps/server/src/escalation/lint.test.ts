import { describe, expect, it } from 'vitest';
import { FaultlineConfig } from '../config/schema.ts';
import { lintConfig } from '../config/lint.ts';
import { checkConfigText } from '../config/load.ts';

const NOW = new Date('2026-01-05T12:00:00Z');
const check = (text: string) => checkConfigText(text, NOW);

/** A clean config with a schedule, two channels and two policies (the second is the first's hand-off). */
function base() {
  return {
    version: 1 as const,
    catalog: {
      businessLines: [
        {
          id: 'commerce',
          modules: [
            {
              id: 'checkout',
              tier: 'core',
              volume: 'high',
              services: [{ id: 'checkout-api', team: 'payments' }],
            },
          ],
        },
      ],
    },
    teams: [
      {
        id: 'payments',
        members: [
          { name: 'Ann', email: 'ann@example.com' },
          { name: 'Bob', email: 'bob@example.com' },
        ],
        escalationPolicy: 'payments' as string | undefined,
      } as Record<string, unknown>,
    ],
    schedules: [
      {
        id: 'primary',
        timeZone: 'UTC',
        layers: [
          {
            id: 'l',
            participants: ['ann@example.com', 'bob@example.com'],
            shift: { every: 1, unit: 'weeks' },
            start: '2026-01-01T09:00',
          },
        ],
      } as Record<string, unknown>,
    ],
    channels: [
      { id: 'ops-hook', type: 'slack-webhook', config: { url: 'https://hooks.slack.com/services/T/B/x' } },
      {
        id: 'sms',
        type: 'http-sms',
        config: { url: 'https://sms.example.com/send' },
      } as Record<string, unknown>,
    ],
    escalationPolicies: [
      {
        id: 'payments',
        steps: [
          { targets: [{ schedule: 'primary' }] as Record<string, string>[] },
          { delayMinutes: 10, targets: [{ user: 'bob@example.com' }, { channel: 'ops-hook' }] },
        ],
        handoffTo: 'managers' as string | undefined,
      } as Record<string, unknown>,
      { id: 'managers', steps: [{ targets: [{ team: 'payments' }] }] } as Record<string, unknown>,
    ],
  };
}
type Raw = ReturnType<typeof base>;

function lint(change: (raw: Raw) => void = () => {}): string[] {
  const raw = base();
  change(raw);
  return lintConfig(FaultlineConfig.parse(raw), NOW)
    .filter((p) => !p.path.startsWith('levels'))
    .map((p) => `${p.severity} ${p.path}: ${p.message}`);
}

describe('lintEscalation', () => {
  it('a clean config has no problems', () => {
    expect(lint()).toEqual([]);
  });

  it('reports unknown schedules, teams, channels and non-member users at the target', () => {
    const problems = lint((raw) => {
      (raw.escalationPolicies[0] as { steps: unknown[] }).steps.push({
        targets: [{ schedule: 'nope' }, { team: 'nope' }, { channel: 'nope' }, { user: 'stranger@example.com' }],
      });
    });
    expect(problems).toEqual([
      'error escalationPolicies.0.steps.2.targets.0.schedule: unknown schedule "nope"',
      'error escalationPolicies.0.steps.2.targets.1.team: unknown team "nope"',
      'error escalationPolicies.0.steps.2.targets.2.channel: unknown channel "nope"',
      'error escalationPolicies.0.steps.2.targets.3.user: "stranger@example.com" is not a member of any team',
    ]);
  });

  it('schedule participants and override users must be team members', () => {
    const problems = lint((raw) => {
      const s = raw.schedules[0] as { layers: Array<{ participants: string[] }>; overrides?: unknown[] };
      s.layers[0]!.participants.push('stranger@example.com');
      s.overrides = [{ user: 'other@example.com', start: '2026-02-01T00:00:00Z', end: '2026-02-02T00:00:00Z' }];
    });
    expect(problems).toEqual([
      'error schedules.0.layers.0.participants.2: "stranger@example.com" is not a member of any team',
      'error schedules.0.overrides.0.user: "other@example.com" is not a member of any team',
    ]);
  });

  it("reports a team's unknown policy and an unknown hand-off", () => {
    const problems = lint((raw) => {
      raw.teams[0]!.escalationPolicy = 'ghost';
      raw.escalationPolicies[0]!.handoffTo = 'ghost';
    });
    // The team's policy may be stored through the API: only the server can tell (GET /api/v1/oncall/lint).
    expect(problems).toContain(
      'warning teams.0.escalationPolicy: escalation policy "ghost" is not in the config file: it must be created through the API (the server\'s on-call lint checks it), else the team is paged through its oncall list',
    );
    expect(problems).toContain('error escalationPolicies.0.handoffTo: unknown escalation policy "ghost"');
  });

  it('reports hand-off cycles once, including a policy handing off to itself', () => {
    expect(lint((raw) => void (raw.escalationPolicies[1]!.handoffTo = 'payments'))).toEqual([
      'error escalationPolicies.0.handoffTo: hand-off cycle: payments → managers → payments; an escalation would never end',
    ]);
    expect(
      lint((raw) => {
        raw.escalationPolicies[0]!.handoffTo = undefined;
        raw.escalationPolicies[1]!.handoffTo = 'managers';
      }),
    ).toContain(
      'error escalationPolicies.1.handoffTo: hand-off cycle: managers → managers; an escalation would never end',
    );
  });

  it('warns about a policy no team uses, directly or through a hand-off', () => {
    expect(lint((raw) => void (raw.escalationPolicies[0]!.handoffTo = undefined))).toEqual([
      `warning escalationPolicies.1: no team uses escalation policy "managers" (set teams[].escalationPolicy, a service's escalationPolicy, or hand off to it)`,
    ]);
  });

  it("counts a service's own policy as used, and warns about one not in the file", () => {
    const service = (raw: ReturnType<typeof base>) =>
      raw.catalog.businessLines[0]!.modules[0]!.services[0] as Record<string, unknown>;
    expect(
      lint((raw) => {
        raw.escalationPolicies[0]!.handoffTo = undefined;
        service(raw).escalationPolicy = 'managers';
      }),
    ).toEqual([]);
    expect(lint((raw) => void (service(raw).escalationPolicy = 'ghost'))).toEqual([
      `warning catalog.businessLines.0.modules.0.services.0.escalationPolicy: escalation policy "ghost" of service "checkout-api" is not in the config file: it must be created through the API (the server's on-call lint checks it), else the service is paged through its team's policy`,
    ]);
  });

  it('warns about a step that can have nobody (a schedule gap within 7 days), with the first gap', () => {
    const problems = lint((raw) => {
      (raw.schedules[0] as { layers: Array<Record<string, unknown>> }).layers[0]!.restrictions = [
        { kind: 'daily', from: '09:00', to: '17:00' },
      ];
    });
    expect(problems).toEqual([
      'warning schedules.0: schedule "primary" has nobody on call 28 times in the next 28 days, e.g. from 2026-01-05T17:00Z to 2026-01-06T09:00Z',
      'warning escalationPolicies.0.steps.0: step 1 of policy "payments" can have nobody to page (schedule primary), e.g. from 2026-01-05T17:00Z to 2026-01-06T09:00Z; the step is then skipped',
    ]);
  });

  it('a gap later than 7 days ahead, or a gap another target covers, is not reported for the step', () => {
    const scheduleGap =
      'warning schedules.0: schedule "primary" has nobody on call once in the next 28 days, e.g. from 2026-01-05T12:00Z to 2026-01-13T09:00Z';
    expect(
      lint((raw) => {
        (raw.schedules[0] as { overrides?: unknown[] }).overrides = [];
        (raw.schedules[0] as { layers: Array<Record<string, unknown>> }).layers[0]!.start = '2026-01-13T09:00';
        (raw.escalationPolicies[0] as { steps: Array<{ targets: unknown[] }> }).steps[0]!.targets.push({
          user: 'ann@example.com',
        });
      }),
    ).toEqual([scheduleGap]);
    expect(
      lint(
        (raw) =>
          void ((raw.schedules[0] as { layers: Array<Record<string, unknown>> }).layers[0]!.start = '2026-01-13T09:00'),
      ),
    ).toEqual([
      scheduleGap,
      'warning escalationPolicies.0.steps.0: step 1 of policy "payments" can have nobody to page (schedule primary), e.g. from 2026-01-05T12:00Z to 2026-01-12T12:00Z; the step is then skipped',
    ]);
  });

  it('warns about schedule gaps and layer overlaps within 28 days, once per schedule with the first', () => {
    const layers = (raw: Raw) => (raw.schedules[0] as { layers: Array<Record<string, unknown>> }).layers;
    expect(
      lint((raw) => {
        layers(raw).push({
          id: 'days',
          participants: ['bob@example.com'],
          shift: { every: 1, unit: 'days' },
          start: '2026-01-01T09:00',
          restrictions: [{ kind: 'daily', from: '09:00', to: '17:00' }],
        });
      }),
    ).toEqual([
      'warning schedules.0.layers: layers of schedule "primary" overlap 29 times in the next 28 days, e.g. "l" and "days" from 2026-01-05T12:00Z to 2026-01-05T17:00Z: the higher layer "days" wins there',
    ]);
    // A gap after the horizon is not reported.
    expect(
      lint((raw) => void (layers(raw)[0]!.start = '2026-02-03T09:00')).filter((p) => p.startsWith('warning schedules')),
    ).toEqual([
      'warning schedules.0: schedule "primary" has nobody on call once in the next 28 days, e.g. from 2026-01-05T12:00Z to 2026-02-02T12:00Z',
    ]);
  });

  it('warns about a policy that reaches no service (its teams own none)', () => {
    expect(
      lint((raw) => {
        raw.teams.push({ id: 'idle', members: [{ name: 'Cy', email: 'cy@example.com' }], escalationPolicy: 'idle' });
        raw.escalationPolicies.push({ id: 'idle', steps: [{ targets: [{ user: 'cy@example.com' }] }] });
      }),
    ).toEqual([
      'warning teams.1: team "idle" owns no service',
      'warning escalationPolicies.2: no service is paged through escalation policy "idle": the teams that use it own no service',
    ]);
  });

  it('a phone channel cannot be a step target; a Slack app channel needs defaultChannel', () => {
    const problems = lint((raw) => {
      raw.channels.push({ id: 'slack-app', type: 'slack', config: { token: 'xoxb-1-2-abc' } });
      (raw.escalationPolicies[1] as { steps: Array<{ targets: unknown[] }> }).steps[0]!.targets.push(
        { channel: 'sms' },
        { channel: 'slack-app' },
      );
    });
    expect(problems).toEqual([
      'error escalationPolicies.1.steps.0.targets.1.channel: channel "sms" (http-sms) sends to a person\'s phone; a step cannot page it on its own',
      'error escalationPolicies.1.steps.0.targets.2.channel: channel "slack-app" is a Slack app without defaultChannel: set it, so a step knows where to post',
    ]);
  });

  it('duplicate ids and the reserved channel id "email" are errors', () => {
    const problems = lint((raw) => {
      raw.schedules.push({ ...raw.schedules[0]! });
      raw.channels.push({ id: 'email', type: 'slack-webhook', config: { url: 'https://hooks.slack.com/x' } });
      raw.channels.push({ ...raw.channels[0]! });
      raw.escalationPolicies.push({ ...raw.escalationPolicies[1]! });
    });
    expect(problems).toEqual([
      'error schedules.1.id: duplicate schedule id "primary" (first defined at schedules.0)',
      'error channels.3.id: duplicate channel id "ops-hook" (first defined at channels.0)',
      'error escalationPolicies.2.id: duplicate escalation policy id "managers" (first defined at escalationPolicies.1)',
      'error channels.2.id: the channel id "email" is reserved for email (configure smtp)',
    ]);
  });

  it('round-robin on a step without a team target is a warning', () => {
    expect(
      lint(
        (raw) =>
          void ((raw.escalationPolicies[0] as { steps: Array<Record<string, unknown>> }).steps[1]!.teamMode =
            'round-robin'),
      ),
    ).toEqual(['warning escalationPolicies.0.steps.1.teamMode: teamMode applies to team targets; this step has none']);
  });

  it('a team with a policy and no oncall list is not warned about as having nobody on call', () => {
    expect(lint().filter((p) => p.includes('nobody on call'))).toEqual([]);
    expect(lint((raw) => void (raw.teams[0]!.escalationPolicy = undefined))).toContain(
      'warning teams.0.oncall: team "payments" has nobody on call',
    );
  });
});

describe('channel config is validated with the provider schema', () => {
  const yaml = (channel: string) => `version: 1
channels:
${channel}
`;
  it("reports the provider's own problems at channels.N.config.field, with the line", () => {
    const { config, problems } = check(
      yaml(`  - id: hook
    type: webhook
    config:
      url: ftp://example.com
      secret: short
      colour: blue`),
    );
    expect(config).toBeNull();
    expect(problems.map((p) => `${p.line} ${p.path}: ${p.message}`)).toEqual([
      '6 channels.0.config.url: must be an http:// or https:// URL',
      '7 channels.0.config.secret: use at least 16 characters',
      '8 channels.0.config.colour: unknown key "colour"',
    ]);
  });

  it('refuses smtp and unknown types; a valid config gets its defaults', () => {
    const bad = check(yaml(`  - { id: mail, type: smtp, config: {} }`));
    expect(bad.problems.map((p) => p.path)).toEqual(['channels.0.type']);
    const good = check(yaml(`  - { id: chat, type: slack, config: { token: xoxb-1-2-abc, defaultChannel: C123 } }`));
    expect(good.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(good.config!.channels[0]!.config).toMatchObject({ apiBase: 'https://slack.com/api' });
  });
});
