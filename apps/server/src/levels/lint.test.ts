import { describe, expect, it } from 'vitest';
import { FaultlineConfig } from '../config/schema.ts';
import { LevelRuleConfig } from './config.ts';
import { effectiveModuleRules, lintLevels, lintModuleRules } from './lint.ts';
import { buildCatalog } from '../catalog/catalog.ts';
import { compileRules } from './rules.ts';
import { grade } from './grade.ts';

const catalogConfig = {
  businessLines: [
    {
      id: 'commerce',
      modules: [
        {
          id: 'checkout',
          tier: 'core',
          volume: 'high',
          services: [
            { id: 'checkout-api', team: 't' },
            { id: 'payments-db', team: 't' },
          ],
        },
        { id: 'promotions', tier: 'sub-core', volume: 'medium', services: [{ id: 'promo-api', team: 't' }] },
      ],
    },
    {
      id: 'content',
      modules: [
        { id: 'search', tier: 'non-core', volume: 'low', services: [{ id: 'search-api', team: 't' }] },
        { id: 'archive', tier: 'non-core', volume: 'very-low', services: [{ id: 'archive-api', team: 't' }] },
      ],
    },
  ],
};

function config(rules: object[], templates = false) {
  return FaultlineConfig.parse({ version: 1, catalog: catalogConfig, levels: { templates, rules } });
}
const lint = (rules: object[], templates = false) =>
  lintLevels(config(rules, templates)).map((p) => `${p.severity} ${p.path}: ${p.message}`);

const kpi = (id: string, level: number, percent: number, windowMinutes: number, extra: object = {}) => ({
  id,
  sequence: 'P',
  level,
  kind: 'business',
  scope: { module: 'checkout' },
  kpiDrop: { percent, windowMinutes },
  ...extra,
});
const alert = (id: string, level: number, matchers: string[], extra: object = {}) => ({
  id,
  sequence: 'P',
  level,
  alert: { matchers },
  ...extra,
});

