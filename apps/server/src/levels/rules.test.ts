import { describe, expect, it } from 'vitest';
import { FaultlineConfig } from '../config/schema.ts';
import { buildCatalog } from '../catalog/catalog.ts';
import { AppError } from '../lib/errors.ts';
import { compileRules, effectiveLevel, scopeMatches, shiftsWithTier } from './rules.ts';

const raw = {
  version: 1,
  catalog: {
    businessLines: [
      {
        id: 'commerce',
        modules: [
          { id: 'checkout', tier: 'core', volume: 'high', services: [{ id: 'checkout-api', team: 't' }] },
          { id: 'promotions', tier: 'sub-core', volume: 'medium', services: [{ id: 'promo-api', team: 't' }] },
        ],
      },
      {
        id: 'content',
        modules: [{ id: 'search', tier: 'non-core', volume: 'low', services: [{ id: 'search-api', team: 't' }] }],
      },
    ],
  },
  levels: {
    rules: [
      { id: 'g-crit', sequence: 'P', level: 2, alert: { matchers: ['severity="critical"'] } },
      {
        id: 'b-line',
        sequence: 'P',
        level: 1,
        kind: 'business',
        scope: { businessLine: 'commerce' },
        alert: { matchers: ['a="1", b=~"x.*"'] },
      },
      {
        id: 'b-mod',
        sequence: 'P',
        level: 1,
        kind: 'business',
        scope: { module: 'search' },
        kpiDrop: { percent: 50, windowMinutes: 5 },
      },
      {
        id: 'b-svc',
        sequence: 'S',
        level: 3,
        kind: 'business',
        scope: { service: 'promo-api' },
        alert: { matchers: ['x="y"'] },
      },
      { id: 'g-tier', sequence: 'P', level: 4, scope: { tier: 'sub-core' }, alert: { matchers: ['x="y"'] } },
      { id: 'g-vol', sequence: 'P', level: 4, scope: { volume: 'high' }, alert: { matchers: ['x="y"'] } },
    ],
  },
};
const config = FaultlineConfig.parse(raw);
const catalog = buildCatalog(config);

