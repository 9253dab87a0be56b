import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyGroupEvent, initialGroup, replayGroup, type GroupEvent, type GroupState } from './group.ts';
import { checkInEscalations, escalatedByPolicy, nextCheckInCheck, overdueCheckIns } from './group-checkin.ts';
import { ResponseConfig } from './config.ts';
import { responsePolicy } from './level-policy.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-12-01T18:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * MIN);
const ANN = 'ann@example.com';
const BOB = 'bob@example.com';
const CAROL = 'carol@example.com';
const DAN = 'dan@example.com';
const CHECK_IN = responsePolicy(ResponseConfig.parse({}), { P: 1 }).checkInMs;

const run = (...events: GroupEvent[]) => replayGroup(at(0), events);
function apply(state: GroupState, event: GroupEvent) {
  const r = applyGroupEvent(state, event);
  if (!r.ok) throw new Error(r.refusal.message);
  return r;
}
function refused(state: GroupState, event: GroupEvent) {
  const r = applyGroupEvent(state, event);
  if (r.ok) throw new Error('expected a refusal');
  return r.refusal;
}

describe('the response group', () => {
  it('invited people are pending, with how they were invited', () => {
    const s = run(
      { type: 'invite', person: ANN, via: { kind: 'paged' }, at: at(0) },
      { type: 'invite', person: BOB, via: { kind: 'team', team: 'payments', by: ANN }, at: at(1) },
      { type: 'invite', person: CAROL, via: { kind: 'schedule', schedule: 'dba', by: ANN }, at: at(1) },
    );
    expect(s.members.map((m) => [m.person, m.state, m.invitations[0]!.kind, m.pendingSince])).toEqual([
      [ANN, 'pending', 'paged', at(0)],
      [BOB, 'pending', 'team', at(1)],
      [CAROL, 'pending', 'schedule', at(1)],
    ]);
  });

  it('check-in: joined or declined, and a member may change their answer', () => {
    let s = run({ type: 'invite', person: BOB, via: { kind: 'person', by: ANN }, at: at(1) });
    s = apply(s, { type: 'check-in', person: BOB, state: 'declined', at: at(2), note: 'on leave' }).state;
    expect(s.members[0]).toMatchObject({ state: 'declined', pendingSince: null, answeredAt: at(2), note: 'on leave' });
    s = apply(s, { type: 'check-in', person: BOB, state: 'joined', at: at(3) }).state;
    expect(s.members[0]).toMatchObject({ state: 'joined', answeredAt: at(3), note: null });
    expect(s.history.map((h) => [h.person, h.state, h.at])).toEqual([
      [BOB, 'pending', at(1)],
      [BOB, 'declined', at(2)],
      [BOB, 'joined', at(3)],
    ]);
  });

  it('anyone may join on their own; declining needs an invitation', () => {
    const s = apply(initialGroup(at(0)), { type: 'check-in', person: DAN, state: 'joined', at: at(4) }).state;
    expect(s.members[0]).toMatchObject({ person: DAN, state: 'joined', invitations: [{ kind: 'self' }] });
    expect(refused(initialGroup(at(0)), { type: 'check-in', person: DAN, state: 'declined', at: at(4) })).toEqual({
      code: 'NOT_FOUND',
      path: 'person',
      message: "dan@example.com is not invited to this incident's response group",
    });
  });

  it('a repeated invitation keeps the original pending time; a declined member invited again is pending anew', () => {
    let s = run(
      { type: 'invite', person: BOB, via: { kind: 'person', by: ANN }, at: at(1) },
      { type: 'invite', person: BOB, via: { kind: 'team', team: 'payments', by: ANN }, at: at(3) },
    );
    expect(s.members[0]).toMatchObject({ pendingSince: at(1), invitations: [{ kind: 'person' }, { kind: 'team' }] });
    s = apply(s, { type: 'check-in', person: BOB, state: 'declined', at: at(4) }).state;
    s = apply(s, { type: 'invite', person: BOB, via: { kind: 'person', by: CAROL }, at: at(6) }).state;
    expect(s.members[0]).toMatchObject({ state: 'pending', pendingSince: at(6) });
  });

  it('an invited policy escalates until someone it paged joins: the join accepts the request', () => {
    let s = run({ type: 'request-policy', request: 'r1', policy: 'dba-escalation', by: ANN, at: at(1) });
    s = apply(s, {
      type: 'invite',
      person: BOB,
      via: { kind: 'policy', policy: 'dba-escalation', request: 'r1' },
      at: at(1),
    }).state;
    s = apply(s, {
      type: 'invite',
      person: CAROL,
      via: { kind: 'policy', policy: 'dba-escalation', request: 'r1' },
      at: at(6),
    }).state;
    const joined = apply(s, { type: 'check-in', person: CAROL, state: 'joined', at: at(7) });
    expect(joined.accepted).toEqual(['r1']);
    expect(joined.state.requests[0]).toMatchObject({ state: 'accepted', endedAt: at(7), endedBy: CAROL });
    // A decline accepts nothing; the request is already closed for later invitations.
    expect(apply(joined.state, { type: 'check-in', person: BOB, state: 'declined', at: at(8) }).accepted).toEqual([]);
    expect(
      refused(joined.state, {
        type: 'invite',
        person: DAN,
        via: { kind: 'policy', policy: 'dba-escalation', request: 'r1' },
        at: at(9),
      }),
    ).toEqual({
      code: 'CONFLICT',
      path: 'via.request',
      message: 'policy request "r1" is accepted',
    });
  });

  it('a policy that reaches someone already joined is answered at once', () => {
    const s = run(
      { type: 'check-in', person: BOB, state: 'joined', at: at(1) },
      { type: 'request-policy', request: 'r1', policy: 'dba', by: ANN, at: at(2) },
    );
    const r = apply(s, {
      type: 'invite',
      person: BOB,
      via: { kind: 'policy', policy: 'dba', request: 'r1' },
      at: at(3),
    });
    expect(r.accepted).toEqual(['r1']);
    expect(r.state.members[0]!.state).toBe('joined');
  });

  it('policy requests: unique ids, one open per policy, cancel only open ones', () => {
    const s = run({ type: 'request-policy', request: 'r1', policy: 'dba', by: ANN, at: at(1) });
    expect(refused(s, { type: 'request-policy', request: 'r1', policy: 'other', by: ANN, at: at(2) }).code).toBe(
      'CONFLICT',
    );
    expect(refused(s, { type: 'request-policy', request: 'r2', policy: 'dba', by: ANN, at: at(2) }).path).toBe(
      'policy',
    );
    const cancelled = apply(s, { type: 'cancel-request', request: 'r1', by: ANN, at: at(3) }).state;
    expect(cancelled.requests[0]).toMatchObject({ state: 'cancelled', endedBy: ANN });
    expect(refused(cancelled, { type: 'cancel-request', request: 'r1', by: ANN, at: at(4) }).code).toBe('CONFLICT');
    expect(refused(cancelled, { type: 'cancel-request', request: 'nope', by: ANN, at: at(4) }).code).toBe('NOT_FOUND');
    expect(
      refused(s, { type: 'invite', person: BOB, via: { kind: 'policy', policy: 'dba', request: 'r9' }, at: at(4) })
        .code,
    ).toBe('NOT_FOUND');
    expect(
      apply(cancelled, { type: 'request-policy', request: 'r2', policy: 'dba', by: ANN, at: at(5) }).state.requests,
    ).toHaveLength(2);
  });

  it('refuses events out of time order', () => {
    const s = run({ type: 'invite', person: BOB, via: { kind: 'paged' }, at: at(5) });
    expect(refused(s, { type: 'check-in', person: BOB, state: 'joined', at: at(4) }).code).toBe('VALIDATION');
  });
});