describe('KPI-drop bands', () => {
  it('accepts well-ordered bands (bigger drop, more severe)', () => {
    expect(lint([kpi('b1', 1, 45, 10), kpi('b2', 2, 30, 10), kpi('b3', 3, 20, 10), kpi('b4', 4, 10, 10)])).toEqual([]);
  });

  it('errors on an inversion: a less severe band needing a bigger drop can never set the level', () => {
    expect(lint([kpi('b1', 1, 30, 10), kpi('b2', 2, 45, 10)])).toEqual([
      'error levels.rules.1: KPI-drop band "b2" (P2, ≥ 45% over 10 min) can never set the level: band "b1" (P1, ≥ 30% over 10 min) matches every drop it matches and is more severe (scope module checkout). A more severe band must need a bigger drop',
    ]);
  });

  it('errors on equal thresholds at different levels, reporting the less severe one', () => {
    const problems = lint([kpi('b2', 2, 30, 10), kpi('b1', 1, 30, 10)]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^error levels\.rules\.0: KPI-drop band "b2" .* band "b1"/);
  });

  it('names the most severe covering band', () => {
    const problems = lint([kpi('b2', 2, 20, 10), kpi('b1', 1, 10, 10), kpi('b4', 4, 50, 10)]);
    expect(problems.filter((p) => p.startsWith('error'))).toEqual([
      expect.stringMatching(/^error levels\.rules\.0: KPI-drop band "b2".* band "b1"/),
      expect.stringMatching(/^error levels\.rules\.2: KPI-drop band "b4".* band "b1"/),
    ]);
  });

  it('counts a shorter window as covering too', () => {
    expect(lint([kpi('b1', 1, 30, 5), kpi('b2', 2, 40, 10)])).toEqual([
      expect.stringMatching(
        /^error levels\.rules\.1: KPI-drop band "b2" \(P2, ≥ 40% over 10 min\) can never set the level/,
      ),
    ]);
  });

  it('does not report bands where the less severe one can still win', () => {
    // Needs a longer window for P1: a 40 % drop over 10 min is P2.
    expect(lint([kpi('b1', 1, 30, 15), kpi('b2', 2, 40, 10)])).toEqual([]);
    // Different scope, sequence: not the same bands.
    expect(lint([kpi('b1', 1, 30, 10), kpi('b2', 2, 45, 10, { scope: { module: 'promotions' } })])).toEqual([]);
    expect(lint([kpi('b1', 1, 30, 10), kpi('b2', 2, 45, 10, { sequence: 'S' })])).toEqual([]);
    expect(
      lint([kpi('b1', 1, 30, 10), kpi('b2', 2, 45, 10, { scope: { module: 'checkout', service: 'payments-db' } })]),
    ).toEqual([]);
  });

  it('compares unscoped generic bands too', () => {
    const problems = lint([
      { id: 'g1', sequence: 'P', level: 1, kpiDrop: { percent: 20, windowMinutes: 10 } },
      { id: 'g2', sequence: 'P', level: 2, kpiDrop: { percent: 30, windowMinutes: 10 } },
    ]);
    expect(problems).toEqual([expect.stringMatching(/^error levels\.rules\.1: .*\(no scope\)/)]);
  });

  it('warns on a redundant band at the same level, and on an exact duplicate (the later one)', () => {
    expect(lint([kpi('b2', 2, 30, 10), kpi('b2-again', 2, 40, 10)])).toEqual([
      'warning levels.rules.1: KPI-drop band "b2-again" (P2, ≥ 40% over 10 min) never changes the level: band "b2" (P2, ≥ 30% over 10 min) gives the same level for every drop it matches (scope module checkout)',
    ]);
    expect(lint([kpi('x', 2, 30, 10), kpi('y', 2, 30, 10)])).toEqual([
      expect.stringMatching(/^warning levels\.rules\.1: KPI-drop band "y" .* never changes the level: band "x"/),
    ]);
  });

  it('does not duplicate an inversion as "less strict than generic"', () => {
    const problems = lint([
      { id: 'g', sequence: 'P', level: 1, scope: { module: 'checkout' }, kpiDrop: { percent: 30, windowMinutes: 10 } },
      kpi('b', 2, 45, 10),
    ]);
    expect(problems).toEqual([expect.stringMatching(/^error levels\.rules\.1: KPI-drop band "b"/)]);
  });

  it('warns on a gap between consecutive bands of one window', () => {
    expect(lint([kpi('b1', 1, 45, 10), kpi('b3', 3, 20, 10)])).toEqual([
      'warning levels.rules.1: KPI-drop bands over 10 min (scope module checkout) skip P2: "b1" (P1, ≥ 45% over 10 min) is followed by "b3" (P3, ≥ 20% over 10 min), so a drop between them grades P3',
    ]);
    expect(lint([kpi('b1', 1, 45, 10), kpi('b4', 4, 10, 10)])).toEqual([expect.stringContaining('skip P2, P3:')]);
  });

  it('does not warn for bands that start below P1 or stop before the last level, or differ in window', () => {
    expect(lint([kpi('b2', 2, 45, 60), kpi('b3', 3, 30, 60), kpi('b4', 4, 20, 60)])).toEqual([]);
    expect(lint([kpi('b1', 1, 30, 1), kpi('b2', 2, 20, 1)])).toEqual([]);
    expect(lint([kpi('b1', 1, 45, 10), kpi('b3', 3, 20, 15)])).toEqual([]);
  });

  it('leaves the template bands alone (they are generated well-formed)', () => {
    expect(lint([], true)).toEqual([]);
  });
});

