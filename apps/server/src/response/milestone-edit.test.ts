import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MILESTONE_CODES, type MilestoneCode, type Milestones } from './milestones.ts';
import { MilestoneEditInput, toMilestoneEdit, validateMilestoneEdit, type MilestoneEdit } from './milestone-edit.ts';
import { ORDER_RULES, orderViolations } from './milestone-order.ts';

const NOW = new Date('2026-12-01T19:00:00Z');
const t = (hhmm: string) => new Date(`2026-12-01T${hhmm}:00Z`);
const edit = (milestones: MilestoneEdit['milestones'], reason = 'from the chat log'): MilestoneEdit => ({
  milestones,
  reason,
});

/** A P1 handled by the book: every milestone but root cause and closing, in order. */
const current: Milestones = {
  impact_started_at: t('18:00'),
  detected_at: t('18:01'),
  acknowledged_at: t('18:02'),
  cause_located_at: t('18:05'),
  recovery_started_at: t('18:06'),
  mitigated_at: t('18:09'),
  resolved_at: t('18:30'),
};

describe('validateMilestoneEdit', () => {
  it('accepts a correction in order, and returns the proposed milestones', () => {
    const r = validateMilestoneEdit(
      current,
      edit({ cause_located_at: t('18:04'), change_introduced_at: t('17:55') }),
      NOW,
    );
    expect(r).toMatchObject({ ok: true, errors: [], warnings: [] });
    expect(r.proposed).toEqual({ ...current, cause_located_at: t('18:04'), change_introduced_at: t('17:55') });
  });

  it('refuses a time in the future beyond the skew, and accepts one within it', () => {
    const ahead = (ms: number) => new Date(NOW.getTime() + ms);
    const r = validateMilestoneEdit({}, edit({ root_cause_identified_at: ahead(60_001) }), NOW);
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([
      {
        path: 'milestones.root_cause_identified_at',
        message: '2026-12-01T19:01:00.001Z is in the future (now is 2026-12-01T19:00:00.000Z)',
      },
    ]);
    expect(validateMilestoneEdit({}, edit({ root_cause_identified_at: ahead(60_000) }), NOW).ok).toBe(true);
    expect(validateMilestoneEdit({}, edit({ root_cause_identified_at: ahead(5_000) }), NOW, { skewMs: 0 }).ok).toBe(
      false,
    );
  });

  it('refuses a hard order break, naming the edited field and the other milestone', () => {
    const r = validateMilestoneEdit(current, edit({ detected_at: t('18:03') }), NOW);
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([
      {
        path: 'milestones.detected_at',
        message:
          'detected_at (2026-12-01T18:03:00.000Z) is later than acknowledged_at (2026-12-01T18:02:00.000Z): nobody acknowledges an incident before it is detected',
      },
    ]);
  });

  it('refuses an injection after the impact, on the edited field', () => {
    const r = validateMilestoneEdit(current, edit({ change_introduced_at: t('18:10') }), NOW);
    // later than impact, detection, acknowledgement, location, recovery start and mitigation (not resolution)
    expect(r.errors.map((e) => e.path)).toEqual(Array(6).fill('milestones.change_introduced_at'));
  });

  it('warns (and accepts) when detection precedes impact: a risk seen early', () => {
    const same = validateMilestoneEdit(current, edit({ impact_started_at: t('18:01') }), NOW);
    expect(same).toMatchObject({ ok: true, errors: [], warnings: [] }); // equal times are in order
    const late = validateMilestoneEdit(current, edit({ impact_started_at: t('18:03') }), NOW);
    expect(late.ok).toBe(true);
    expect(late.warnings.map((w) => w.path)).toEqual(['milestones.impact_started_at', 'milestones.impact_started_at']);
    expect(late.warnings[0]!.message).toContain('a risk seen early');
  });

  it('warns when service was restored before the cause was located (recovery first)', () => {
    const r = validateMilestoneEdit(current, edit({ cause_located_at: t('18:20') }), NOW);
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.message)).toEqual([
      expect.stringContaining('cause_located_at (2026-12-01T18:20:00.000Z) is later than recovery_started_at'),
      expect.stringContaining('is later than mitigated_at'),
    ]);
  });

  it('refuses impact starting after service was restored', () => {
    const r = validateMilestoneEdit(current, edit({ impact_started_at: t('18:10') }), NOW);
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([expect.objectContaining({ path: 'milestones.impact_started_at' })]);
    expect(r.errors[0]!.message).toContain('impact cannot end before it started');
  });

  it('does not block an edit on an old inconsistency it does not touch', () => {
    const messy = { ...current, acknowledged_at: t('17:59') }; // ack before detection, recorded earlier
    const r = validateMilestoneEdit(messy, edit({ root_cause_identified_at: t('18:40') }), NOW);
    expect(r).toMatchObject({ ok: true, errors: [], warnings: [] });
  });

  it('reports a conflict between two edited milestones on the later one', () => {
    const r = validateMilestoneEdit(current, edit({ mitigated_at: t('18:35'), resolved_at: t('18:31') }), NOW);
    expect(r.errors.map((e) => e.path)).toEqual(['milestones.resolved_at']);
  });

  it('lifecycle milestones can be moved, but not set or cleared', () => {
    expect(validateMilestoneEdit(current, edit({ acknowledged_at: t('18:01') }), NOW).ok).toBe(true);
    const set = validateMilestoneEdit(current, edit({ closed_at: t('18:50') }), NOW);
    expect(set.errors).toEqual([
      { path: 'milestones.closed_at', message: 'Closed is set by the lifecycle; close the incident instead' },
    ]);
    const cleared = validateMilestoneEdit(current, edit({ resolved_at: null }), NOW);
    expect(cleared.errors).toEqual([
      {
        path: 'milestones.resolved_at',
        message: 'Resolved is set by the lifecycle; reopen the incident instead of clearing it',
      },
    ]);
  });

  it('detection can be moved, never cleared; free milestones can be cleared', () => {
    expect(validateMilestoneEdit(current, edit({ detected_at: null }), NOW).errors.map((e) => e.path)).toEqual([
      'milestones.detected_at',
    ]);
    const r = validateMilestoneEdit(current, edit({ cause_located_at: null }), NOW);
    expect(r.ok).toBe(true);
    expect(r.proposed.cause_located_at).toBeUndefined();
  });

  it('requires a reason and at least one milestone', () => {
    const r = validateMilestoneEdit(current, edit({}, '  '), NOW);
    expect(r.errors.map((e) => e.path)).toEqual(['reason', 'milestones']);
  });

  it('refuses an invalid date', () => {
    expect(validateMilestoneEdit(current, edit({ cause_located_at: new Date('nope') }), NOW).errors).toEqual([
      { path: 'milestones.cause_located_at', message: 'not a valid time' },
    ]);
  });
});

