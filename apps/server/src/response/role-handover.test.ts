import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyRoleEvent, initialRoles, replayRoles, type RoleEvent, type RolesState } from './role-handover.ts';
import type { Actor, PersonActor } from './actor.ts';
import { ROLE_IDS, type RoleId } from './roles.ts';

const T0 = Date.parse('2026-12-01T18:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const person = (id: string, override = false): PersonActor => ({
  kind: 'person',
  id,
  ...(override ? { override } : {}),
});
const ANN = person('ann@example.com');
const BOB = person('bob@example.com');
const CAROL = person('carol@example.com');
const bot: Actor = { kind: 'automation', what: 'ack' };

/** Applies events that must all be accepted. */
function run(...events: RoleEvent[]): RolesState {
  return replayRoles(at(0), events);
}
function refused(state: RolesState, event: RoleEvent) {
  const r = applyRoleEvent(state, event);
  if (r.ok) throw new Error('expected a refusal');
  return r.refusal;
}

/** Ann coordinates, Bob responds. */
const staffed = () =>
  run(
    { type: 'claim', role: 'coordinator', by: ANN, at: at(1) },
    { type: 'assign', role: 'responder', to: BOB.id, by: bot, at: at(2) },
  );

describe('filling empty slots', () => {
  it('starts with every slot empty since the opening, none required', () => {
    const s = initialRoles(at(0));
    for (const role of ROLE_IDS)
      expect(s.slots[role]).toEqual({
        role,
        holder: null,
        heldSince: null,
        vacantSince: at(0),
        requiredSince: null,
        pending: null,
      });
  });

  it('a person claims an empty slot; automation assigns one; history records how', () => {
    const s = staffed();
    expect(s.slots.coordinator).toMatchObject({ holder: ANN.id, heldSince: at(1), vacantSince: null });
    expect(s.tenures).toEqual([
      { role: 'coordinator', holder: ANN.id, assumedAt: at(1), renouncedAt: null, via: 'claim', by: ANN.id },
      { role: 'responder', holder: BOB.id, assumedAt: at(2), renouncedAt: null, via: 'assign', by: 'automation:ack' },
    ]);
  });

  it('one person may hold several roles', () => {
    const s = run(
      { type: 'claim', role: 'responder', by: ANN, at: at(1) },
      { type: 'claim', role: 'investigator', by: ANN, at: at(1) },
    );
    expect([s.slots.responder.holder, s.slots.investigator.holder]).toEqual([ANN.id, ANN.id]);
  });

  it('the coordinator assigns someone else to an empty slot; anybody else must request it', () => {
    const s = staffed();
    const byCoordinator = applyRoleEvent(s, { type: 'assign', role: 'investigator', to: CAROL.id, by: ANN, at: at(3) });
    expect(byCoordinator.ok && byCoordinator.state.slots.investigator.holder).toBe(CAROL.id);
    expect(refused(s, { type: 'assign', role: 'investigator', to: CAROL.id, by: BOB, at: at(3) })).toEqual({
      code: 'FORBIDDEN',
      path: 'to',
      message: 'only the coordinator assigns a role to someone else; request it instead',
    });
    const override = applyRoleEvent(s, {
      type: 'assign',
      role: 'investigator',
      to: CAROL.id,
      by: person(BOB.id, true),
      at: at(3),
    });
    expect(override.ok).toBe(true);
  });

  it('refuses to claim a held slot', () => {
    expect(refused(staffed(), { type: 'claim', role: 'responder', by: CAROL, at: at(3) })).toEqual({
      code: 'CONFLICT',
      path: 'role',
      message: 'the responder role is held by bob@example.com; ask them or the coordinator for a hand-over',
    });
    expect(refused(staffed(), { type: 'claim', role: 'responder', by: BOB, at: at(3) }).message).toBe(
      'you already hold the responder role',
    );
  });
});

