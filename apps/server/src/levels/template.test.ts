import { describe, expect, it } from 'vitest';
import { DEFAULT_SEQUENCES, LevelRuleConfig } from './config.ts';
import { templateRules, templateRuleId } from './template.ts';

const summary = (rules: LevelRuleConfig[]): string[] =>
  rules.map(
    (r) => `${r.sequence}${r.level} ≥${r.kpiDrop!.percent}% ${r.kpiDrop!.windowMinutes}min ${r.kpiDrop!.measure}`,
  );

describe('templateRules (seed 000, core standard)', () => {
  it('high volume: ≥30 % success rate per minute over 1 min is P1; then 20 % P2, 10 % P3, no P4', () => {
    expect(summary(templateRules({ id: 'checkout', tier: 'core', volume: 'high' }, DEFAULT_SEQUENCES))).toEqual([
      'P1 ≥30% 1min success-rate-per-minute',
      'P2 ≥20% 1min success-rate-per-minute',
      'P3 ≥10% 1min success-rate-per-minute',
    ]);
  });

  it('medium volume: ≥45 % of total over 10 min is P1; then 30 / 20 / 10 %', () => {
    expect(summary(templateRules({ id: 'm', tier: 'core', volume: 'medium' }, DEFAULT_SEQUENCES))).toEqual([
      'P1 ≥45% 10min total-successful',
      'P2 ≥30% 10min total-successful',
      'P3 ≥20% 10min total-successful',
      'P4 ≥10% 10min total-successful',
    ]);
  });

  it('low volume: ≥45 % of total over 15 min (the seed says 15 or 30) is P1', () => {
    expect(summary(templateRules({ id: 'l', tier: 'core', volume: 'low' }, DEFAULT_SEQUENCES))).toEqual([
      'P1 ≥45% 15min total-successful',
      'P2 ≥30% 15min total-successful',
      'P3 ≥20% 15min total-successful',
      'P4 ≥10% 15min total-successful',
    ]);
  });

  it('very-low volume: ≥45 % of total over 60 min is P2, the template starting one level lower', () => {
    expect(summary(templateRules({ id: 'v', tier: 'core', volume: 'very-low' }, DEFAULT_SEQUENCES))).toEqual([
      'P2 ≥45% 60min total-successful',
      'P3 ≥30% 60min total-successful',
      'P4 ≥20% 60min total-successful',
    ]);
  });

  it('ignores the tier: the shift is applied when grading', () => {
    const core = templateRules({ id: 'm', tier: 'core', volume: 'medium' }, DEFAULT_SEQUENCES);
    expect(templateRules({ id: 'm', tier: 'non-core', volume: 'medium' }, DEFAULT_SEQUENCES)).toEqual(core);
  });

  it('scopes each rule to its module, kind business, with ids like template.checkout.p1', () => {
    const rules = templateRules({ id: 'checkout', tier: 'core', volume: 'high' }, DEFAULT_SEQUENCES);
    expect(rules.map((r) => r.id)).toEqual(['template.checkout.p1', 'template.checkout.p2', 'template.checkout.p3']);
    expect(templateRuleId('checkout', 1)).toBe('template.checkout.p1');
    for (const r of rules) {
      expect(r.scope).toEqual({ module: 'checkout' });
      expect(r.kind).toBe('business');
      expect(r.description).toContain('fault-level template, ');
      expect(LevelRuleConfig.safeParse(r).success).toBe(true);
    }
  });

  it('generates nothing without a P sequence and drops bands past its last level', () => {
    expect(templateRules({ id: 'm', tier: 'core', volume: 'medium' }, [{ id: 'S', name: 'SLA', levels: 4 }])).toEqual(
      [],
    );
    const short = templateRules({ id: 'm', tier: 'core', volume: 'medium' }, [{ id: 'P', name: 'P', levels: 2 }]);
    expect(short.map((r) => r.level)).toEqual([1, 2]);
  });
});