describe('MilestoneEditInput (the API body)', () => {
  it('parses ISO instants with offsets and null, and names unknown codes and bad values', () => {
    const ok = MilestoneEditInput.parse({
      milestones: { cause_located_at: '2026-12-02T02:05:00+08:00', root_cause_identified_at: null },
      reason: ' typo ',
    });
    expect(toMilestoneEdit(ok)).toEqual({
      milestones: { cause_located_at: t('18:05'), root_cause_identified_at: null },
      reason: 'typo',
    });
    const bad = MilestoneEditInput.safeParse({
      milestones: { located_at: '2026-12-01T18:00:00Z', detected_at: '18:00' },
      reason: '',
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'milestones',
      'milestones.detected_at',
      'reason',
    ]);
    expect(MilestoneEditInput.safeParse({ milestones: {}, reason: 'x' }).success).toBe(false);
  });
});

describe('properties', () => {
  const FREE: MilestoneCode[] = [
    'change_introduced_at',
    'impact_started_at',
    'cause_located_at',
    'recovery_started_at',
    'root_cause_identified_at',
  ];
  const base = NOW.getTime() - 3 * 3_600_000;
  /** Random recorded milestones (any order) within three hours before now. */
  const milestonesArb = fc
    .dictionary(fc.constantFrom(...MILESTONE_CODES), fc.integer({ min: 0, max: 3 * 3_600_000 }), { maxKeys: 10 })
    .map((d) => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, new Date(base + v)])) as Milestones);
  const editArb = fc
    .dictionary(fc.constantFrom(...FREE), fc.option(fc.integer({ min: 0, max: 4 * 3_600_000 }), { nil: null }), {
      minKeys: 1,
      maxKeys: 3,
    })
    .map(
      (d) =>
        Object.fromEntries(
          Object.entries(d).map(([k, v]) => [k, v === null ? null : new Date(base + v)]),
        ) as MilestoneEdit['milestones'],
    );

  it('an accepted edit leaves no future time and no hard order break touching an edited milestone', () => {
    fc.assert(
      fc.property(milestonesArb, editArb, (cur, changes) => {
        const r = validateMilestoneEdit(cur, edit(changes), NOW);
        const changed = new Set(Object.keys(changes) as MilestoneCode[]);
        const hard = orderViolations(r.proposed, changed).filter((v) => v.rule.kind === 'hard');
        const future = [...changed].some((c) => (r.proposed[c]?.getTime() ?? 0) > NOW.getTime() + 60_000);
        expect(r.ok).toBe(hard.length === 0 && !future);
        for (const e of [...r.errors, ...r.warnings])
          expect(changed.has(e.path.replace('milestones.', '') as MilestoneCode)).toBe(true);
      }),
    );
  });

  it('milestones in the natural order never raise an error or a warning', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 * 3_600_000 }), { minLength: 10, maxLength: 10 }),
        fc.subarray([...FREE], { minLength: 1 }),
        (offsets, edited) => {
          const sorted = [...offsets].sort((a, b) => a - b);
          const all = Object.fromEntries(MILESTONE_CODES.map((c, i) => [c, new Date(base + sorted[i]!)])) as Milestones;
          const cur = { ...all };
          for (const c of edited) delete cur[c];
          const r = validateMilestoneEdit(cur, edit(Object.fromEntries(edited.map((c) => [c, all[c]!]))), NOW);
          expect(r).toMatchObject({ ok: true, errors: [], warnings: [] });
        },
      ),
    );
  });

  it('never modifies the current milestones', () => {
    fc.assert(
      fc.property(milestonesArb, editArb, (cur, changes) => {
        const copy = structuredClone(cur);
        validateMilestoneEdit(cur, edit(changes), NOW);
        expect(cur).toEqual(copy);
      }),
    );
  });

  it('every soft rule has a hard counterpart nowhere: a pair is one kind only', () => {
    const kinds = new Map<string, Set<string>>();
    for (const r of ORDER_RULES)
      kinds.set(`${r.before}|${r.after}`, (kinds.get(`${r.before}|${r.after}`) ?? new Set()).add(r.kind));
    for (const [pair, set] of kinds) expect(set.size, pair).toBe(1);
  });
});
