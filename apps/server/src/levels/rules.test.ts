import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { FaultlineConfig } from '../config/schema.ts';
import { buildCatalog } from '../catalog/catalog.ts';
import { AppError } from '../lib/errors.ts';
import {
  compileRules,
  effectiveLevel,
  type CompiledRule,
  ruleShiftsWithTier,
  scopeMatches,
  shiftsWithTier,
} from './rules.ts';
import { grade } from './grade.ts';

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
    expect(rule.condition.type === 'alert' && rule.condition.matchers[1]!.re).toBeInstanceOf(RE2JS);
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

describe('facts and duration conditions', () => {
  const cfg = FaultlineConfig.parse({
    ...raw,
    levels: {
      templates: false,
      rules: [
        {
          id: 'f-all',
          sequence: 'D',
          level: 1,
          facts: {
            slaBreachMinutes: 5,
            publicOpinion: 'medium',
            dataAssetLevel: 2,
            financialLoss: 1000,
            complaintIncreasePct: 20,
            merchants: 3,
            affectedUsersPct: 1.5,
            affectedUsers: 100,
          },
        },
        {
          id: 'f-mod',
          sequence: 'P',
          level: 2,
          kind: 'business',
          scope: { module: 'search' },
          facts: { merchants: 1 },
        },
        { id: 'd-any', sequence: 'P', level: 1, duration: { minutes: 30, atLevel: 2 } },
        {
          id: 'd-p1',
          sequence: 'S',
          level: 2,
          scope: { businessLine: 'commerce' },
          duration: { minutes: 10, atLevel: 3 },
        },
        { id: 'd-top', sequence: 'R', level: 1, duration: { minutes: 5, atLevel: 1 } },
      ],
    },
  });
  const compiled = compileRules(cfg, buildCatalog(cfg));
  const byId = (id: string) => compiled.rules.find((r) => r.id === id)!;

  it('compiles facts thresholds in a fixed order with their bounds', () => {
    expect(byId('f-all').condition).toEqual({
      type: 'facts',
      thresholds: [
        { fact: 'affectedUsers', bound: 'min', value: 100 },
        { fact: 'affectedUsersPct', bound: 'min', value: 1.5 },
        { fact: 'merchants', bound: 'min', value: 3 },
        { fact: 'complaintIncreasePct', bound: 'min', value: 20 },
        { fact: 'financialLoss', bound: 'min', value: 1000 },
        { fact: 'dataAssetLevel', bound: 'max', value: 2 },
        { fact: 'publicOpinion', bound: 'min', value: 'medium' },
        { fact: 'slaBreachMinutes', bound: 'min', value: 5 },
      ],
    });
  });

  it('compiles duration conditions', () => {
    expect(byId('d-any').condition).toEqual({ type: 'duration', minutes: 30, atLevel: 2 });
  });

  it('shifts facts rules like alert rules, never duration rules', () => {
    expect(byId('f-all').tierShift).toBe(true);
    expect(byId('f-mod').tierShift).toBe(false);
    expect(byId('d-any').tierShift).toBe(false);
    expect(byId('d-p1').tierShift).toBe(false);
    expect(compiled.ranked(catalog.service('promo-api')!).find((r) => r.rule.id === 'd-p1')!.level).toBe(2);
  });

  it('describes them in words', () => {
    expect(byId('f-all').text).toBe(
      'D1 (generic) when the impact facts show affected users ≥ 100 and affected users % ≥ 1.5 and merchants ≥ 3 ' +
        'and complaint increase % ≥ 20 and financial loss ≥ 1000 and data asset level ≤ 2 and public opinion ≥ medium ' +
        'and SLA breach minutes ≥ 5',
    );
    expect(byId('f-mod').text).toBe('P2 (business, module search) when the impact facts show merchants ≥ 1');
    expect(byId('d-any').text).toBe('P1 (generic) when the incident has been at P2 or more severe for ≥ 30 min');
    expect(byId('d-p1').text).toBe(
      'S2 (generic, businessLine commerce) when the incident has been at S3 or more severe for ≥ 10 min',
    );
    expect(byId('d-top').text).toBe('R1 (generic) when the incident has been at R1 for ≥ 5 min');
  });
});