describe('rules that can never match', () => {
  it.each([
    [['a="x"', 'a="y"'], 'a="x" and a="y"'],
    [['{a="x", a!="x"}'], 'a="x" and a!="x"'],
    [['a!="x"', 'a="x"'], 'a="x" and a!="x"'],
    [['a="x"', 'a=~"y.*"'], 'a="x" and a=~"y.*"'],
    [['a="xy"', 'a!~"x.*"'], 'a="xy" and a!~"x.*"'],
    [['a=~"x.*"', 'a!~"x.*"'], 'a=~"x.*" and a!~"x.*"'],
    [['a=""', 'a=~".+"'], 'a="" and a=~".+"'],
  ])('warns on self-contradictory matchers %j', (matchers, clash) => {
    expect(lint([alert('c', 2, matchers)])).toEqual([
      `warning levels.rules.0.alert.matchers: rule "c" can never match: ${clash} cannot both hold for one alert`,
    ]);
  });

  it.each([
    [['a="x"', 'a="x"']],
    [['a="x"', 'a=~"x|y"']],
    [['a="x"', 'a!="y"']],
    [['a!="x"', 'a!="y"']],
    [['a="x"', 'b="y"']],
    [['a=~"x.*"', 'a!~"xy"']],
    [['a=~"(?i)x"', 'a!~"x"']],
  ])('accepts matchers that can hold together %j', (matchers) => {
    expect(lint([alert('c', 2, matchers)])).toEqual([]);
  });

  it('errors on a duration rule that can never upgrade: atLevel as severe as its level or more', () => {
    expect(lint([{ id: 'd', sequence: 'P', level: 2, duration: { minutes: 30, atLevel: 2 } }])).toEqual([
      'error levels.rules.0.duration.atLevel: rule "d" can never upgrade: it sets P2 for an incident already at P2 or more severe; atLevel must be less severe (a higher number) than level',
    ]);
    expect(lint([{ id: 'd', sequence: 'P', level: 2, duration: { minutes: 30, atLevel: 1 } }])).toEqual([
      'error levels.rules.0.duration.atLevel: rule "d" can never upgrade: it sets P2 for an incident already at P1; atLevel must be less severe (a higher number) than level',
    ]);
  });

  it("errors on a duration rule whose atLevel is past the sequence's last level", () => {
    expect(lint([{ id: 'd', sequence: 'P', level: 3, duration: { minutes: 30, atLevel: 5 } }])).toEqual([
      'error levels.rules.0.duration.atLevel: sequence P has 4 levels; an incident is never at level 5',
    ]);
  });

  it('accepts a duration rule one level up, or several', () => {
    expect(lint([{ id: 'd', sequence: 'P', level: 1, duration: { minutes: 30, atLevel: 2 } }])).toEqual([]);
    expect(lint([{ id: 'd', sequence: 'P', level: 1, duration: { minutes: 30, atLevel: 4 } }])).toEqual([]);
  });

  it('warns on a core-standard rule that the tier shift pushes past the last level everywhere it applies', () => {
    // content is all non-core: P3 + 2 = P5 on every service.
    expect(lint([alert('r', 3, ['a="1"'], { scope: { businessLine: 'content' } })])).toEqual([
      'warning levels.rules.0: rule "r" (P3) is written for the core standard, and the tier shift grades every service it applies to past P4: it only makes risks. Pin its module, service or tier to state the level for them, or make it more severe',
    ]);
    expect(lint([{ id: 'f', sequence: 'P', level: 4, scope: { volume: 'medium' }, facts: { merchants: 1 } }])).toEqual([
      expect.stringContaining('rule "f" (P4) is written for the core standard'),
    ]);
  });

  it('does not warn where the shifted level exists for some service, or the rule is not shifted', () => {
    expect(lint([alert('r', 2, ['a="1"'], { scope: { businessLine: 'content' } })])).toEqual([]);
    expect(lint([alert('r', 3, ['a="1"'], { scope: { businessLine: 'commerce' } })])).toEqual([]);
    expect(lint([alert('r', 4, ['a="1"'], { scope: { tier: 'non-core' } })])).toEqual([]);
    expect(lint([alert('r', 4, ['a="1"'], { scope: { module: 'search' } })])).toEqual([]);
    // Unscoped: also grades incidents with no known service, unshifted.
    expect(lint([alert('r', 4, ['a="1"'])])).toEqual([]);
    // Duration rules are never shifted.
    expect(
      lint([
        { id: 'd', sequence: 'P', level: 3, scope: { businessLine: 'content' }, duration: { minutes: 5, atLevel: 4 } },
      ]),
    ).toEqual([]);
  });

  it('still warns on a scope that matches no service (and does not add a risk warning)', () => {
    expect(lint([alert('r', 3, ['a="1"'], { scope: { businessLine: 'content', volume: 'high' } })])).toEqual([
      'warning levels.rules.0.scope: rule "r" applies to no service in the catalog, so it never grades anything',
    ]);
  });

  it('the schema already refuses impossible facts thresholds', () => {
    const bad = (facts: object) =>
      FaultlineConfig.safeParse({ version: 1, levels: { rules: [{ id: 'f', sequence: 'P', level: 1, facts }] } })
        .success;
    expect(bad({ affectedUsersPct: 101 })).toBe(false);
    expect(bad({ dataAssetLevel: 0 })).toBe(false);
    expect(bad({ merchants: -1 })).toBe(false);
    expect(bad({})).toBe(false);
    expect(bad({ affectedUsersPct: 100 })).toBe(true);
  });
});

