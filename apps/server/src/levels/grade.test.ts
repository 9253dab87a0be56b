import { describe, expect, it } from 'vitest';
import { FaultlineConfig } from '../config/schema.ts';
import { type Tier, type VolumeClass } from '../catalog/config.ts';
import { buildCatalog, type Catalog } from '../catalog/catalog.ts';
import { compileRules, type CompiledRules } from './rules.ts';
import { formatLevel, grade, type GradeInput } from './grade.ts';

const TIERS: Tier[] = ['core', 'sub-core', 'non-core'];
const VOLUMES: VolumeClass[] = ['high', 'medium', 'low', 'very-low'];
const SHIFT: Record<Tier, number> = { core: 0, 'sub-core': 1, 'non-core': 2 };

function setup(raw: object): { catalog: Catalog; rules: CompiledRules } {
  const config = FaultlineConfig.parse({ version: 1, ...raw });
  const catalog = buildCatalog(config);
  return { catalog, rules: compileRules(config, catalog) };
}

const firing = (labels: Record<string, string>) => ({ labels, status: 'firing' as const });
const resolved = (labels: Record<string, string>) => ({ labels, status: 'resolved' as const });

describe('the fault-level template (seed 000) for every tier × volume class × drop band', () => {
  // One module per tier and volume class, templates on, no configured rules.
  const { catalog, rules } = setup({
    catalog: {
      businessLines: [
        {
          id: 'shop',
          modules: TIERS.flatMap((tier) =>
            VOLUMES.map((volume) => ({
              id: `${tier}-${volume}`,
              tier,
              volume,
              services: [{ id: `svc-${tier}-${volume}`, team: 't' }],
            })),
          ),
        },
      ],
    },
  });

  // The seed's table at the core standard, written out: [drop %, core level or null] at the class window.
  const WINDOW: Record<VolumeClass, number> = { high: 1, medium: 10, low: 15, 'very-low': 60 };
  const CORE: Record<VolumeClass, Array<[number, number | null]>> = {
    high: [
      [5, null],
      [9.9, null],
      [10, 3],
      [19.9, 3],
      [20, 2],
      [29.9, 2],
      [30, 1],
      [45, 1],
      [100, 1],
    ],
    medium: [
      [5, null],
      [9.9, null],
      [10, 4],
      [19.9, 4],
      [20, 3],
      [29.9, 3],
      [30, 2],
      [44.9, 2],
      [45, 1],
      [100, 1],
    ],
    low: [
      [5, null],
      [9.9, null],
      [10, 4],
      [19.9, 4],
      [20, 3],
      [29.9, 3],
      [30, 2],
      [44.9, 2],
      [45, 1],
      [100, 1],
    ],
    'very-low': [
      [5, null],
      [19.9, null],
      [20, 4],
      [29.9, 4],
      [30, 3],
      [44.9, 3],
      [45, 2],
      [100, 2],
    ],
  };

  const rows = TIERS.flatMap((tier) =>
    VOLUMES.flatMap((volume) =>
      CORE[volume].flatMap(([percent, core]) => {
        const shifted = core === null ? null : core + SHIFT[tier];
        const expected = shifted === null ? 'none' : shifted > 4 ? 'risk' : `P${shifted}`;
        return [
          { tier, volume, percent, window: WINDOW[volume], expected },
          { tier, volume, percent, window: WINDOW[volume] * 3, expected }, // a longer drop grades the same
          { tier, volume, percent, window: WINDOW[volume] - 0.5, expected: 'none' }, // not sustained long enough
        ];
      }),
    ),
  );

  it.each(rows)(
    '$tier $volume: $percent% over $window min → $expected',
    ({ tier, volume, percent, window, expected }) => {
      const result = grade(
        {
          alerts: [],
          facts: { kpiDrop: { percent, windowMinutes: window } },
          service: catalog.service(`svc-${tier}-${volume}`)!,
        },
        rules,
      );
      const got = result.levels.P !== undefined ? `P${result.levels.P}` : result.risk ? 'risk' : 'none';
      expect(got).toBe(expected);
      if (expected.startsWith('P')) {
        expect(result.explanation).toHaveLength(1);
        expect(result.explanation[0]!.ruleId).toMatch(new RegExp(`^template\\.${tier}-${volume}\\.p\\d$`));
        expect(result.explanation[0]!.evidence[0]).toContain(`KPI dropped ${percent}%`);
      }
    },
  );

  it('explains the tier shift in the evidence', () => {
    const result = grade(
      {
        alerts: [],
        facts: { kpiDrop: { percent: 50, windowMinutes: 10 } },
        service: catalog.service('svc-non-core-medium')!,
      },
      rules,
    );
    expect(result.levels).toEqual({ P: 3 });
    expect(result.explanation[0]!.ruleId).toBe('template.non-core-medium.p1');
    expect(result.explanation[0]!.evidence).toEqual([
      'KPI dropped 50% against its baseline over 10 min (rule: ≥ 45% over ≥ 10 min)',
      'module tier non-core: P1 of the core standard shifted 2 levels lower',
    ]);
  });
});