describe('automation never replaces a filled role (the GitLab lesson)', () => {
  it('refuses an automatic assignment to a held slot', () => {
    expect(refused(staffed(), { type: 'assign', role: 'responder', to: CAROL.id, by: bot, at: at(3) })).toEqual({
      code: 'CONFLICT',
      path: 'role',
      message: 'the responder role is held by bob@example.com; automation never replaces a filled role',
    });
  });

  it('refuses an automatic assignment while a hand-over to an empty slot is pending', () => {
    const s = run(
      { type: 'claim', role: 'coordinator', by: ANN, at: at(1) },
      { type: 'request', role: 'investigator', to: CAROL.id, by: ANN, at: at(2) },
    );
    expect(refused(s, { type: 'assign', role: 'investigator', to: BOB.id, by: bot, at: at(3) }).code).toBe('CONFLICT');
  });

  it('holds for any sequence of events: a filled slot changes holder only through a person', () => {
    const people = [ANN, BOB, CAROL, person('dan@example.com', true)];
    const role = fc.constantFrom(...ROLE_IDS);
    const who = fc.constantFrom(...people);
    const to = fc.constantFrom(...people.map((p) => p.id));
    const event = fc.oneof(
      fc.record({ type: fc.constant('claim' as const), role, by: who }),
      fc.record({ type: fc.constant('assign' as const), role, to, by: fc.oneof(who, fc.constant(bot)) }),
      fc.record({ type: fc.constant('request' as const), role, to, by: who }),
      fc.record({ type: fc.constant('confirm' as const), role, by: who }),
      fc.record({ type: fc.constant('decline' as const), role, by: who }),
      fc.record({ type: fc.constant('cancel' as const), role, by: who }),
      fc.record({ type: fc.constant('force' as const), role, to: fc.option(to, { nil: undefined }), by: who }),
      fc.record({ type: fc.constant('release' as const), role, by: who }),
      fc.record({ type: fc.constant('required' as const), roles: fc.subarray([...ROLE_IDS]) }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        let s = initialRoles(at(0));
        events.forEach((e, i) => {
          const r = applyRoleEvent(s, { ...e, at: at(i + 1) } as RoleEvent);
          if (!r.ok) return;
          const next = r.state;
          for (const role of ROLE_IDS) {
            const before = s.slots[role].holder;
            const after = next.slots[role].holder;
            if (before !== null && after !== before) {
              // A filled slot changed: only a person's confirm, force or release does that.
              expect(['confirm', 'force', 'release']).toContain(e.type);
              expect(e.type === 'required' || e.role === role).toBe(true);
            }
            if (e.type === 'assign' && 'by' in e && e.by.kind === 'automation')
              expect(before === null || after === before).toBe(true);
          }
          // History agrees with the slots: one open tenure per held slot, none for an empty one.
          for (const role of ROLE_IDS) {
            const open = next.tenures.filter((t) => t.role === role && t.renouncedAt === null);
            expect(open.map((t) => t.holder)).toEqual(next.slots[role].holder ? [next.slots[role].holder] : []);
          }
          // At most one pending hand-over per slot, and the records agree.
          for (const role of ROLE_IDS) {
            const pending = next.handovers.filter((h) => h.role === role && h.outcome === 'pending');
            expect(pending.length).toBe(next.slots[role].pending ? 1 : 0);
          }
          s = next;
        });
      }),
    );
  });
});

