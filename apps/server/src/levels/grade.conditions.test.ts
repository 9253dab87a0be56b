import { describe, expect, it } from 'vitest';
import { FaultlineConfig } from '../config/schema.ts';
import { buildCatalog, type Catalog } from '../catalog/catalog.ts';
import { compileRules, type CompiledRules } from './rules.ts';
import { grade, type GradeInput, type ImpactFactsInput } from './grade.ts';

const catalogConfig = {
  businessLines: [
    {
      id: 'commerce',
      modules: [
        { id: 'checkout', tier: 'core', volume: 'high', services: [{ id: 'checkout-api', team: 't' }] },
        { id: 'promotions', tier: 'sub-core', volume: 'medium', services: [{ id: 'promo-api', team: 't' }] },
        { id: 'history', tier: 'non-core', volume: 'low', services: [{ id: 'history-api', team: 't' }] },
      ],
    },
  ],
};

function setup(rules: object[]): { catalog: Catalog; rules: CompiledRules } {
  const config = FaultlineConfig.parse({ version: 1, catalog: catalogConfig, levels: { templates: false, rules } });
  const catalog = buildCatalog(config);
  return { catalog, rules: compileRules(config, catalog) };
}

const NOW = new Date('2025-03-01T12:00:00Z');
const ago = (minutes: number): Date => new Date(NOW.getTime() - minutes * 60_000);