describe('business rules less strict than generic, for facts and duration rules', () => {
  const generic = (r: object) => ({ id: 'g', sequence: 'P', level: 2, ...r });
  const business = (r: object) => ({
    id: 'b',
    sequence: 'P',
    level: 3,
    kind: 'business',
    scope: { module: 'checkout' },
    ...r,
  });

  it('warns when the business facts imply the generic facts at a less severe level', () => {
    expect(
      lint([generic({ facts: { affectedUsers: 1000 } }), business({ facts: { affectedUsers: 5000, merchants: 1 } })]),
    ).toEqual([
      'warning levels.rules.1: business rule "b" (P3) is less strict than generic rule "g" (P2) for the same condition on service "checkout-api"; the generic level wins there, and a business grade must never be lower than the generic grade',
    ]);
    expect(lint([generic({ facts: { dataAssetLevel: 3 } }), business({ facts: { dataAssetLevel: 2 } })])).toHaveLength(
      1,
    );
    expect(
      lint([generic({ facts: { publicOpinion: 'medium' } }), business({ facts: { publicOpinion: 'high' } })]),
    ).toHaveLength(1);
  });

  it('does not warn when the business facts do not imply the generic ones', () => {
    expect(lint([generic({ facts: { affectedUsers: 1000 } }), business({ facts: { affectedUsers: 500 } })])).toEqual(
      [],
    );
    expect(
      lint([generic({ facts: { affectedUsers: 1000, merchants: 5 } }), business({ facts: { affectedUsers: 5000 } })]),
    ).toEqual([]);
    expect(lint([generic({ facts: { dataAssetLevel: 2 } }), business({ facts: { dataAssetLevel: 3 } })])).toEqual([]);
    expect(
      lint([generic({ facts: { publicOpinion: 'high' } }), business({ facts: { publicOpinion: 'low' } })]),
    ).toEqual([]);
    expect(lint([generic({ facts: { merchants: 5 } }), business({ facts: { merchants: 5 }, level: 1 })])).toEqual([]);
    expect(
      lint([generic({ facts: { merchants: 5 } }), business({ kpiDrop: { percent: 50, windowMinutes: 10 } })]),
    ).toEqual([]);
  });

  it('compares duration rules (never shifted)', () => {
    const g = generic({ level: 1, duration: { minutes: 30, atLevel: 3 } });
    expect(lint([g, business({ level: 2, duration: { minutes: 60, atLevel: 3 } })])).toEqual([
      expect.stringContaining('business rule "b" (P2) is less strict than generic rule "g" (P1)'),
    ]);
    expect(lint([g, business({ level: 2, duration: { minutes: 20, atLevel: 3 } })])).toEqual([]);
    expect(lint([g, business({ level: 1, duration: { minutes: 60, atLevel: 2 } })])).toEqual([]);
  });
});