describe('two-phase hand-over', () => {
  const requested = () => {
    const r = applyRoleEvent(staffed(), { type: 'request', role: 'responder', to: CAROL.id, by: BOB, at: at(5) });
    if (!r.ok) throw new Error(r.refusal.message);
    return r.state;
  };

  it('request → the new holder confirms: the old tenure ends, the new one begins', () => {
    const s = requested();
    expect(s.slots.responder).toMatchObject({ holder: BOB.id, pending: { to: CAROL.id, by: BOB.id, at: at(5) } });
    const r = applyRoleEvent(s, { type: 'confirm', role: 'responder', by: CAROL, at: at(6) });
    if (!r.ok) throw new Error(r.refusal.message);
    expect(r.state.slots.responder).toMatchObject({ holder: CAROL.id, heldSince: at(6), pending: null });
    expect(r.state.tenures.filter((t) => t.role === 'responder')).toEqual([
      { role: 'responder', holder: BOB.id, assumedAt: at(2), renouncedAt: at(6), via: 'assign', by: 'automation:ack' },
      { role: 'responder', holder: CAROL.id, assumedAt: at(6), renouncedAt: null, via: 'handover', by: BOB.id },
    ]);
    expect(r.state.handovers).toEqual([
      {
        role: 'responder',
        to: CAROL.id,
        by: BOB.id,
        requestedAt: at(5),
        outcome: 'confirmed',
        endedAt: at(6),
        endedBy: CAROL.id,
        reason: null,
      },
    ]);
  });

  it('only the proposed holder confirms or declines', () => {
    for (const type of ['confirm', 'decline'] as const)
      expect(refused(requested(), { type, role: 'responder', by: ANN, at: at(6) })).toEqual({
        code: 'FORBIDDEN',
        path: 'by',
        message: `only carol@example.com can ${type} this hand-over; the coordinator can force it`,
      });
  });

  it('a decline keeps the holder and records why', () => {
    const r = applyRoleEvent(requested(), {
      type: 'decline',
      role: 'responder',
      by: CAROL,
      at: at(6),
      reason: 'on another P1',
    });
    if (!r.ok) throw new Error(r.refusal.message);
    expect(r.state.slots.responder).toMatchObject({ holder: BOB.id, pending: null });
    expect(r.state.handovers[0]).toMatchObject({ outcome: 'declined', endedBy: CAROL.id, reason: 'on another P1' });
  });

  it('one request at a time; nobody requests a role for themselves or for its holder', () => {
    expect(refused(requested(), { type: 'request', role: 'responder', to: ANN.id, by: ANN, at: at(6) }).code).toBe(
      'FORBIDDEN',
    );
    expect(
      refused(requested(), { type: 'request', role: 'responder', to: 'dan@example.com', by: ANN, at: at(6) }),
    ).toEqual({
      code: 'CONFLICT',
      path: 'role',
      message: 'a hand-over to carol@example.com is pending; cancel it first',
    });
    expect(refused(staffed(), { type: 'request', role: 'responder', to: BOB.id, by: ANN, at: at(6) }).message).toBe(
      'bob@example.com already holds the responder role',
    );
    expect(
      refused(staffed(), { type: 'request', role: 'investigator', to: CAROL.id, by: CAROL, at: at(6) }).message,
    ).toBe('the investigator role is empty: claim it');
  });

  it('a request can fill an empty slot too, once confirmed', () => {
    const s = run(
      { type: 'request', role: 'investigator', to: CAROL.id, by: BOB, at: at(1) },
      { type: 'confirm', role: 'investigator', by: CAROL, at: at(2) },
    );
    expect(s.slots.investigator.holder).toBe(CAROL.id);
  });

  it('the requester, the holder or the coordinator cancels; nobody else', () => {
    for (const by of [BOB, ANN]) {
      const r = applyRoleEvent(requested(), { type: 'cancel', role: 'responder', by, at: at(6) });
      expect(r.ok && r.state.handovers[0]!.outcome).toBe('cancelled');
    }
    expect(refused(requested(), { type: 'cancel', role: 'responder', by: CAROL, at: at(6) }).code).toBe('FORBIDDEN');
    expect(refused(staffed(), { type: 'cancel', role: 'responder', by: ANN, at: at(6) }).code).toBe('CONFLICT');
  });

  it('the coordinator forces the pending hand-over, or one to somebody else', () => {
    const forced = applyRoleEvent(requested(), { type: 'force', role: 'responder', by: ANN, at: at(6) });
    if (!forced.ok) throw new Error(forced.refusal.message);
    expect(forced.state.slots.responder.holder).toBe(CAROL.id);
    expect(forced.state.handovers[0]).toMatchObject({ outcome: 'forced', endedBy: ANN.id });
    expect(forced.state.tenures.at(-1)).toMatchObject({ holder: CAROL.id, via: 'force', by: ANN.id });

    const other = applyRoleEvent(requested(), {
      type: 'force',
      role: 'responder',
      to: 'dan@example.com',
      by: ANN,
      at: at(6),
    });
    expect(other.ok && [other.state.slots.responder.holder, other.state.handovers[0]!.outcome]).toEqual([
      'dan@example.com',
      'superseded',
    ]);
  });

  it('only the coordinator (or an override) forces; a force names someone', () => {
    expect(refused(requested(), { type: 'force', role: 'responder', by: BOB, at: at(6) })).toEqual({
      code: 'FORBIDDEN',
      path: 'by',
      message: 'only the coordinator can force a hand-over',
    });
    expect(
      applyRoleEvent(requested(), { type: 'force', role: 'responder', by: person('mgr@example.com', true), at: at(6) })
        .ok,
    ).toBe(true);
    expect(refused(staffed(), { type: 'force', role: 'responder', by: ANN, at: at(6) })).toEqual({
      code: 'VALIDATION',
      path: 'to',
      message: 'name who takes the role',
    });
    expect(refused(staffed(), { type: 'force', role: 'responder', to: BOB.id, by: ANN, at: at(6) }).code).toBe(
      'CONFLICT',
    );
  });

  it('the coordinator can hand over the coordinator role itself', () => {
    const s = run(
      { type: 'claim', role: 'coordinator', by: ANN, at: at(1) },
      { type: 'request', role: 'coordinator', to: BOB.id, by: ANN, at: at(2) },
      { type: 'confirm', role: 'coordinator', by: BOB, at: at(3) },
    );
    expect(s.slots.coordinator.holder).toBe(BOB.id);
    // Ann lost the authority with the role.
    expect(refused(s, { type: 'force', role: 'responder', to: CAROL.id, by: ANN, at: at(4) }).code).toBe('FORBIDDEN');
  });
});