describe('compileRules with approved rule versions', () => {
  const cfg = FaultlineConfig.parse({
    ...raw,
    levels: {
      rules: [
        ...raw.levels.rules,
        {
          id: 'checkout-own',
          sequence: 'P',
          level: 1,
          kind: 'business',
          scope: { module: 'checkout' },
          alert: { matchers: ['alertname="CheckoutDown"'] },
        },
        {
          id: 'checkout-svc',
          sequence: 'P',
          level: 2,
          kind: 'business',
          scope: { service: 'checkout-api' },
          alert: { matchers: ['alertname="Slow"'] },
        },
        {
          id: 'checkout-and-svc',
          sequence: 'P',
          level: 2,
          kind: 'business',
          scope: { module: 'checkout', service: 'checkout-api' },
          alert: { matchers: ['alertname="Pinned"'] },
        },
      ],
    },
  });
  const version = [
    {
      id: 'v-kpi',
      sequence: 'P',
      level: 2,
      kind: 'business',
      scope: {},
      kpiDrop: { percent: 25, windowMinutes: 1, measure: 'total-successful' },
    },
    { id: 'v-other', sequence: 'P', level: 1, kind: 'business', scope: { module: 'search' }, facts: { merchants: 1 } },
    { id: 'v-dur', sequence: 'P', level: 1, kind: 'generic', scope: {}, duration: { minutes: 15, atLevel: 2 } },
  ] as const;
  const approved = new Map([['checkout', version.map((r) => ({ ...r, scope: { ...r.scope } }))]]);
  const compiled = compileRules(cfg, catalog, approved);
  const ids = () => compiled.rules.map((r) => r.id);

  it("replaces the module's template rules and the configured rules pinning exactly that module", () => {
    expect(ids()).toEqual([
      'g-crit',
      'b-line',
      'b-mod',
      'b-svc',
      'g-tier',
      'g-vol',
      'checkout-svc',
      'v-kpi',
      'v-other',
      'v-dur',
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

  it('scopes version rules to their module, keeps their ids, marks them as version rules, never shifted', () => {
    for (const id of ['v-kpi', 'v-other', 'v-dur']) {
      const rule = compiled.rules.find((r) => r.id === id)!;
      expect(rule.scope.module).toBe('checkout');
      expect(rule.origin).toBe('version');
      expect(rule.tierShift).toBe(false);
    }
    expect(compiled.forService(catalog.service('search-api')!).map((r) => r.id)).not.toContain('v-other');
    expect(approved.get('checkout')![1]!.scope).toEqual({ module: 'search' }); // the input is not modified
  });

  it('grades the module with the version: generic and other-scope rules still apply', () => {
    const checkout = catalog.service('checkout-api')!;
    expect(compiled.forService(checkout).map((r) => r.id)).toEqual([
      'g-crit',
      'b-line',
      'g-vol',
      'checkout-svc',
      'v-kpi',
      'v-other',
      'v-dur',
    ]);
    // The template would give P1 for a 30 % drop over 1 minute; the version says P2 from 25 %.
    expect(
      grade({ alerts: [], facts: { kpiDrop: { percent: 40, windowMinutes: 1 } }, service: checkout }, compiled).levels,
    ).toEqual({ P: 2 });
    expect(
      grade(
        { alerts: [{ labels: { alertname: 'CheckoutDown' }, status: 'firing' }], facts: {}, service: checkout },
        compiled,
      ).levels,
    ).toEqual({});
    expect(
      grade({ alerts: [{ labels: { alertname: 'Slow' }, status: 'firing' }], facts: {}, service: checkout }, compiled)
        .levels,
    ).toEqual({ P: 2 });
  });

  it('leaves the other modules on their config and template rules', () => {
    const promo = catalog.service('promo-api')!;
    const strip = (rules: readonly CompiledRule[]) => rules.map(({ index: _index, ...rest }) => rest);
    expect(strip(compiled.forService(promo))).toEqual(strip(compileRules(cfg, catalog).forService(promo)));
    expect(compiled.forService(promo).map((r) => r.id)).toContain('template.promotions.p1');
  });

  it('replaces with an empty version too, and applies versions with templates off', () => {
    const empty = compileRules(cfg, catalog, new Map([['checkout', []]]));
    expect(empty.rules.some((r) => r.scope.module === 'checkout')).toBe(false);
    expect(empty.rules.some((r) => r.id === 'checkout-svc')).toBe(true);
    const off = FaultlineConfig.parse({ ...raw, levels: { ...raw.levels, templates: false } });
    const withVersion = compileRules(off, catalog, approved);
    expect(withVersion.rules.filter((r) => r.origin !== 'config').map((r) => r.id)).toEqual([
      'v-kpi',
      'v-other',
      'v-dur',
    ]);
  });

  it('appends versions of modules not in the catalog (they match no service)', () => {
    const ghost = compileRules(cfg, catalog, new Map([['ghost', [version[0]]]]));
    expect(ghost.rules.at(-1)!.id).toBe('v-kpi');
    expect(ghost.rules.at(-1)!.scope).toEqual({ module: 'ghost' });
    expect(ghost.rules.filter((r) => r.id.startsWith('template.checkout.'))).toHaveLength(3);
  });

  it('throws VALIDATION with a path into the version for an unknown sequence', () => {
    try {
      compileRules(cfg, catalog, new Map([['checkout', [{ ...version[0], sequence: 'X' }]]]));
      expect.unreachable();
    } catch (err) {
      expect((err as AppError).fields).toEqual([
        { path: 'modules.checkout.rules.0.sequence', message: 'unknown sequence "X"' },
      ]);
    }
  });
});

describe('ruleShiftsWithTier', () => {
  it('is shiftsWithTier, except for duration rules', () => {
    expect(ruleShiftsWithTier({ scope: {} })).toBe(true);
    expect(ruleShiftsWithTier({ scope: { module: 'm' } })).toBe(false);
    expect(ruleShiftsWithTier({ scope: {}, duration: { minutes: 1, atLevel: 2 } })).toBe(false);
  });
});
