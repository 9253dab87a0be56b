/**
 * Property tests over random policies, teams and schedules: a step never pages anyone its targets do not
 * name, never pages anyone twice, and round-robin visits every member of a team over `n` rounds.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EscalationPolicyConfig } from './config.ts';
import { Schedule } from '../oncall/schema.ts';
import { nextStep, roundRobinIndex, stepRecipients, type StepContext } from './policy.ts';

const USERS = ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com', 'e@example.com'] as const;
const TEAMS = ['t1', 't2', 't3'] as const;
const SCHEDULES = ['s1', 's2'] as const;
const CHANNELS = ['c1', 'c2'] as const;
const user = fc.constantFrom(...USERS);

const target = fc.oneof(
  user.map((u) => ({ user: u })),
  fc.constantFrom(...TEAMS, 'unknown-team').map((t) => ({ team: t })),
  fc.constantFrom(...SCHEDULES, 'unknown-schedule').map((s) => ({ schedule: s })),
  fc.constantFrom(...CHANNELS).map((c) => ({ channel: c })),
);
const policy = fc
  .record({
    repeat: fc.integer({ min: 0, max: 3 }),
    steps: fc.array(
      fc.record({
        delayMinutes: fc.integer({ min: 0, max: 30 }),
        targets: fc.array(target, { minLength: 1, maxLength: 4 }),
        teamMode: fc.constantFrom('all' as const, 'round-robin' as const),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map((p) => EscalationPolicyConfig.parse({ id: 'p', ...p }));

const schedule = (id: string) =>
  fc
    .record({
      participants: fc.array(user, { minLength: 1, maxLength: 3 }),
      every: fc.integer({ min: 1, max: 12 }),
      restricted: fc.boolean(),
      overrideUser: fc.option(user, { nil: undefined }),
    })
    .map(({ participants, every, restricted, overrideUser }) =>
      Schedule.parse({
        id,
        timeZone: 'Europe/Berlin',
        layers: [
          {
            id: 'l',
            participants,
            shift: { every, unit: 'hours' },
            start: '2026-01-01T08:00',
            ...(restricted ? { restrictions: [{ kind: 'daily', from: '09:00', to: '17:00' }] } : {}),
          },
        ],
        ...(overrideUser
          ? { overrides: [{ user: overrideUser, start: '2026-01-03T00:00:00Z', end: '2026-01-04T00:00:00Z' }] }
          : {}),
      }),
    );

const directory = fc.record({
  teams: fc.tuple(...TEAMS.map(() => fc.uniqueArray(user, { maxLength: 5 }))),
  schedules: fc.tuple(...SCHEDULES.map((id) => schedule(id))),
});

const instant = fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-01-10T00:00:00Z') });

describe('escalation step choice (properties)', () => {
  it("never returns a recipient outside the step's targets, and never one twice", () => {
    fc.assert(
      fc.property(policy, directory, instant, fc.nat(1000), fc.nat(5), (p, dir, t, incidentId, round) => {
        const ctx: StepContext = {
          incidentId,
          now: new Date(t),
          teams: new Map(TEAMS.map((id, i) => [id, dir.teams[i]!])),
          schedules: new Map(SCHEDULES.map((id, i) => [id, dir.schedules[i]!])),
        };
        p.steps.forEach((step, s) => {
          const allowedEmails = new Set<string>();
          const allowedChannels = new Set<string>();
          for (const tg of step.targets) {
            if ('user' in tg) allowedEmails.add(tg.user);
            if ('channel' in tg) allowedChannels.add(tg.channel);
            if ('team' in tg) ctx.teams.get(tg.team)?.forEach((m) => allowedEmails.add(m));
            if ('schedule' in tg) {
              const sc = ctx.schedules.get(tg.schedule);
              sc?.layers.forEach((l) => l.participants.forEach((m) => allowedEmails.add(m)));
              sc?.overrides?.forEach((o) => allowedEmails.add(o.user));
            }
          }
          const { recipients } = stepRecipients(p, s, round, ctx);
          const keys = recipients.map((r) =>
            r.kind === 'email' ? `e:${r.address.toLowerCase()}` : `c:${r.channelId}`,
          );
          expect(new Set(keys).size).toBe(keys.length);
          for (const r of recipients) {
            if (r.kind === 'email') expect(allowedEmails.has(r.address)).toBe(true);
            else expect(allowedChannels.has(r.channelId)).toBe(true);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('round-robin pages every member of an n-member team once over n consecutive rounds', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(user, { minLength: 1, maxLength: 5 }),
        fc.nat(100_000),
        fc.nat(50),
        fc.nat(3),
        (members, incidentId, firstRound, step) => {
          const steps = Array.from({ length: step + 1 }, () => ({
            targets: [{ team: 't1' }],
            teamMode: 'round-robin' as const,
          }));
          const p = EscalationPolicyConfig.parse({ id: 'p', steps });
          const ctx: StepContext = {
            incidentId,
            now: new Date(0),
            teams: new Map([['t1', members]]),
            schedules: new Map(),
          };
          const paged = Array.from({ length: members.length }, (_, k) => {
            const { recipients } = stepRecipients(p, step, firstRound + k, ctx);
            expect(recipients).toHaveLength(1);
            return (recipients[0] as { address: string }).address;
          });
          expect(new Set(paged)).toEqual(new Set(members));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('roundRobinIndex is always an index of the team', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 50 }), (id, round, step, n) => {
        const k = roundRobinIndex(id, round, step, n);
        expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
      }),
    );
  });

  it('nextStep visits every step of every round once, in order, then hands off or ends', () => {
    fc.assert(
      fc.property(policy, fc.boolean(), (p0, handoff) => {
        const p = { ...p0, ...(handoff ? { handoffTo: 'next' } : {}) };
        const visited: string[] = [];
        let pos: ReturnType<typeof nextStep> = { step: 0, round: 0 };
        while (pos && 'step' in pos) {
          visited.push(`${pos.round}.${pos.step}`);
          pos = nextStep(p, pos.step, pos.round);
        }
        const expected: string[] = [];
        for (let r = 0; r <= p.repeat; r++) for (let s = 0; s < p.steps.length; s++) expected.push(`${r}.${s}`);
        expect(visited).toEqual(expected);
        expect(pos).toEqual(handoff ? { handoff: 'next' } : null);
      }),
    );
  });
});