describe('facts rules', () => {
  const one = (fact: string, value: unknown) =>
    setup([{ id: `r-${fact.toLowerCase()}`, sequence: 'P', level: 2, facts: { [fact]: value } }]).rules;
  const run = (rules: CompiledRules, facts: ImpactFactsInput, input: Partial<GradeInput> = {}) =>
    grade({ alerts: [], facts, service: null, ...input }, rules);

  const MINIMUMS = [
    ['affectedUsers', 10_000],
    ['affectedUsersPct', 5],
    ['merchants', 200],
    ['complaintIncreasePct', 50],
    ['financialLoss', 100_000],
    ['slaBreachMinutes', 30],
  ] as const;

  describe.each(MINIMUMS)('%s is a minimum', (fact, threshold) => {
    const rules = one(fact, threshold);

    it('matches at the threshold (inclusive), with the numbers as evidence', () => {
      const result = run(rules, { [fact]: threshold });
      expect(result.levels).toEqual({ P: 2 });
      expect(result.explanation[0]!.evidence).toEqual([`${fact} ${threshold} ≥ ${threshold}`]);
    });

    it('matches above the threshold', () => {
      const result = run(rules, { [fact]: threshold * 1.2 });
      expect(result.levels).toEqual({ P: 2 });
      expect(result.explanation[0]!.evidence).toEqual([`${fact} ${threshold * 1.2} ≥ ${threshold}`]);
    });

    it('does not match just below the threshold', () => {
      expect(run(rules, { [fact]: threshold - 0.01 }).levels).toEqual({});
      expect(run(rules, { [fact]: 0 }).levels).toEqual({});
    });

    it('does not match when the fact is missing, even with other facts present', () => {
      expect(run(rules, {}).levels).toEqual({});
      const other = MINIMUMS.find(([f]) => f !== fact)!;
      expect(run(rules, { [other[0]]: 1e9, kpiDrop: { percent: 100, windowMinutes: 999 } }).levels).toEqual({});
    });
  });

  it('a threshold of 0 matches once the fact is known, never while it is missing', () => {
    const rules = one('merchants', 0);
    expect(run(rules, { merchants: 0 }).levels).toEqual({ P: 2 });
    expect(run(rules, {}).levels).toEqual({});
  });

  it('dataAssetLevel is a maximum: 1 is the most critical asset', () => {
    const rules = one('dataAssetLevel', 2);
    expect(run(rules, { dataAssetLevel: 1 }).explanation[0]!.evidence).toEqual(['dataAssetLevel 1 ≤ 2']);
    expect(run(rules, { dataAssetLevel: 2 }).explanation[0]!.evidence).toEqual(['dataAssetLevel 2 ≤ 2']);
    expect(run(rules, { dataAssetLevel: 3 }).levels).toEqual({});
    expect(run(rules, {}).levels).toEqual({});
    expect(run(one('dataAssetLevel', 1), { dataAssetLevel: 1 }).levels).toEqual({ P: 2 });
    expect(run(one('dataAssetLevel', 1), { dataAssetLevel: 2 }).levels).toEqual({});
  });

  it('publicOpinion is a minimum on low < medium < high, and none satisfies nothing', () => {
    const medium = one('publicOpinion', 'medium');
    expect(run(medium, { publicOpinion: 'none' }).levels).toEqual({});
    expect(run(medium, { publicOpinion: 'low' }).levels).toEqual({});
    expect(run(medium, { publicOpinion: 'medium' }).explanation[0]!.evidence).toEqual([
      'publicOpinion medium ≥ medium',
    ]);
    expect(run(medium, { publicOpinion: 'high' }).explanation[0]!.evidence).toEqual(['publicOpinion high ≥ medium']);
    expect(run(medium, {}).levels).toEqual({});
    const low = one('publicOpinion', 'low');
    expect(run(low, { publicOpinion: 'none' }).levels).toEqual({});
    expect(run(low, { publicOpinion: 'low' }).levels).toEqual({ P: 2 });
    const high = one('publicOpinion', 'high');
    expect(run(high, { publicOpinion: 'medium' }).levels).toEqual({});
    expect(run(high, { publicOpinion: 'high' }).levels).toEqual({ P: 2 });
  });

  describe('several thresholds in one rule', () => {
    const rules = setup([
      {
        id: 'combo',
        sequence: 'D',
        level: 1,
        facts: { slaBreachMinutes: 10, dataAssetLevel: 2, affectedUsers: 1000, publicOpinion: 'low' },
      },
    ]).rules;
    const all: ImpactFactsInput = {
      affectedUsers: 1000,
      dataAssetLevel: 2,
      publicOpinion: 'low',
      slaBreachMinutes: 10,
    };

    it('matches when every threshold holds, evidence in a fixed fact order', () => {
      const result = run(rules, all);
      expect(result.levels).toEqual({ D: 1 });
      expect(result.explanation[0]!.evidence).toEqual([
        'affectedUsers 1000 ≥ 1000',
        'dataAssetLevel 2 ≤ 2',
        'publicOpinion low ≥ low',
        'slaBreachMinutes 10 ≥ 10',
      ]);
    });

    it.each([
      ['affectedUsers', 999],
      ['dataAssetLevel', 3],
      ['publicOpinion', 'none'],
      ['slaBreachMinutes', 9.5],
      ['affectedUsers', undefined],
      ['dataAssetLevel', undefined],
      ['publicOpinion', undefined],
      ['slaBreachMinutes', undefined],
    ])('does not match when %s is %s', (fact, value) => {
      const facts: Record<string, unknown> = { ...all, [fact]: value };
      if (value === undefined) delete facts[fact];
      expect(run(rules, facts as ImpactFactsInput).levels).toEqual({});
    });

    it('ignores facts the rule does not name', () => {
      expect(
        run(rules, { ...all, merchants: 0, financialLoss: 0, kpiDrop: { percent: 0, windowMinutes: 0 } }).levels,
      ).toEqual({
        D: 1,
      });
    });
  });

  describe('with other rules and the tier shift', () => {
    const { catalog, rules } = setup([
      { id: 'users-p2', sequence: 'P', level: 2, facts: { affectedUsers: 1000 } },
      { id: 'users-p1', sequence: 'P', level: 1, facts: { affectedUsers: 100_000 } },
      { id: 'loss-p3', sequence: 'P', level: 3, kind: 'business', facts: { financialLoss: 10 } },
      {
        id: 'history-users',
        sequence: 'P',
        level: 2,
        kind: 'business',
        scope: { module: 'history' },
        facts: { affectedUsers: 5000 },
      },
      { id: 'crit', sequence: 'P', level: 2, alert: { matchers: ['severity="critical"'] } },
      { id: 'sla', sequence: 'S', level: 1, facts: { slaBreachMinutes: 60 } },
    ]);
    const svc = (id: string) => catalog.service(id)!;

    it('the most severe matching facts rule wins', () => {
      expect(run(rules, { affectedUsers: 1000 }).explanation[0]!.ruleId).toBe('users-p2');
      const result = run(rules, { affectedUsers: 250_000, financialLoss: 50 });
      expect(result.levels).toEqual({ P: 1 });
      expect(result.explanation[0]!.ruleId).toBe('users-p1');
      expect(result.explanation[0]!.rule).toBe('P1 (generic) when the impact facts show affected users ≥ 100000');
    });

    it('facts and alert rules combine: the most severe wins', () => {
      const input = { alerts: [{ labels: { severity: 'critical' }, status: 'firing' as const }] };
      expect(run(rules, { financialLoss: 20 }, input).levels).toEqual({ P: 2 });
      expect(run(rules, { affectedUsers: 100_000 }, input).explanation[0]!.ruleId).toBe('users-p1');
    });

    it('grades every sequence independently', () => {
      expect(run(rules, { affectedUsers: 1000, slaBreachMinutes: 90 }).levels).toEqual({ P: 2, S: 1 });
    });

    it('shifts unscoped facts rules by the tier, like alert rules', () => {
      const promo = run(rules, { affectedUsers: 1000 }, { service: svc('promo-api') });
      expect(promo.levels).toEqual({ P: 3 });
      expect(promo.explanation[0]!.evidence).toEqual([
        'affectedUsers 1000 ≥ 1000',
        'module tier sub-core: P2 of the core standard shifted 1 level lower',
      ]);
      expect(run(rules, { financialLoss: 10 }, { service: svc('history-api') })).toEqual({
        levels: {},
        risk: true,
        explanation: [],
      });
    });

    it('does not shift facts rules that pin a module', () => {
      const result = run(rules, { affectedUsers: 5000 }, { service: svc('history-api') });
      expect(result.levels).toEqual({ P: 2 });
      expect(result.explanation[0]!.ruleId).toBe('history-users');
      expect(result.explanation[0]!.evidence).toEqual(['affectedUsers 5000 ≥ 5000']);
    });
  });
});