describe('grade with generic and business rules', () => {
  const { catalog, rules } = setup({
    catalog: {
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
            { id: 'history', tier: 'non-core', volume: 'low', services: [{ id: 'history-api', team: 't' }] },
          ],
        },
        {
          id: 'media',
          modules: [{ id: 'video', tier: 'core', volume: 'low', services: [{ id: 'video-api', team: 't' }] }],
        },
      ],
    },
    levels: {
      templates: false,
      rules: [
        { id: 'generic-critical', sequence: 'P', level: 2, alert: { matchers: ['severity="critical"'] } },
        { id: 'generic-warning', sequence: 'P', level: 3, alert: { matchers: ['severity="warning"'] } },
        {
          id: 'checkout-critical',
          sequence: 'P',
          level: 1,
          kind: 'business',
          scope: { module: 'checkout' },
          alert: { matchers: ['alertname=~"Checkout.*"', 'severity="critical"'] },
        },
        {
          id: 'video-lax',
          sequence: 'P',
          level: 4,
          kind: 'business',
          scope: { module: 'video' },
          alert: { matchers: ['severity="critical"'] },
        },
        {
          id: 'history-lax',
          sequence: 'P',
          level: 4,
          kind: 'business',
          scope: { module: 'history' },
          alert: { matchers: ['severity="critical"'] },
        },
        {
          id: 'promo-tie',
          sequence: 'P',
          level: 3,
          kind: 'business',
          scope: { service: 'promo-api' },
          alert: { matchers: ['severity="critical"'] },
        },
        {
          id: 'commerce-sla',
          sequence: 'S',
          level: 2,
          kind: 'business',
          scope: { businessLine: 'commerce' },
          alert: { matchers: ['slo="breached"'] },
        },
        {
          id: 'db-kpi',
          sequence: 'P',
          level: 1,
          kind: 'business',
          scope: { service: 'payments-db' },
          kpiDrop: { percent: 10, windowMinutes: 1 },
        },
        {
          id: 'high-volume',
          sequence: 'P',
          level: 4,
          scope: { volume: 'high' },
          alert: { matchers: ['team="checkout"'] },
        },
      ],
    },
  });
  const svc = (id: string) => catalog.service(id)!;
  const run = (service: string | null, alerts: GradeInput['alerts'], facts: GradeInput['facts'] = {}) =>
    grade({ alerts, facts, service: service === null ? null : svc(service) }, rules);

  it('grades nothing without signals', () => {
    expect(run('checkout-api', [])).toEqual({ levels: {}, risk: false, explanation: [] });
  });

  it('the most severe level wins: a business P1 over a generic P2', () => {
    const result = run('checkout-api', [firing({ alertname: 'CheckoutErrors', severity: 'critical' })]);
    expect(result.levels).toEqual({ P: 1 });
    expect(result.explanation).toEqual([
      {
        sequence: 'P',
        level: 1,
        ruleId: 'checkout-critical',
        rule: 'P1 (business, module checkout) when a firing alert matches alertname=~"Checkout.*", severity="critical"',
        evidence: ['alertname="CheckoutErrors"', 'severity="critical"'],
      },
    ]);
  });

  it('the generic level holds where the business rule does not match', () => {
    const result = run('checkout-api', [firing({ alertname: 'DiskFull', severity: 'critical' })]);
    expect(result.levels).toEqual({ P: 2 });
    expect(result.explanation[0]!.ruleId).toBe('generic-critical');
  });

  it('a less severe business rule never lowers the generic grade', () => {
    const video = run('video-api', [firing({ severity: 'critical' })]);
    expect(video.levels).toEqual({ P: 2 });
    expect(video.explanation[0]!.ruleId).toBe('generic-critical');
    // history is non-core: the generic P2 shifts to P4, the business rule says P4 too → tie → business.
    const history = run('history-api', [firing({ severity: 'critical' })]);
    expect(history.levels).toEqual({ P: 4 });
    expect(history.explanation[0]!.ruleId).toBe('history-lax');
  });

  it('on equal levels a business rule beats a generic one, whatever the rule order', () => {
    // promo-api is sub-core: the generic P2 shifts to P3, equal to the business promo-tie (P3).
    const result = run('promo-api', [firing({ severity: 'critical' })]);
    expect(result.levels).toEqual({ P: 3 });
    expect(result.explanation[0]!.ruleId).toBe('promo-tie');
  });

  it('shifts rules written for the core standard by the tier: sub-core +1, non-core +2', () => {
    const alerts = [firing({ severity: 'warning' })];
    expect(run('checkout-api', alerts).levels).toEqual({ P: 3 });
    expect(run('promo-api', alerts).levels).toEqual({ P: 4 });
    const promo = run('promo-api', alerts).explanation[0]!;
    expect(promo.evidence).toContain('module tier sub-core: P3 of the core standard shifted 1 level lower');
  });

  it('a shift past the last level is a risk, not a level', () => {
    const result = run('history-api', [firing({ severity: 'warning' })]); // P3 + 2 = P5 > 4
    expect(result).toEqual({ levels: {}, risk: true, explanation: [] });
  });

  it('is not a risk when another sequence has a level', () => {
    const result = run('history-api', [firing({ severity: 'warning', slo: 'breached' })]);
    expect(result.levels).toEqual({ S: 4 }); // the business-line rule S2 is shifted too: S4
    expect(result.risk).toBe(false);
  });

  it('does not shift rules that pin a module or service', () => {
    expect(run('payments-db', [], { kpiDrop: { percent: 12, windowMinutes: 3 } }).levels).toEqual({ P: 1 });
    const result = run('history-api', [firing({ severity: 'critical' })]);
    expect(result.explanation[0]!.evidence).toEqual(['severity="critical"']);
  });

  it('applies a rule only where every scope field matches', () => {
    const slo = [firing({ slo: 'breached' })];
    expect(run('checkout-api', slo).levels).toEqual({ S: 2 }); // businessLine commerce, unshifted on core
    expect(run('promo-api', slo).levels).toEqual({ S: 3 }); // business-line scope pins no module: shifted
    expect(run('video-api', slo).levels).toEqual({}); // another business line
    expect(run('checkout-api', [firing({ team: 'checkout' })]).levels).toEqual({ P: 4 }); // volume high
    expect(run('video-api', [firing({ team: 'checkout' })]).levels).toEqual({}); // volume low
    expect(run('checkout-api', [], { kpiDrop: { percent: 99, windowMinutes: 99 } }).levels).toEqual({}); // db-kpi pins payments-db
  });

  it('with no service applies only unscoped rules, unshifted', () => {
    expect(run(null, [firing({ alertname: 'CheckoutErrors', severity: 'critical', slo: 'breached' })]).levels).toEqual({
      P: 2,
    });
  });

  it('ignores resolved alerts', () => {
    expect(run('checkout-api', [resolved({ alertname: 'CheckoutErrors', severity: 'critical' })]).levels).toEqual({});
    const mixed = run('checkout-api', [
      resolved({ alertname: 'CheckoutErrors', severity: 'critical' }),
      firing({ severity: 'warning' }),
    ]);
    expect(mixed.levels).toEqual({ P: 3 });
  });

  it('needs one alert to match all matchers (not several alerts matching one each)', () => {
    const split = run('checkout-api', [
      firing({ alertname: 'CheckoutErrors', severity: 'warning' }),
      firing({ alertname: 'Other', severity: 'critical' }),
    ]);
    expect(split.levels).toEqual({ P: 2 });
    expect(split.explanation[0]!.ruleId).toBe('generic-critical');
  });

  it('matches anchored regexes', () => {
    expect(run('checkout-api', [firing({ alertname: 'PreCheckoutErrors', severity: 'critical' })]).levels).toEqual({
      P: 2,
    });
    expect(run('checkout-api', [firing({ alertname: 'Checkout', severity: 'critical' })]).levels).toEqual({ P: 1 });
  });

  it('grades every sequence independently, explanations in sequence order', () => {
    const result = run('checkout-api', [firing({ slo: 'breached' }), firing({ severity: 'warning' })]);
    expect(result.levels).toEqual({ P: 3, S: 2 });
    expect(result.explanation.map((e) => e.sequence)).toEqual(['P', 'S']);
  });

  it('reports how many firing alerts matched and picks the same evidence whatever the order', () => {
    const a = firing({ alertname: 'B', severity: 'critical' });
    const b = firing({ alertname: 'A', severity: 'critical' });
    const one = run('video-api', [a, b]);
    const two = run('video-api', [b, a]);
    expect(one).toEqual(two);
    expect(one.explanation[0]!.evidence).toEqual(['alertname="A"', 'severity="critical"', '2 firing alerts match']);
  });

  it('matches KPI-drop rules on percent and window, both inclusive', () => {
    expect(run('payments-db', [], { kpiDrop: { percent: 10, windowMinutes: 1 } }).levels).toEqual({ P: 1 });
    expect(run('payments-db', [], { kpiDrop: { percent: 9.99, windowMinutes: 60 } }).levels).toEqual({});
    expect(run('payments-db', [], { kpiDrop: { percent: 50, windowMinutes: 0.5 } }).levels).toEqual({});
  });
});

