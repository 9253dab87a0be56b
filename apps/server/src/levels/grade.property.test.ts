import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FaultlineConfig } from '../config/schema.ts';
import { buildCatalog, type ServiceEntry } from '../catalog/catalog.ts';
import { compileRules } from './rules.ts';
import { grade, type GradeInput, type GradeResult, type ImpactFactsInput } from './grade.ts';

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

const OPINIONS = ['none', 'low', 'medium', 'high'] as const;
const FACT_RANGES = {
  affectedUsers: [0, 100],
  affectedUsersPct: [0, 100],
  merchants: [0, 100],
  complaintIncreasePct: [0, 100],
  financialLoss: [0, 100],
  slaBreachMinutes: [0, 100],
  dataAssetLevel: [1, 9],
} as const;
type NumericFact = keyof typeof FACT_RANGES;
const NUMERIC_FACTS = Object.keys(FACT_RANGES) as NumericFact[];

/** A facts condition: one or two thresholds, small numbers so random facts meet them. */
const factsThresholdArb = fc
  .subarray([...NUMERIC_FACTS, 'publicOpinion' as const], { minLength: 1, maxLength: 2 })
  .chain((names) =>
    fc.record(
      Object.fromEntries(
        names.map((f) => [
          f,
          f === 'publicOpinion'
            ? fc.constantFrom('low' as const, 'medium' as const, 'high' as const)
            : fc.integer({ min: FACT_RANGES[f][0], max: FACT_RANGES[f][1] }),
        ]),
      ) as Record<string, fc.Arbitrary<number | string>>,
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
      factsThresholdArb.map((facts) => ({ facts })),
      fc
        .record({ minutes: fc.integer({ min: 1, max: 120 }), atLevel: fc.integer({ min: 1, max: 4 }) })
        .map((duration) => ({ duration })),
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

const factsArb: fc.Arbitrary<ImpactFactsInput> = fc.record(
  {
    kpiDrop: fc.record({ percent: fc.integer({ min: 0, max: 100 }), windowMinutes: fc.integer({ min: 0, max: 120 }) }),
    ...(Object.fromEntries(
      NUMERIC_FACTS.map((f) => [f, fc.integer({ min: FACT_RANGES[f][0], max: FACT_RANGES[f][1] })]),
    ) as Record<NumericFact, fc.Arbitrary<number>>),
    publicOpinion: fc.constantFrom(...OPINIONS),
  },
  { requiredKeys: [] },
);

const NOW = new Date('2025-03-01T12:00:00Z');

/** The incident's current levels (P and S), each held for 0–150 minutes before NOW. */
const currentArb: fc.Arbitrary<NonNullable<GradeInput['current']>> = fc
  .record(
    {
      P: fc.record({ level: fc.integer({ min: 1, max: 4 }), minutes: fc.integer({ min: 0, max: 150 }) }),
      S: fc.record({ level: fc.integer({ min: 1, max: 4 }), minutes: fc.integer({ min: 0, max: 150 }) }),
    },
    { requiredKeys: [] },
  )
  .map((cur) =>
    Object.fromEntries(
      Object.entries(cur).map(([seq, c]) => [
        seq,
        { level: c.level, since: new Date(NOW.getTime() - c.minutes * 60_000) },
      ]),
    ),
  );

/** Sometimes no clock or no current levels, so duration rules sometimes cannot match. */
const clockArb = fc.oneof(
  { weight: 4, arbitrary: fc.record({ current: currentArb, now: fc.constant(NOW) }) },
  { weight: 1, arbitrary: fc.record({ current: currentArb }) },
  { weight: 1, arbitrary: fc.constant({}) },
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
  it('adding a rule never makes a level less severe (alert, KPI, facts and duration rules)', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb(), { maxLength: 8 }),
        ruleArb(),
        fc.nat(),
        fc.array(alertArb, { maxLength: 5 }),
        factsArb,
        serviceArb,
        fc.boolean(),
        clockArb,
        (specs, extra, at, alerts, facts, service, templates, clock) => {
          const more = [...specs];
          more.splice(at % (specs.length + 1), 0, extra);
          const input = { alerts, facts, service, ...clock };
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
        clockArb,
        (specs, keyed, facts, service, clock) => {
          const rules = compile(specs, true);
          const alerts = keyed.map(([a]) => a);
          const shuffled = [...keyed].sort((x, y) => x[1] - y[1]).map(([a]) => a);
          const first = grade({ alerts, facts, service, ...clock }, rules);
          expect(grade({ alerts, facts, service, ...clock }, rules)).toEqual(first);
          expect(grade({ alerts: shuffled, facts, service, ...clock }, rules)).toEqual(first);
          expect(grade({ alerts: [...alerts].reverse(), facts, service, ...clock }, rules)).toEqual(first);
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
        clockArb,
        (specs, alerts, facts, service, clock) => {
          const rules = compile(specs, true);
          const on = (tier: ServiceEntry['tier']) =>
            grade({ alerts, facts, service: { ...service, tier }, ...clock }, rules);
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
        clockArb,
        (specs, alerts, facts, service, clock) => {
          const rules = compile(specs, true);
          const result = grade({ alerts, facts, service, ...clock }, rules);
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

  it('more severe facts (numbers up, asset level down, opinion up, a facts entry added) never grade less severe', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb(), { maxLength: 8 }),
        fc.array(alertArb, { maxLength: 3 }),
        factsArb,
        factsArb,
        serviceArb,
        clockArb,
        (specs, alerts, facts, other, service, clock) => {
          const rules = compile(specs, true);
          const worse = worsen(facts, other);
          const before = grade({ alerts, facts, service, ...clock }, rules);
          const after = grade({ alerts, facts: worse, service, ...clock }, rules);
          expect(atLeastAsSevere(before, after)).toBe(true);
        },
      ),
    );
  });

  it('a longer duration never grades less severe', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb(), { maxLength: 8 }),
        fc.array(alertArb, { maxLength: 3 }),
        factsArb,
        serviceArb,
        currentArb,
        fc.integer({ min: 0, max: 180 }),
        (specs, alerts, facts, service, current, extra) => {
          const rules = compile(specs, true);
          const later = new Date(NOW.getTime() + extra * 60_000);
          const before = grade({ alerts, facts, service, current, now: NOW }, rules);
          const after = grade({ alerts, facts, service, current, now: later }, rules);
          expect(atLeastAsSevere(before, after)).toBe(true);
        },
      ),
    );
  });

  it('a worse facts value never grades less severe, one fact at a time across its whole range', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb(), { maxLength: 8 }),
        fc.constantFrom(...NUMERIC_FACTS),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        serviceArb,
        (specs, fact, x, y, service) => {
          const rules = compile(specs, true);
          const [lo, hi] = FACT_RANGES[fact];
          const clamp = (v: number) => Math.min(hi, Math.max(lo, v));
          const [a, b] = [clamp(Math.min(x, y)), clamp(Math.max(x, y))];
          // For the asset level a lower number is worse.
          const [mild, severe] = fact === 'dataAssetLevel' ? [b, a] : [a, b];
          const before = grade({ alerts: [], facts: { [fact]: mild }, service }, rules);
          const after = grade({ alerts: [], facts: { [fact]: severe }, service }, rules);
          expect(atLeastAsSevere(before, after)).toBe(true);
        },
      ),
    );
  });
});

/** `facts` made at least as severe by `other`: each fact moved towards worse, missing facts taken from `other`. */
function worsen(facts: ImpactFactsInput, other: ImpactFactsInput): ImpactFactsInput {
  const out: ImpactFactsInput = { ...other, ...facts };
  for (const f of NUMERIC_FACTS) {
    const a = facts[f];
    const b = other[f];
    if (a === undefined || b === undefined) continue;
    out[f] = f === 'dataAssetLevel' ? Math.min(a, b) : Math.max(a, b);
  }
  if (facts.publicOpinion !== undefined && other.publicOpinion !== undefined) {
    out.publicOpinion =
      OPINIONS.indexOf(other.publicOpinion) > OPINIONS.indexOf(facts.publicOpinion)
        ? other.publicOpinion
        : facts.publicOpinion;
  }
  if (facts.kpiDrop && other.kpiDrop) {
    out.kpiDrop = {
      percent: Math.max(facts.kpiDrop.percent, other.kpiDrop.percent),
      windowMinutes: Math.max(facts.kpiDrop.windowMinutes, other.kpiDrop.windowMinutes),
    };
  }
  return out;
}