describe('duration rules', () => {
  const { catalog, rules } = setup([
    { id: 'p2-30min', sequence: 'P', level: 1, duration: { minutes: 30, atLevel: 2 } },
    { id: 'p4-120min', sequence: 'P', level: 3, duration: { minutes: 120, atLevel: 4 } },
    { id: 's-quick', sequence: 'S', level: 2, duration: { minutes: 0.5, atLevel: 3 } },
  ]);
  const run = (input: Partial<GradeInput>) => grade({ alerts: [], facts: {}, service: null, ...input }, rules);
  const at = (level: number, minutes: number, seq = 'P') => ({ [seq]: { level, since: ago(minutes) } });

  it('matches at atLevel after `minutes` (inclusive), evidence naming the time', () => {
    const result = run({ current: at(2, 30), now: NOW });
    expect(result.levels).toEqual({ P: 1 });
    expect(result.explanation).toEqual([
      {
        sequence: 'P',
        level: 1,
        ruleId: 'p2-30min',
        rule: 'P1 (generic) when the incident has been at P2 or more severe for ≥ 30 min',
        evidence: ['at P2 for 30 min ≥ 30 min'],
      },
    ]);
    expect(run({ current: at(2, 42.9), now: NOW }).explanation[0]!.evidence).toEqual(['at P2 for 42 min ≥ 30 min']);
  });

  it('does not match a moment before `minutes`', () => {
    expect(run({ current: at(2, 29.99), now: NOW }).levels).toEqual({});
    expect(
      run({ current: { P: { level: 2, since: new Date(NOW.getTime() - 30 * 60_000 + 1) } }, now: NOW }).levels,
    ).toEqual({});
  });

  it('matches a more severe current level, saying which level the rule needs', () => {
    // At P1 the rule would set P1 too: no upgrade, but the match is still reported, never lower.
    const result = run({ current: { P: { level: 1, since: ago(31) } }, now: NOW });
    expect(result.levels).toEqual({ P: 1 });
    expect(result.explanation[0]!.evidence).toEqual(['at P1 for 31 min ≥ 30 min (rule: at P2 or more severe)']);
  });

  it('does not match a less severe current level (atLevel boundary)', () => {
    const p3 = run({ current: at(3, 60), now: NOW });
    expect(p3.levels).toEqual({}); // p4-120min needs 120 min
    expect(run({ current: at(3, 120), now: NOW }).levels).toEqual({ P: 3 });
    expect(run({ current: at(4, 120), now: NOW }).levels).toEqual({ P: 3 });
    expect(run({ current: at(4, 119), now: NOW }).levels).toEqual({});
  });

  it('needs both `current` and `now`', () => {
    expect(run({ current: at(2, 600) }).levels).toEqual({});
    expect(run({ now: NOW }).levels).toEqual({});
    expect(run({ current: {}, now: NOW }).levels).toEqual({});
  });

  it('looks at the current level of its own sequence only', () => {
    expect(run({ current: at(2, 600, 'D'), now: NOW }).levels).toEqual({});
    expect(run({ current: { ...at(2, 600, 'D'), ...at(3, 1, 'S') }, now: NOW }).levels).toEqual({ S: 2 });
  });

  it('does not match a `since` in the future or an invalid date', () => {
    expect(run({ current: at(2, -60), now: NOW }).levels).toEqual({});
    expect(run({ current: { P: { level: 2, since: new Date('nope') } }, now: NOW }).levels).toEqual({});
    expect(run({ current: at(2, 60), now: new Date('nope') }).levels).toEqual({});
  });

  it('shows fractional thresholds without rounding below them', () => {
    expect(run({ current: at(3, 0.7, 'S'), now: NOW }).explanation[0]!.evidence).toEqual([
      'at S3 for 0.5 min ≥ 0.5 min',
    ]);
    expect(run({ current: at(3, 0.4, 'S'), now: NOW }).levels).toEqual({});
  });

  it('is never tier-shifted, even unscoped on a non-core module', () => {
    const history = catalog.service('history-api')!;
    const result = run({ current: at(2, 45), now: NOW, service: history });
    expect(result.levels).toEqual({ P: 1 });
    expect(result.explanation[0]!.evidence).toEqual(['at P2 for 45 min ≥ 30 min']);
    expect(rules.rules.every((r) => !r.tierShift)).toBe(true);
  });

  it('is pure: the same input gives the same result, and the input is not modified', () => {
    const current = at(2, 45);
    const input = { alerts: [], facts: {}, service: null, current, now: NOW };
    const snapshot = structuredClone(input);
    expect(grade(input, rules)).toEqual(grade(input, rules));
    expect(input).toEqual(snapshot);
  });
});