describe('tie-breaks between rules of the same kind', () => {
  it('the earlier rule wins', () => {
    const { rules } = setup({
      levels: {
        templates: false,
        rules: [
          { id: 'first', sequence: 'P', level: 2, alert: { matchers: ['a="1"'] } },
          { id: 'second', sequence: 'P', level: 2, alert: { matchers: ['b="1"'] } },
          { id: 'b-first', sequence: 'D', level: 1, kind: 'business', alert: { matchers: ['a="1"'] } },
          { id: 'b-second', sequence: 'D', level: 1, kind: 'business', alert: { matchers: ['b="1"'] } },
        ],
      },
    });
    const result = grade({ alerts: [firing({ a: '1', b: '1' })], facts: {}, service: null }, rules);
    expect(result.explanation.map((e) => e.ruleId)).toEqual(['first', 'b-first']);
  });

  it('uses a custom sequence and its level count', () => {
    const { rules } = setup({
      levels: {
        sequences: [{ id: 'X', name: 'Custom', levels: 2 }],
        rules: [{ id: 'x', sequence: 'X', level: 2, alert: { matchers: ['a="1"'] } }],
      },
    });
    expect(grade({ alerts: [firing({ a: '1' })], facts: {}, service: null }, rules).levels).toEqual({ X: 2 });
  });
});

describe('formatLevel', () => {
  it('joins the sequence and the level number', () => {
    expect(formatLevel('P', 2)).toBe('P2');
    expect(formatLevel('S', 1)).toBe('S1');
  });
});
