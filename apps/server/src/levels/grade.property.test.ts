import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FaultlineConfig } from '../config/schema.ts';
import { buildCatalog, type ServiceEntry } from '../catalog/catalog.ts';
import { compileRules } from './rules.ts';
import { grade, type GradeInput, type GradeResult } from './grade.ts';

// A small world so random rules and alerts actually meet.
const catalogConfig = {
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
      modules: [{ id: 'search', tier: 'non-core', volume: 'very-low', services: [{ id: 'search-api', team: 't' }] }],
    },
  ],
};
const catalog = buildCatalog(FaultlineConfig.parse({ version: 1, catalog: catalogConfig }));
const services = catalog.services();

const LABELS = {
  severity: ['critical', 'warning', 'info'],
  alertname: ['CheckoutDown', 'DiskFull', 'Latency'],
  env: ['prod', 'dev'],
};
type LabelName = keyof typeof LABELS;
const labelName = fc.constantFrom(...(Object.keys(LABELS) as LabelName[]));

const matcherArb = labelName.chain((name) =>
  fc.oneof(
    fc.constantFrom(...LABELS[name]).map((v) => `${name}="${v}"`),
    fc.constantFrom(...LABELS[name]).map((v) => `${name}!="${v}"`),
    fc.constantFrom(...LABELS[name]).map((v) => `${name}=~"${v.slice(0, 3)}.*"`),
    fc.constantFrom(...LABELS[name]).map((v) => `${name}!~"(?i)${v}"`),
  ),
);

function scopeArb(withTier: boolean) {
  const options = [
    fc.constant({}),
    fc.constantFrom('commerce', 'content').map((businessLine) => ({ businessLine })),
    fc.constantFrom('checkout', 'promotions', 'search').map((module) => ({ module })),
    fc.constantFrom(...services.map((s) => s.id)).map((service) => ({ service })),
    fc.constantFrom('high', 'medium', 'very-low').map((volume) => ({ volume })),
  ];
  if (withTier) options.push(fc.constantFrom('core', 'sub-core', 'non-core').map((tier) => ({ tier })));
  return fc.oneof(...options);
}

function ruleArb(withTier = true) {
  return fc.record({
    sequence: fc.constantFrom('P', 'S'),
    level: fc.integer({ min: 1, max: 4 }),
    kind: fc.constantFrom('generic', 'business'),
    scope: scopeArb(withTier),
    condition: fc.oneof(
      fc.array(matcherArb, { minLength: 1, maxLength: 3 }).map((matchers) => ({ alert: { matchers } })),
      fc
        .record({ percent: fc.integer({ min: 1, max: 100 }), windowMinutes: fc.integer({ min: 1, max: 60 }) })
        .map((kpiDrop) => ({ kpiDrop })),
    ),
  });
}
type RuleSpec = ReturnType<typeof ruleArb> extends fc.Arbitrary<infer T> ? T : never;

const alertArb = fc.record({
  labels: fc.record(
    Object.fromEntries(Object.entries(LABELS).map(([k, v]) => [k, fc.constantFrom(...v)])) as Record<
      LabelName,
      fc.Arbitrary<string>
    >,
    { requiredKeys: [] },
  ) as fc.Arbitrary<Record<string, string>>,
  status: fc.constantFrom('firing' as const, 'firing' as const, 'resolved' as const),
});

const factsArb: fc.Arbitrary<GradeInput['facts']> = fc.oneof(
  fc.constant({}),
  fc.record({
    kpiDrop: fc.record({ percent: fc.integer({ min: 0, max: 100 }), windowMinutes: fc.integer({ min: 0, max: 120 }) }),
  }),
);

const serviceArb: fc.Arbitrary<ServiceEntry | null> = fc.oneof(fc.constant(null), fc.constantFrom(...services));