describe('lintModuleRules', () => {
  const cfg = config([
    alert('critical', 2, ['severity="critical"']),
    alert('checkout-own', 1, ['a="1"'], { scope: { module: 'checkout' } }),
    alert('line', 2, ['b="1"'], { scope: { businessLine: 'commerce' }, kind: 'business' }),
  ]);
  const catalog = buildCatalog(cfg);
  const check = (moduleId: string, rules: unknown[]) =>
    lintModuleRules(cfg, catalog, moduleId, rules).map((p) => `${p.severity} ${p.path}: ${p.message}`);

  it('finds nothing in a clean rule set', () => {
    expect(
      check('checkout', [
        kpi('v1', 1, 30, 1, { scope: {} }),
        kpi('v2', 2, 20, 1),
        { id: 'v3', sequence: 'P', level: 1, kind: 'business', alert: { matchers: ['severity="critical"'] } },
        { id: 'v4', sequence: 'D', level: 2, facts: { dataAssetLevel: 1 } },
        { id: 'v5', sequence: 'P', level: 1, duration: { minutes: 30, atLevel: 2 } },
      ]),
    ).toEqual([]);
    expect(check('checkout', [])).toEqual([]);
  });

  it('reports an unknown module once', () => {
    expect(check('ghost', [{}])).toEqual(['error : unknown module "ghost"']);
  });

  it('parses each rule with the schema first, with paths into the rule set', () => {
    expect(
      check('checkout', [
        kpi('ok', 1, 30, 1),
        { id: 'x', sequence: 'P', level: 1, colour: 'red', alert: { matchers: ['a="1"'] } },
        kpi('bad-pct', 2, 150, 1),
        { id: 'no-seq', level: 1, alert: { matchers: ['a="1"'] } },
        { id: 'two', sequence: 'P', level: 1, alert: { matchers: ['a="1"'] }, facts: { merchants: 1 } },
        { id: 'Bad Id', sequence: 'P', level: 1, facts: { affectedUsersPct: 120 } },
        'not a rule',
      ]),
    ).toEqual([
      'error rules.1.colour: unknown key "colour"',
      'error rules.2.kpiDrop.percent: too big: expected number to be <=100',
      'error rules.3.sequence: required',
      'error rules.4: a rule has exactly one condition: alert, kpiDrop, facts or duration',
      'error rules.5.id: use lowercase letters, digits, ".", "_" or "-"',
      'error rules.5.facts.affectedUsersPct: too big: expected number to be <=100',
      'error rules.6: invalid input: expected object, received string',
    ]);
  });

  it('errors on a rule scoped to another module, accepts its own module', () => {
    expect(check('checkout', [alert('r', 1, ['a="1"'], { scope: { module: 'search' } })])).toEqual([
      'error rules.0.scope.module: a rule of module "checkout" cannot be scoped to module "search"; leave scope.module out',
    ]);
    expect(check('checkout', [alert('r', 1, ['a="1"'], { scope: { module: 'checkout' } })])).toEqual([]);
  });

  it('runs the per-rule checks with the rule scoped to the module', () => {
    expect(
      check('checkout', [
        alert('dup', 1, ['a="1"']),
        alert('dup', 1, ['b="1"']),
        alert('template.checkout.p1', 1, ['c="1"']),
        alert('seq', 1, ['a="1"'], { sequence: 'X' }),
        alert('lvl', 5, ['a="1"']),
        alert('svc', 1, ['a="1"'], { scope: { service: 'promo-api' } }),
        alert('m', 1, ['a=~"("']),
        alert('c', 1, ['a="1"', 'a="2"']),
        { id: 'd', sequence: 'P', level: 2, duration: { minutes: 5, atLevel: 2 } },
      ]),
    ).toEqual([
      'error rules.1.id: duplicate rule id "dup" (first defined at rules.0)',
      'error rules.2.id: rule ids starting with "template." are reserved for generated template rules',
      'error rules.3.sequence: unknown sequence "X" (defined: P, D, R, S)',
      'error rules.4.level: sequence P has 4 levels; level 5 does not exist',
      'warning rules.5.scope: rule "svc" applies to no service in the catalog, so it never grades anything',
      expect.stringMatching(/^error rules\.6\.alert\.matchers\.0: invalid matcher .*invalid regex/),
      'warning rules.7.alert.matchers: rule "c" can never match: a="1" and a="2" cannot both hold for one alert',
      expect.stringMatching(/^error rules\.8\.duration\.atLevel: rule "d" can never upgrade/),
    ]);
  });

  it('warns on an id shared with a configured rule that still applies (not with one the version replaces)', () => {
    expect(check('checkout', [alert('critical', 1, ['x="1"'])])).toEqual([
      'warning rules.0.id: rule id "critical" is also the id of the configured rule levels.rules.0, which still applies; explanations name rules by id, so pick another',
    ]);
    expect(check('checkout', [alert('checkout-own', 1, ['x="1"'])])).toEqual([]);
  });

  it('checks the KPI-drop bands of the set', () => {
    expect(check('checkout', [kpi('v1', 1, 30, 1), kpi('v2', 2, 40, 1)])).toEqual([
      expect.stringMatching(/^error rules\.1: KPI-drop band "v2" .* can never set the level: band "v1"/),
    ]);
    expect(check('checkout', [kpi('v1', 1, 30, 1), kpi('v3', 3, 10, 1)])).toEqual([
      expect.stringMatching(/^warning rules\.1: KPI-drop bands over 1 min \(scope module checkout\) skip P2/),
    ]);
  });

  it('warns on a rule less strict than a configured generic rule that still applies', () => {
    expect(check('checkout', [alert('v', 3, ['severity="critical"', 'team="x"'], { kind: 'business' })])).toEqual([
      'warning rules.0: business rule "v" (P3) is less strict than generic rule "critical" (levels.rules.0) (P2) for the same condition on service "checkout-api"; the generic level wins there, and a business grade must never be lower than the generic grade',
    ]);
    // Whatever the version rule's kind.
    expect(check('checkout', [alert('v', 3, ['severity="critical"'])])).toEqual([
      expect.stringMatching(
        /^warning rules\.0: rule of module "checkout" "v" \(P3\) is less strict than generic rule "critical"/,
      ),
    ]);
    expect(check('checkout', [alert('v', 2, ['severity="critical"'])])).toEqual([]);
    // Not against business rules, nor against the module's own config rules, which the version replaces.
    expect(check('checkout', [alert('v', 4, ['b="1"'])])).toEqual([]);
    expect(check('checkout', [alert('v', 4, ['a="1"'])])).toEqual([]);
  });

  it('accounts for the tier shift of the generic rule on the module', () => {
    // promotions is sub-core: the generic P2 grades it P3.
    expect(check('promotions', [alert('v', 3, ['severity="critical"'])])).toEqual([]);
    expect(check('promotions', [alert('v', 4, ['severity="critical"'])])).toHaveLength(1);
  });

  it('compares generic rules within the set too', () => {
    expect(
      check('checkout', [alert('g', 1, ['x="1"']), alert('b', 2, ['x="1"', 'y="1"'], { kind: 'business' })]),
    ).toEqual([
      expect.stringMatching(/^warning rules\.1: business rule "b" \(P2\) is less strict than generic rule "g" \(P1\)/),
    ]);
  });
});