describe('compileRules', () => {
  const compiled = compileRules(config, catalog);

  it('keeps configured rules in order, then the template rules of every module', () => {
    expect(compiled.rules.map((r) => r.id)).toEqual([
      'g-crit',
      'b-line',
      'b-mod',
      'b-svc',
      'g-tier',
      'g-vol',
      'template.checkout.p1',
      'template.checkout.p2',
      'template.checkout.p3',
      'template.promotions.p1',
      'template.promotions.p2',
      'template.promotions.p3',
      'template.promotions.p4',
      'template.search.p1',
      'template.search.p2',
      'template.search.p3',
      'template.search.p4',
    ]);
    expect(compiled.rules.map((r) => r.index)).toEqual(compiled.rules.map((_, i) => i));
  });

  it('leaves template rules out when templates are off', () => {
    const off = FaultlineConfig.parse({ ...raw, levels: { ...raw.levels, templates: false } });
    expect(compileRules(off, catalog).rules.every((r) => r.origin === 'config')).toBe(true);
  });

  it('marks for the tier shift the rules that pin no module, service or tier, and every template rule', () => {
    const shift = Object.fromEntries(compiled.rules.map((r) => [r.id, r.tierShift]));
    expect(shift).toMatchObject({
      'g-crit': true,
      'b-line': true,
      'b-mod': false,
      'b-svc': false,
      'g-tier': false,
      'g-vol': true,
      'template.checkout.p1': true,
    });
  });

  it('precompiles matchers, splitting comma lists', () => {
    const rule = compiled.rules.find((r) => r.id === 'b-line')!;
    expect(rule.condition.type === 'alert' && rule.condition.matchers.map((m) => m.name)).toEqual(['a', 'b']);
    expect(rule.condition.type === 'alert' && rule.condition.matchers[1]!.re).toBeInstanceOf(RegExp);
  });

  it('describes rules without a description in words', () => {
    expect(compiled.rules[0]!.text).toBe('P2 (generic) when a firing alert matches severity="critical"');
    expect(compiled.rules[2]!.text).toBe(
      'P1 (business, module search) when the KPI (total successful) drops ≥ 50% for ≥ 5 min',
    );
    expect(compiled.rules[6]!.text).toContain('fault-level template, high-volume core standard');
  });

  it('gives each service only the rules whose scope matches, in rule order', () => {
    const ids = (service: string): string[] => compiled.forService(catalog.service(service)!).map((r) => r.id);
    expect(ids('checkout-api')).toEqual([
      'g-crit',
      'b-line',
      'g-vol',
      'template.checkout.p1',
      'template.checkout.p2',
      'template.checkout.p3',
    ]);
    expect(ids('promo-api')).toEqual([
      'g-crit',
      'b-line',
      'b-svc',
      'g-tier',
      'template.promotions.p1',
      'template.promotions.p2',
      'template.promotions.p3',
      'template.promotions.p4',
    ]);
    expect(ids('search-api')).toEqual([
      'g-crit',
      'b-mod',
      'template.search.p1',
      'template.search.p2',
      'template.search.p3',
      'template.search.p4',
    ]);
  });

  it('ranks the rules of a service most severe first (tier shift applied), business before generic, then rule order', () => {
    const ranked = compiled.ranked(catalog.service('promo-api')!).map((r) => `${r.rule.id}:${r.level}`);
    expect(ranked).toEqual([
      'b-line:2',
      'template.promotions.p1:2',
      'b-svc:3',
      'template.promotions.p2:3',
      'g-crit:3',
      'template.promotions.p3:4',
      'g-tier:4',
      'template.promotions.p4:5',
    ]);
  });

  it('gives an unknown service (null) only the unscoped rules', () => {
    expect(compiled.forService(null).map((r) => r.id)).toEqual(['g-crit']);
  });

  it('checks the full scope for a service entry that differs from the catalog', () => {
    const moved = { ...catalog.service('checkout-api')!, tier: 'sub-core' as const };
    expect(compiled.forService(moved).map((r) => r.id)).toContain('g-tier');
    expect(compiled.forService(catalog.service('checkout-api')!).map((r) => r.id)).not.toContain('g-tier');
  });

  it('reports level counts per sequence', () => {
    expect(compiled.levelCount('P')).toBe(4);
    expect(compiled.levelCount('X')).toBeUndefined();
  });

  it('throws VALIDATION with the path for an unknown sequence or a bad matcher', () => {
    const badSeq = FaultlineConfig.parse({
      version: 1,
      levels: { rules: [{ id: 'r', sequence: 'X', level: 1, alert: { matchers: ['a="b"'] } }] },
    });
    expect(() => compileRules(badSeq, buildCatalog(badSeq))).toThrow(AppError);
    const badRe = FaultlineConfig.parse({
      version: 1,
      levels: { rules: [{ id: 'r', sequence: 'P', level: 1, alert: { matchers: ['a="b"', 'c=~"("'] } }] },
    });
    try {
      compileRules(badRe, buildCatalog(badRe));
      expect.unreachable();
    } catch (err) {
      expect((err as AppError).code).toBe('VALIDATION');
      expect((err as AppError).fields).toEqual([
        { path: 'levels.rules.0.alert.matchers.1', message: expect.stringContaining('invalid regex') },
      ]);
    }
  });
});

describe('scope helpers', () => {
  const svc = catalog.service('promo-api')!;

  it('scopeMatches needs every given field to equal the service', () => {
    expect(scopeMatches({}, svc)).toBe(true);
    expect(scopeMatches({ businessLine: 'commerce', tier: 'sub-core', volume: 'medium' }, svc)).toBe(true);
    expect(scopeMatches({ businessLine: 'commerce', tier: 'core' }, svc)).toBe(false);
    expect(scopeMatches({ module: 'promotions', service: 'checkout-api' }, svc)).toBe(false);
    expect(scopeMatches({}, null)).toBe(true);
    expect(scopeMatches({ tier: 'core' }, null)).toBe(false);
  });

  it('shiftsWithTier and effectiveLevel', () => {
    expect(shiftsWithTier({ businessLine: 'x', volume: 'low' })).toBe(true);
    expect(shiftsWithTier({ module: 'x' })).toBe(false);
    expect(effectiveLevel({ level: 1, tierShift: true }, svc)).toBe(2);
    expect(effectiveLevel({ level: 1, tierShift: true }, catalog.service('search-api')!)).toBe(3);
    expect(effectiveLevel({ level: 1, tierShift: false }, catalog.service('search-api')!)).toBe(1);
    expect(effectiveLevel({ level: 2, tierShift: true }, null)).toBe(2);
  });
});
