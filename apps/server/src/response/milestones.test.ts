import { describe, expect, it } from 'vitest';
import { MILESTONE_CODES, MILESTONES, milestoneFromTag, milestoneRank, milestoneTag } from './milestones.ts';
import { ORDER_RULES, orderViolations } from './milestone-order.ts';

describe('the milestone catalogue', () => {
  it('lists the DESIGN §6 milestones in their natural order', () => {
    expect(MILESTONES.map((m) => m.code)).toEqual([
      'change_introduced_at',
      'impact_started_at',
      'detected_at',
      'acknowledged_at',
      'cause_located_at',
      'recovery_started_at',
      'mitigated_at',
      'root_cause_identified_at',
      'resolved_at',
      'closed_at',
    ]);
    expect(MILESTONE_CODES.map(milestoneRank)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('lifecycle milestones are the lifecycle transitions; detection is the anchor', () => {
    const by = (e: string) => MILESTONES.filter((m) => m.editing === e).map((m) => m.code);
    expect(by('lifecycle')).toEqual(['acknowledged_at', 'mitigated_at', 'resolved_at', 'closed_at']);
    expect(by('anchor')).toEqual(['detected_at']);
  });

  it('reads tags with or without _at, in any case, and nothing else', () => {
    expect(milestoneFromTag('cause_located')).toBe('cause_located_at');
    expect(milestoneFromTag(' Cause_Located_AT ')).toBe('cause_located_at');
    expect(milestoneFromTag('mitigated')).toBe('mitigated_at');
    expect(milestoneFromTag('cause')).toBeUndefined();
    expect(milestoneFromTag('at')).toBeUndefined();
    expect(milestoneFromTag('_at')).toBeUndefined();
    for (const code of MILESTONE_CODES) expect(milestoneFromTag(milestoneTag(code))).toBe(code);
  });
});

describe('order rules', () => {
  const key = (a: string, b: string) => `${a} < ${b}`;

  it('decide every one of the 45 pairs exactly once, always earlier-ranked before later-ranked', () => {
    const seen = new Map<string, string>();
    for (const r of ORDER_RULES) {
      expect(milestoneRank(r.before), key(r.before, r.after)).toBeLessThan(milestoneRank(r.after));
      expect(seen.has(key(r.before, r.after)), `twice: ${key(r.before, r.after)}`).toBe(false);
      seen.set(key(r.before, r.after), r.kind);
    }
    const unordered = MILESTONE_CODES.flatMap((a, i) =>
      MILESTONE_CODES.slice(i + 1)
        .filter((b) => !seen.has(key(a, b)))
        .map((b) => key(a, b)),
    );
    // The root cause is identified during the incident or days later in the postmortem.
    expect(unordered).toEqual([
      'impact_started_at < root_cause_identified_at',
      'detected_at < root_cause_identified_at',
      'acknowledged_at < root_cause_identified_at',
      'recovery_started_at < root_cause_identified_at',
      'mitigated_at < root_cause_identified_at',
      'root_cause_identified_at < resolved_at',
    ]);
    expect(seen.size + unordered.length).toBe(45);
  });

  it('hard: injection first, impact before its end, detection before acknowledgement, everything before closing', () => {
    const hard = new Set(ORDER_RULES.filter((r) => r.kind === 'hard').map((r) => key(r.before, r.after)));
    for (const k of [
      'change_introduced_at < impact_started_at',
      'change_introduced_at < detected_at',
      'impact_started_at < mitigated_at',
      'detected_at < acknowledged_at',
      'mitigated_at < resolved_at',
      'resolved_at < closed_at',
      'root_cause_identified_at < closed_at',
    ])
      expect(hard.has(k), k).toBe(true);
  });

  it('soft: a risk seen early, recovery before location, self-healing, late acknowledgement', () => {
    const soft = new Set(ORDER_RULES.filter((r) => r.kind === 'soft').map((r) => key(r.before, r.after)));
    for (const k of [
      'impact_started_at < detected_at',
      'cause_located_at < mitigated_at',
      'cause_located_at < recovery_started_at',
      'recovery_started_at < mitigated_at',
      'acknowledged_at < mitigated_at',
      'detected_at < mitigated_at',
    ])
      expect(soft.has(k), k).toBe(true);
  });

  it('orderViolations reports only recorded pairs, optionally only those touching given codes', () => {
    const t = (m: number) => new Date(Date.UTC(2026, 11, 1, 18, m));
    const milestones = { detected_at: t(5), acknowledged_at: t(3), mitigated_at: t(1), impact_started_at: t(0) };
    const all = orderViolations(milestones).map((v) => key(v.rule.before, v.rule.after));
    expect(all.sort()).toEqual([
      'acknowledged_at < mitigated_at',
      'detected_at < acknowledged_at',
      'detected_at < mitigated_at',
    ]);
    const onlyAck = orderViolations(milestones, new Set(['acknowledged_at'] as const)).map((v) =>
      key(v.rule.before, v.rule.after),
    );
    expect(onlyAck.sort()).toEqual(['acknowledged_at < mitigated_at', 'detected_at < acknowledged_at']);
  });
});