describe('effectiveModuleRules', () => {
  const cfg = config(
    [
      alert('generic', 2, ['severity="critical"']),
      alert('own', 1, ['a="1"'], { scope: { module: 'checkout' } }),
      alert('line', 2, ['b="1"'], { scope: { businessLine: 'commerce' } }),
      alert('other-line', 2, ['b="1"'], { scope: { businessLine: 'content' } }),
      alert('svc', 2, ['c="1"'], { scope: { service: 'payments-db' } }),
      alert('other-svc', 2, ['c="1"'], { scope: { service: 'promo-api' } }),
      alert('tier', 2, ['d="1"'], { scope: { tier: 'core' } }),
      alert('other-tier', 2, ['d="1"'], { scope: { tier: 'sub-core' } }),
      alert('vol', 2, ['e="1"'], { scope: { volume: 'high' } }),
      alert('other-mod', 2, ['f="1"'], { scope: { module: 'search' } }),
    ],
    true,
  );
  const catalog = buildCatalog(cfg);
  const ids = (rules: LevelRuleConfig[]) => rules.map((r) => `${r.id}:${r.level}`);

  it("lists the module's config and template rules, then the wider rules that apply to it", () => {
    expect(ids(effectiveModuleRules(cfg, catalog, 'checkout'))).toEqual([
      'own:1',
      'template.checkout.p1:1',
      'template.checkout.p2:2',
      'template.checkout.p3:3',
      'generic:2',
      'line:2',
      'svc:2',
      'tier:2',
      'vol:2',
    ]);
  });

  it('lists template rules at the level they grade the module (tier shift applied, risks left out)', () => {
    const promo = effectiveModuleRules(cfg, catalog, 'promotions');
    expect(ids(promo).filter((id) => id.startsWith('template.'))).toEqual([
      'template.promotions.p1:2',
      'template.promotions.p2:3',
      'template.promotions.p3:4',
    ]);
    expect(promo[0]!.description).toContain('sub-core module: graded P2 (tier shift +1)');
    expect(promo[0]!.scope).toEqual({ module: 'promotions' });
    const search = effectiveModuleRules(cfg, catalog, 'search');
    expect(ids(search).filter((id) => id.startsWith('template.'))).toEqual([
      'template.search.p1:3',
      'template.search.p2:4',
    ]);
  });

  it('as a version, the own rules grade the module as before (for the levels that exist)', () => {
    const own = effectiveModuleRules(cfg, catalog, 'promotions').filter((r) => r.scope.module === 'promotions');
    const before = compileRules(cfg, catalog);
    const after = compileRules(cfg, catalog, new Map([['promotions', own]]));
    const service = catalog.service('promo-api')!;
    for (const percent of [20, 29, 30, 44, 45, 100]) {
      const input = { alerts: [], facts: { kpiDrop: { percent, windowMinutes: 10 } }, service };
      expect(grade(input, after).levels).toEqual(grade(input, before).levels);
    }
  });

  it('with an approved version, lists its rules (scoped to the module) instead of the own rules', () => {
    const approved = new Map([
      ['checkout', [LevelRuleConfig.parse(alert('v1', 1, ['z="1"'], { scope: { module: 'other' } }))]],
    ]);
    const rules = effectiveModuleRules(cfg, catalog, 'checkout', approved);
    expect(ids(rules)).toEqual(['v1:1', 'generic:2', 'line:2', 'svc:2', 'tier:2', 'vol:2']);
    expect(rules[0]!.scope).toEqual({ module: 'checkout' });
    expect(ids(effectiveModuleRules(cfg, catalog, 'promotions', approved))).toContain('template.promotions.p1:2');
  });

  it('is empty for an unknown module', () => {
    expect(effectiveModuleRules(cfg, catalog, 'ghost')).toEqual([]);
  });

  it('leaves templates out when they are off', () => {
    const off = config([alert('own', 1, ['a="1"'], { scope: { module: 'checkout' } })]);
    expect(ids(effectiveModuleRules(off, buildCatalog(off), 'checkout'))).toEqual(['own:1']);
  });
});
