import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyRoleEvent, initialRoles, replayRoles, type RoleEvent, type RolesState } from './role-handover.ts';
import { nextRoleGapCheck, roleGapEscalations, roleGaps } from './role-gaps.ts';
import type { PersonActor } from './actor.ts';
import { ResponseConfig } from './config.ts';
import { responsePolicy } from './level-policy.ts';
import { ROLE_IDS } from './roles.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-12-01T18:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * MIN);
const ANN: PersonActor = { kind: 'person', id: 'ann@example.com' };
const P1 = responsePolicy(ResponseConfig.parse({}), { P: 1 });
const FILL = P1.roleFillMs;

/** A P1 opened at 0 with all four roles required; Ann coordinates from minute 1. */
const p1 = (...more: RoleEvent[]) =>
  replayRoles(at(0), [
    { type: 'required', roles: P1.requiredRoles, at: at(0) },
    { type: 'claim', role: 'coordinator', by: ANN, at: at(1) },
    ...more,
  ]);

describe('roleGaps', () => {
  it('P1 requires all four roles; each empty one is a gap from when it became required', () => {
    expect(roleGaps(p1(), FILL, at(3))).toEqual(
      ['responder', 'investigator', 'communicator'].map((role) => ({
        role,
        since: at(0),
        deadline: at(5),
        overdue: false,
      })),
    );
  });

  it('is overdue strictly after the deadline', () => {
    expect(roleGaps(p1(), FILL, at(5)).every((g) => !g.overdue)).toBe(true);
    expect(roleGaps(p1(), FILL, new Date(at(5).getTime() + 1)).every((g) => g.overdue)).toBe(true);
  });

  it('a slot that becomes empty later starts its gap then; one required later starts then', () => {
    const s = p1(
      { type: 'claim', role: 'investigator', by: { kind: 'person', id: 'bob@example.com' }, at: at(2) },
      { type: 'release', role: 'investigator', by: { kind: 'person', id: 'bob@example.com' }, at: at(8) },
    );
    expect(roleGaps(s, FILL, at(9)).find((g) => g.role === 'investigator')).toEqual({
      role: 'investigator',
      since: at(8),
      deadline: at(13),
      overdue: false,
    });
    const p2 = replayRoles(at(0), [
      { type: 'required', roles: ['coordinator'], at: at(0) },
      { type: 'required', roles: ['coordinator', 'investigator'], at: at(20) },
    ]);
    expect(roleGaps(p2, FILL, at(21)).map((g) => [g.role, g.since])).toEqual([
      ['coordinator', at(0)],
      ['investigator', at(20)],
    ]);
  });

  it('a pending hand-over does not fill a slot; roles not required are no gap', () => {
    const s = p1({ type: 'request', role: 'investigator', to: 'bob@example.com', by: ANN, at: at(2) });
    expect(roleGaps(s, FILL, at(6)).map((g) => g.role)).toContain('investigator');
    expect(roleGaps(initialRoles(at(0)), FILL, at(60))).toEqual([]);
  });
});

describe('roleGapEscalations: once per gap', () => {
  it('a P1 with no investigator after the deadline escalates once', () => {
    const s = p1(
      { type: 'claim', role: 'responder', by: ANN, at: at(2) },
      { type: 'claim', role: 'communicator', by: ANN, at: at(2) },
    );
    expect(roleGapEscalations(s, FILL, at(5), []).events).toEqual([]);
    const first = roleGapEscalations(s, FILL, at(6), []);
    expect(first.events).toEqual([
      {
        type: 'role.unfilled',
        key: 'role:investigator:2026-12-01T18:00:00.000Z',
        role: 'investigator',
        since: at(0),
        deadline: at(5),
        observedAt: at(6),
      },
    ]);
    expect(roleGapEscalations(s, FILL, at(30), first.emitted).events).toEqual([]);
  });

  it('a slot emptied again later is a new gap and escalates again', () => {
    const bob: PersonActor = { kind: 'person', id: 'bob@example.com' };
    const early = p1();
    const first = roleGapEscalations(early, FILL, at(6), []);
    const filled = applyRoleEvent(early, { type: 'claim', role: 'investigator', by: bob, at: at(7) });
    if (!filled.ok) throw new Error();
    const emptied = applyRoleEvent(filled.state, { type: 'release', role: 'investigator', by: bob, at: at(10) });
    if (!emptied.ok) throw new Error();
    const again = roleGapEscalations(emptied.state, FILL, at(16), first.emitted);
    expect(again.events.map((e) => e.key)).toEqual(['role:investigator:2026-12-01T18:10:00.000Z']);
  });

  it('nextRoleGapCheck wakes 1 ms after the earliest deadline not yet past', () => {
    expect(nextRoleGapCheck(p1(), FILL, at(2))).toEqual(new Date(at(5).getTime() + 1));
    expect(nextRoleGapCheck(p1(), FILL, at(6))).toBeNull();
    expect(nextRoleGapCheck(initialRoles(at(0)), FILL, at(6))).toBeNull();
  });

  it('property: checking at any times escalates each gap at most once, and every overdue gap by the end', () => {
    const times = fc
      .array(fc.integer({ min: 0, max: 30 * MIN }), { minLength: 1, maxLength: 20 })
      .map((a) => a.sort((x, y) => x - y));
    const fillAt = fc.dictionary(fc.constantFrom(...ROLE_IDS), fc.integer({ min: 0, max: 30 * MIN }));
    fc.assert(
      fc.property(times, fillAt, (checks, fills) => {
        const state = (t: number): RolesState => {
          const events: RoleEvent[] = [{ type: 'required', roles: P1.requiredRoles, at: at(0) }];
          for (const [role, ms] of Object.entries(fills).sort((a, b) => a[1] - b[1]))
            if (ms <= t)
              events.push({ type: 'claim', role: role as (typeof ROLE_IDS)[number], by: ANN, at: new Date(T0 + ms) });
          return replayRoles(at(0), events);
        };
        let emitted: Iterable<string> = [];
        const seen = new Map<string, number>();
        for (const t of checks) {
          const out = roleGapEscalations(state(t), FILL, new Date(T0 + t), emitted);
          for (const e of out.events) seen.set(e.key, (seen.get(e.key) ?? 0) + 1);
          emitted = out.emitted;
        }
        for (const n of seen.values()) expect(n).toBe(1);
        const last = checks.at(-1)!;
        for (const g of roleGaps(state(last), FILL, new Date(T0 + last)).filter((g) => g.overdue))
          expect(seen.has(`role:${g.role}:${g.since.toISOString()}`)).toBe(true);
      }),
    );
  });
});