function compile(specs: readonly RuleSpec[], templates: boolean) {
  const rules = specs.map((s, i) => ({
    id: `r${i}`,
    sequence: s.sequence,
    level: s.level,
    kind: s.kind,
    scope: s.scope,
    ...s.condition,
  }));
  const config = FaultlineConfig.parse({ version: 1, catalog: catalogConfig, levels: { templates, rules } });
  return compileRules(config, catalog);
}

/** True when `b` is at least as severe as `a` in every sequence `a` grades, and is not "nothing" where `a` is a risk. */
function atLeastAsSevere(a: GradeResult, b: GradeResult): boolean {
  for (const [seq, level] of Object.entries(a.levels)) {
    const other = b.levels[seq];
    if (other === undefined || other > level) return false;
  }
  if (a.risk && !b.risk && Object.keys(b.levels).length === 0) return false;
  return true;
}

describe('grade properties', () => {
  it('adding a rule never makes a level less severe', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb(), { maxLength: 8 }),
        ruleArb(),
        fc.nat(),
        fc.array(alertArb, { maxLength: 5 }),
        factsArb,
        serviceArb,
        fc.boolean(),
        (specs, extra, at, alerts, facts, service, templates) => {
          const more = [...specs];
          more.splice(at % (specs.length + 1), 0, extra);
          const input = { alerts, facts, service };
          const before = grade(input, compile(specs, templates));
          const after = grade(input, compile(more, templates));
          expect(atLeastAsSevere(before, after)).toBe(true);
        },
      ),
    );
  });

  it('is deterministic and independent of alert order', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb(), { maxLength: 8 }),
        fc.array(fc.tuple(alertArb, fc.double({ noNaN: true })), { maxLength: 6 }),
        factsArb,
        serviceArb,
        (specs, keyed, facts, service) => {
          const rules = compile(specs, true);
          const alerts = keyed.map(([a]) => a);
          const shuffled = [...keyed].sort((x, y) => x[1] - y[1]).map(([a]) => a);
          const first = grade({ alerts, facts, service }, rules);
          expect(grade({ alerts, facts, service }, rules)).toEqual(first);
          expect(grade({ alerts: shuffled, facts, service }, rules)).toEqual(first);
          expect(grade({ alerts: [...alerts].reverse(), facts, service }, rules)).toEqual(first);
        },
      ),
    );
  });

  it('a non-core module never grades more severe than the same input on a core module (rules not scoped by tier)', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb(false), { maxLength: 8 }),
        fc.array(alertArb, { maxLength: 5 }),
        factsArb,
        fc.constantFrom(...services),
        (specs, alerts, facts, service) => {
          const rules = compile(specs, true);
          const on = (tier: ServiceEntry['tier']) => grade({ alerts, facts, service: { ...service, tier } }, rules);
          const core = on('core');
          const subCore = on('sub-core');
          const nonCore = on('non-core');
          expect(atLeastAsSevere(nonCore, core)).toBe(true);
          expect(atLeastAsSevere(subCore, core)).toBe(true);
          expect(atLeastAsSevere(nonCore, subCore)).toBe(true);
        },
      ),
    );
  });

  it('every level is within its sequence and explained by a matching rule', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb(), { maxLength: 8 }),
        fc.array(alertArb, { maxLength: 5 }),
        factsArb,
        serviceArb,
        (specs, alerts, facts, service) => {
          const rules = compile(specs, true);
          const result = grade({ alerts, facts, service }, rules);
          expect(result.explanation.map((e) => [e.sequence, e.level])).toEqual(Object.entries(result.levels));
          for (const e of result.explanation) {
            expect(e.level).toBeGreaterThanOrEqual(1);
            expect(e.level).toBeLessThanOrEqual(rules.levelCount(e.sequence)!);
            expect(rules.forService(service).some((r) => r.id === e.ruleId)).toBe(true);
            expect(e.evidence.length).toBeGreaterThan(0);
          }
          if (result.risk) expect(result.levels).toEqual({});
        },
      ),
    );
  });
});
