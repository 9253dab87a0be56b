import { describe, expect, it } from 'vitest';
import { isActionOverdue, moveAction, moveFor, samePerson } from './action-state.ts';

const a = { owner: 'dan@example.com', verifier: 'ana@example.com' };

describe('action state machine', () => {
  it('open → in_progress → done → verified', () => {
    expect(moveAction({ ...a, state: 'open' }, 'start', 'dan@example.com')).toEqual({ ok: true, to: 'in_progress' });
    expect(moveAction({ ...a, state: 'in_progress' }, 'complete', 'dan@example.com')).toEqual({ ok: true, to: 'done' });
    expect(moveAction({ ...a, state: 'done' }, 'verify', 'Ana@Example.com')).toEqual({ ok: true, to: 'verified' });
  });

  it('only the verifier verifies or rejects, and a rejection needs a reason', () => {
    expect(moveAction({ ...a, state: 'done' }, 'verify', 'dan@example.com')).toMatchObject({ ok: false });
    expect(moveAction({ ...a, state: 'done' }, 'reject', 'ana@example.com')).toEqual({
      ok: false,
      reason: 'reject needs a reason',
    });
    expect(moveAction({ ...a, state: 'done' }, 'reject', 'ana@example.com', 'no test')).toEqual({
      ok: true,
      to: 'in_progress',
    });
  });

  it('refuses moves from the wrong state', () => {
    expect(moveAction({ ...a, state: 'open' }, 'verify', 'ana@example.com')).toMatchObject({ ok: false });
    expect(moveAction({ ...a, state: 'verified' }, 'complete', 'dan@example.com')).toMatchObject({ ok: false });
  });

  it('the server may reopen a verified action whose check stopped holding', () => {
    expect(moveAction({ ...a, state: 'verified' }, 'reopen', null, 'the alert rule is gone')).toEqual({
      ok: true,
      to: 'in_progress',
    });
  });

  it('maps a board drag to a move', () => {
    expect(moveFor('open', 'in_progress')).toBe('start');
    expect(moveFor('in_progress', 'done')).toBe('complete');
    expect(moveFor('done', 'verified')).toBe('verify');
    expect(moveFor('verified', 'in_progress')).toBe('reopen');
    expect(moveFor('open', 'verified')).toBeNull();
  });

  it('overdue: open or in progress past the due time', () => {
    const dueAt = new Date('2026-12-01T00:00:00Z');
    expect(isActionOverdue({ state: 'open', dueAt }, new Date('2026-12-01T00:00:00Z'))).toBe(true);
    expect(isActionOverdue({ state: 'in_progress', dueAt }, new Date('2026-11-30T23:59:59Z'))).toBe(false);
    expect(isActionOverdue({ state: 'done', dueAt }, new Date('2026-12-05T00:00:00Z'))).toBe(false);
    expect(samePerson(' A@x.org', 'a@X.org ')).toBe(true);
  });
});