describe('check-in deadline', () => {
  const group = () =>
    run(
      { type: 'invite', person: ANN, via: { kind: 'paged' }, at: at(0) },
      { type: 'invite', person: BOB, via: { kind: 'person', by: ANN }, at: at(1) },
      { type: 'invite', person: CAROL, via: { kind: 'team', team: 'payments', by: ANN }, at: at(2) },
      { type: 'check-in', person: CAROL, state: 'joined', at: at(3) },
    );

  it('a pending member past the deadline is overdue; one paged by a policy is left to that policy', () => {
    expect(escalatedByPolicy(group().members[0]!)).toBe(true);
    expect(overdueCheckIns(group(), CHECK_IN, at(6))).toEqual([]);
    expect(overdueCheckIns(group(), CHECK_IN, new Date(at(6).getTime() + 1))).toEqual([
      {
        type: 'check-in.overdue',
        key: 'check-in:bob@example.com:2026-12-01T18:01:00.000Z',
        person: BOB,
        pendingSince: at(1),
        deadline: at(6),
        observedAt: new Date(at(6).getTime() + 1),
      },
    ]);
  });

  it('escalates once per pending spell', () => {
    const first = checkInEscalations(group(), CHECK_IN, at(7), []);
    expect(first.events.map((e) => e.person)).toEqual([BOB]);
    expect(checkInEscalations(group(), CHECK_IN, at(30), first.emitted).events).toEqual([]);
    let s = apply(group(), { type: 'check-in', person: BOB, state: 'declined', at: at(8) }).state;
    s = apply(s, { type: 'invite', person: BOB, via: { kind: 'person', by: CAROL }, at: at(10) }).state;
    expect(checkInEscalations(s, CHECK_IN, at(14), first.emitted).events).toEqual([]);
    expect(checkInEscalations(s, CHECK_IN, at(16), first.emitted).events.map((e) => e.key)).toEqual([
      'check-in:bob@example.com:2026-12-01T18:10:00.000Z',
    ]);
  });

  it('nextCheckInCheck wakes 1 ms after the earliest deadline still ahead', () => {
    expect(nextCheckInCheck(group(), CHECK_IN, at(3))).toEqual(new Date(at(6).getTime() + 1));
    expect(nextCheckInCheck(group(), CHECK_IN, at(7))).toBeNull();
  });

  it('property: over any checks, each pending spell escalates at most once', () => {
    const events = fc.array(
      fc.record({
        person: fc.constantFrom(ANN, BOB, CAROL, DAN),
        kind: fc.constantFrom('invite', 'joined', 'declined'),
        paged: fc.boolean(),
        gap: fc.integer({ min: 0, max: 4 * MIN }),
      }),
      { maxLength: 25 },
    );
    fc.assert(
      fc.property(events, fc.array(fc.integer({ min: 0, max: 40 * MIN }), { maxLength: 15 }), (evs, checks) => {
        let s = initialGroup(at(0));
        let t = T0;
        const timeline: Array<{ t: number; s: GroupState }> = [{ t, s }];
        for (const e of evs) {
          t += e.gap;
          const event: GroupEvent =
            e.kind === 'invite'
              ? {
                  type: 'invite',
                  person: e.person,
                  via: e.paged ? { kind: 'paged' } : { kind: 'person', by: ANN },
                  at: new Date(t),
                }
              : { type: 'check-in', person: e.person, state: e.kind as 'joined' | 'declined', at: new Date(t) };
          const r = applyGroupEvent(s, event);
          if (r.ok) timeline.push({ t, s: (s = r.state) });
        }
        let emitted: Iterable<string> = [];
        const counts = new Map<string, number>();
        for (const c of [...checks].sort((a, b) => a - b)) {
          const now = T0 + c;
          const state = timeline.filter((x) => x.t <= now).at(-1)!.s;
          const out = checkInEscalations(state, CHECK_IN, new Date(now), emitted);
          for (const e of out.events) {
            counts.set(e.key, (counts.get(e.key) ?? 0) + 1);
            expect(now - e.pendingSince.getTime()).toBeGreaterThan(CHECK_IN);
          }
          emitted = out.emitted;
        }
        for (const n of counts.values()) expect(n).toBe(1);
      }),
    );
  });
});