describe('release and requirements', () => {
  it('the holder or the coordinator releases; the slot is empty from then', () => {
    const r = applyRoleEvent(staffed(), { type: 'release', role: 'responder', by: BOB, at: at(7) });
    if (!r.ok) throw new Error(r.refusal.message);
    expect(r.state.slots.responder).toMatchObject({ holder: null, vacantSince: at(7) });
    expect(r.state.tenures[1]!.renouncedAt).toEqual(at(7));
    expect(applyRoleEvent(staffed(), { type: 'release', role: 'responder', by: ANN, at: at(7) }).ok).toBe(true);
    expect(refused(staffed(), { type: 'release', role: 'responder', by: CAROL, at: at(7) }).code).toBe('FORBIDDEN');
    expect(refused(staffed(), { type: 'release', role: 'investigator', by: ANN, at: at(7) }).code).toBe('CONFLICT');
  });

  it('required keeps the first time a role became required, and forgets it when no longer required', () => {
    const s = run(
      { type: 'required', roles: ['coordinator', 'responder'], at: at(1) },
      { type: 'required', roles: ['coordinator', 'responder', 'investigator'], at: at(4) },
    );
    expect(ROLE_IDS.map((r: RoleId) => s.slots[r].requiredSince)).toEqual([at(1), at(1), at(4), null]);
    const down = applyRoleEvent(s, { type: 'required', roles: ['coordinator'], at: at(5) });
    expect(down.ok && down.state.slots.responder.requiredSince).toBeNull();
  });

  it('refuses events out of time order and unknown roles', () => {
    expect(refused(staffed(), { type: 'claim', role: 'investigator', by: CAROL, at: at(1) })).toEqual({
      code: 'VALIDATION',
      path: 'at',
      message: 'events apply in time order (last at 2026-12-01T18:02:00.000Z)',
    });
    expect(refused(staffed(), { type: 'claim', role: 'scribe' as RoleId, by: CAROL, at: at(3) })).toEqual({
      code: 'VALIDATION',
      path: 'role',
      message: 'unknown role "scribe"',
    });
  });

  it('replay throws on a log that does not apply', () => {
    expect(() => replayRoles(at(0), [{ type: 'confirm', role: 'responder', by: BOB, at: at(1) }])).toThrow(
      /refused on replay/,
    );
  });

  it('never modifies the state it is given', () => {
    const s = staffed();
    const copy = structuredClone(s);
    applyRoleEvent(s, { type: 'request', role: 'responder', to: CAROL.id, by: BOB, at: at(5) });
    applyRoleEvent(s, { type: 'release', role: 'responder', by: BOB, at: at(5) });
    expect(s).toEqual(copy);
  });
});
