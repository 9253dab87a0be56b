import { describe, expect, it } from 'vitest';
import { FaultlineConfig } from './schema.ts';
import { lintConfig } from './lint.ts';

/** Where the schedule look-ahead starts (no test here has a schedule; lint still needs a now). */
const NOW = new Date('2026-11-21T12:00:00Z');

interface RawService {
  id: string;
  team: string;
  aliases: string[];
  dependsOn: string[];
}
interface RawTeam {
  id: string;
  members: Array<{ name: string; email: string; timeZone?: string }>;
  oncall: string[];
}

/** A clean config; each test breaks one thing. */
function base() {
  return {
    version: 1 as const,
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
                { id: 'checkout-api', team: 'payments', aliases: ['checkout'], dependsOn: ['payments-db'] },
                { id: 'payments-db', team: 'payments', aliases: [], dependsOn: [] },
              ] as RawService[],
            },
            {
              id: 'promotions',
              tier: 'sub-core',
              volume: 'medium',
              services: [{ id: 'promo-api', team: 'storefront', aliases: [], dependsOn: [] }] as RawService[],
            },
          ],
        },
      ],
    },
    teams: [
      {
        id: 'payments',
        members: [{ name: 'Alex', email: 'oncall@example.com', timeZone: 'Europe/Berlin' }],
        oncall: ['oncall@example.com'],
      },
      { id: 'storefront', members: [{ name: 'Sam', email: 'sam@example.com' }], oncall: ['sam@example.com'] },
    ] as RawTeam[],
    levels: {
      templates: true,
      rules: [
        {
          id: 'critical',
          sequence: 'P',
          level: 2,
          kind: 'generic',
          alert: { matchers: ['severity="critical"'] },
        } as Record<string, unknown>,
      ],
    },
    integrations: [
      {
        key: 'alertmanager-1',
        source: 'alertmanager',
        routeByLabel: 'service',
        fallbackService: 'checkout-api',
      } as Record<string, unknown>,
    ],
  };
}
type Raw = ReturnType<typeof base>;

function lint(change: (raw: Raw) => void = () => {}) {
  const raw = base();
  change(raw);
  return lintConfig(FaultlineConfig.parse(raw), NOW).map((p) => `${p.severity} ${p.path}: ${p.message}`);
}
const services = (raw: Raw) => raw.catalog.businessLines[0]!.modules[0]!.services;
const rule = (r: Record<string, unknown>) => ({ sequence: 'P', kind: 'generic', ...r });

describe('lintConfig', () => {
  it('finds nothing in a clean config', () => {
    expect(lint()).toEqual([]);
  });

  describe('duplicate ids', () => {
    it('business lines', () => {
      expect(lint((r) => r.catalog.businessLines.push({ id: 'commerce', modules: [] }))).toEqual([
        'error catalog.businessLines.1.id: duplicate business line id "commerce" (first defined at catalog.businessLines.0); business line ids are unique across the catalog',
      ]);
    });

    it('modules and services across the whole catalog', () => {
      const problems = lint((r) =>
        r.catalog.businessLines.push({
          id: 'other',
          modules: [
            {
              id: 'checkout',
              tier: 'core',
              volume: 'low',
              services: [{ id: 'payments-db', team: 'payments', aliases: [] }],
            },
          ],
        } as never),
      );
      expect(problems).toEqual([
        'error catalog.businessLines.1.modules.0.id: duplicate module id "checkout" (first defined at catalog.businessLines.0.modules.0); module ids are unique across the catalog',
        'error catalog.businessLines.1.modules.0.services.0.id: duplicate service id "payments-db" (first defined at catalog.businessLines.0.modules.0.services.1); service ids are unique across the catalog',
      ]);
    });

    it('teams, rules, sequences and integration keys', () => {
      const problems = lint((r) => {
        r.teams.push({ id: 'payments', members: [], oncall: [] });
        r.levels.rules.push(rule({ id: 'critical', level: 1, alert: { matchers: ['a="b"'] } }));
        (r.levels as Record<string, unknown>).sequences = [
          { id: 'P', name: 'P', levels: 4 },
          { id: 'P', name: 'again', levels: 3 },
        ];
        r.integrations.push({ key: 'alertmanager-1', source: 'generic', service: 'promo-api' });
      });
      expect(problems).toEqual([
        'error teams.2.id: duplicate team id "payments" (first defined at teams.0)',
        'error integrations.1.key: duplicate integration key (first defined at integrations.0)',
        'error levels.sequences.1.id: duplicate sequence id "P"',
        'error levels.rules.1.id: duplicate rule id "critical" (first defined at levels.rules.0)',
      ]);
    });
  });

  describe('services', () => {
    it("errors on a service's unknown team", () => {
      expect(lint((r) => (services(r)[1]!.team = 'dba'))).toEqual([
        'error catalog.businessLines.0.modules.0.services.1.team: service "payments-db" names team "dba", which is not defined under teams',
      ]);
    });

    it('errors on dependsOn naming an unknown service or itself', () => {
      expect(lint((r) => (services(r)[1]!.dependsOn = ['cache', 'payments-db']))).toEqual([
        'error catalog.businessLines.0.modules.0.services.1.dependsOn.0: service "payments-db" depends on unknown service "cache"',
        'error catalog.businessLines.0.modules.0.services.1.dependsOn.1: service "payments-db" depends on itself',
      ]);
    });

    it('warns on an alias that is another service id or another service alias', () => {
      expect(lint((r) => (services(r)[1]!.aliases = ['checkout', 'promo-api', 'payments-db']))).toEqual([
        'warning catalog.businessLines.0.modules.0.services.1.aliases.0: alias "checkout" of service "payments-db" is also an alias of service "checkout-api", which is declared first and wins',
        'warning catalog.businessLines.0.modules.0.services.1.aliases.1: alias "promo-api" of service "payments-db" is the id of another service, which wins: the alias never routes here',
      ]);
    });
  });

  describe('teams and on-call', () => {
    it('errors on an on-call email that is not a member (case-insensitive match)', () => {
      expect(lint((r) => (r.teams[0]!.oncall = ['OnCall@Example.com', 'kim@example.com']))).toEqual([
        'error teams.0.oncall.1: on-call "kim@example.com" is not a member of team "payments"; add them under members',
      ]);
    });

    it('warns on a team with nobody on call and on each service nobody would be paged for', () => {
      expect(lint((r) => (r.teams[0]!.oncall = []))).toEqual([
        'warning catalog.businessLines.0.modules.0.services.0.team: nobody would be paged for service "checkout-api": its team "payments" has nobody on call',
        'warning catalog.businessLines.0.modules.0.services.1.team: nobody would be paged for service "payments-db": its team "payments" has nobody on call',
        'warning teams.0.oncall: team "payments" has nobody on call',
      ]);
    });

    it('warns on an unused team', () => {
      expect(
        lint((r) =>
          r.teams.push({ id: 'idle', members: [{ name: 'I', email: 'i@example.com' }], oncall: ['i@example.com'] }),
        ),
      ).toEqual(['warning teams.2: team "idle" owns no service']);
    });

    it('warns on a duplicate member and errors on an unknown time zone', () => {
      const problems = lint((r) =>
        r.teams[1]!.members.push(
          { name: 'Sam again', email: 'SAM@example.com' },
          { name: 'Lee', email: 'lee@example.com', timeZone: 'Mars/Olympus' },
        ),
      );
      expect(problems).toEqual([
        'warning teams.1.members.1.email: "SAM@example.com" is listed twice among the members of team "storefront"',
        'error teams.1.members.2.timeZone: unknown IANA time zone "Mars/Olympus" (e.g. Europe/Berlin, America/New_York, UTC)',
      ]);
    });
  });

  describe('integrations', () => {
    it('errors on an unknown service or fallbackService', () => {
      const problems = lint((r) => {
        r.integrations[0]!.fallbackService = 'nope';
        r.integrations.push({ key: 'pagerduty-1', source: 'pagerduty', service: 'ghost' });
      });
      expect(problems).toEqual([
        'error integrations.0.fallbackService: fallbackService "nope" is not a service in the catalog',
        'error integrations.1.service: integration routes to unknown service "ghost"',
      ]);
    });

    it('warns on a fallbackService next to a fixed service', () => {
      expect(
        lint((r) =>
          r.integrations.push({
            key: 'pagerduty-1',
            source: 'pagerduty',
            service: 'payments-db',
            fallbackService: 'checkout-api',
          }),
        ),
      ).toEqual([
        'warning integrations.1.fallbackService: fallbackService is only used with routeByLabel; this integration has a fixed service',
      ]);
    });
  });

  describe('level rules', () => {
    it("errors on an unknown sequence and on a level past the sequence's last", () => {
      const problems = lint((r) => {
        r.levels.rules.push(rule({ id: 'x', sequence: 'X', level: 1, alert: { matchers: ['a="b"'] } }));
        r.levels.rules.push(rule({ id: 'p5', level: 5, alert: { matchers: ['a="b"'] } }));
      });
      expect(problems).toEqual([
        'error levels.rules.1.sequence: unknown sequence "X" (defined: P, D, R, S)',
        'error levels.rules.2.level: sequence P has 4 levels; level 5 does not exist',
      ]);
    });

    it('errors on a scope naming an unknown business line, module or service', () => {
      const problems = lint((r) =>
        r.levels.rules.push(
          rule({
            id: 's',
            kind: 'business',
            level: 1,
            scope: { businessLine: 'bank', module: 'login', service: 'auth' },
            alert: { matchers: ['a="b"'] },
          }),
        ),
      );
      expect(problems).toEqual([
        'error levels.rules.1.scope.businessLine: unknown business line "bank"',
        'error levels.rules.1.scope.module: unknown module "login"',
        'error levels.rules.1.scope.service: unknown service "auth"',
      ]);
    });

    it('warns on a scope that matches no service', () => {
      expect(
        lint((r) =>
          r.levels.rules.push(
            rule({
              id: 's',
              level: 1,
              scope: { module: 'checkout', tier: 'non-core' },
              alert: { matchers: ['a="b"'] },
            }),
          ),
        ),
      ).toEqual([
        'warning levels.rules.1.scope: rule "s" applies to no service in the catalog, so it never grades anything',
      ]);
    });

    it('errors on invalid matcher syntax, an invalid regex and an empty matcher list', () => {
      const problems = lint((r) => {
        r.levels.rules.push(rule({ id: 'm1', level: 1, alert: { matchers: ['severity', 'job=~"("'] } }));
        r.levels.rules.push(rule({ id: 'm2', level: 1, alert: { matchers: ['{}'] } }));
      });
      expect(problems).toHaveLength(3);
      expect(problems[0]).toMatch(
        /^error levels\.rules\.1\.alert\.matchers\.0: invalid matcher "severity": expected an operator/,
      );
      expect(problems[1]).toMatch(
        /^error levels\.rules\.1\.alert\.matchers\.1: invalid matcher "job=~\\"\(\\"": invalid regex for "job"/,
      );
      expect(problems[2]).toBe(
        'error levels.rules.2.alert.matchers: no matchers: the rule would match every alert; add at least one label matcher',
      );
    });

    it('reserves the template. id prefix', () => {
      expect(
        lint((r) =>
          r.levels.rules.push(rule({ id: 'template.checkout.p1', level: 1, alert: { matchers: ['a="b"'] } })),
        ),
      ).toEqual([
        'error levels.rules.1.id: rule ids starting with "template." are reserved for generated template rules',
      ]);
    });

    it('warns when templates are on without a P sequence', () => {
      const problems = lint((r) => {
        (r.levels as Record<string, unknown>).sequences = [{ id: 'S', name: 'SLA', levels: 4 }];
        r.levels.rules = [];
      });
      expect(problems).toEqual([
        'warning levels.templates: templates grade the P sequence, which is not defined: no template rule is generated',
      ]);
    });
  });

  describe('business rules less strict than generic rules (seed 001)', () => {
    const business = (r: Record<string, unknown>) => rule({ kind: 'business', id: 'b', ...r });

    it('warns on the same alert matchers at a less severe level', () => {
      expect(
        lint((r) =>
          r.levels.rules.push(
            business({ level: 3, scope: { module: 'checkout' }, alert: { matchers: ['severity="critical"'] } }),
          ),
        ),
      ).toEqual([
        'warning levels.rules.1: business rule "b" (P3) is less strict than generic rule "critical" (P2) for the same condition on service "checkout-api"; the generic level wins there, and a business grade must never be lower than the generic grade',
      ]);
    });

    it('warns when the business matchers include the generic ones (the generic rule matches whenever it does)', () => {
      const problems = lint((r) =>
        r.levels.rules.push(
          business({
            level: 4,
            scope: { service: 'payments-db' },
            alert: { matchers: ['{alertname=~"Db.*", severity="critical"}'] },
          }),
        ),
      );
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain('on service "payments-db"');
    });

    it('accounts for the tier shift of the generic rule', () => {
      // promotions is sub-core: the generic P2 grades it P3, so a business P3 is equally strict, a P4 is not.
      expect(
        lint((r) =>
          r.levels.rules.push(
            business({ level: 3, scope: { module: 'promotions' }, alert: { matchers: ['severity="critical"'] } }),
          ),
        ),
      ).toEqual([]);
      expect(
        lint((r) =>
          r.levels.rules.push(
            business({ level: 4, scope: { module: 'promotions' }, alert: { matchers: ['severity="critical"'] } }),
          ),
        ),
      ).toHaveLength(1);
    });

    it('does not warn for different conditions, different sequences, or a stricter business rule', () => {
      expect(
        lint((r) =>
          r.levels.rules.push(
            business({ level: 4, scope: { module: 'checkout' }, alert: { matchers: ['severity="warning"'] } }),
          ),
        ),
      ).toEqual([]);
      expect(
        lint((r) =>
          r.levels.rules.push(
            business({
              sequence: 'S',
              level: 4,
              scope: { module: 'checkout' },
              alert: { matchers: ['severity="critical"'] },
            }),
          ),
        ),
      ).toEqual([]);
      expect(
        lint((r) =>
          r.levels.rules.push(
            business({ level: 1, scope: { module: 'checkout' }, alert: { matchers: ['severity="critical"'] } }),
          ),
        ),
      ).toEqual([]);
    });

    it('compares KPI-drop rules over the same window', () => {
      const withGeneric = (r: Raw) =>
        r.levels.rules.push(rule({ id: 'g-kpi', level: 2, kpiDrop: { percent: 30, windowMinutes: 10 } }));
      // Needs a bigger drop for a lower grade: less strict.
      expect(
        lint((r) => {
          withGeneric(r);
          r.levels.rules.push(
            business({ level: 3, scope: { module: 'checkout' }, kpiDrop: { percent: 40, windowMinutes: 10 } }),
          );
        }),
      ).toEqual([expect.stringContaining('business rule "b" (P3) is less strict than generic rule "g-kpi" (P2)')]);
      // A smaller drop for a lower grade is a lower band, not a weaker rule.
      expect(
        lint((r) => {
          withGeneric(r);
          r.levels.rules.push(
            business({ level: 3, scope: { module: 'checkout' }, kpiDrop: { percent: 20, windowMinutes: 10 } }),
          );
        }),
      ).toEqual([]);
    });

    it('compares unscoped rules even without services', () => {
      const problems = lintConfig(
        FaultlineConfig.parse({
          version: 1,
          levels: {
            templates: false,
            rules: [
              { id: 'g', sequence: 'P', level: 1, alert: { matchers: ['a="1"'] } },
              { id: 'b', sequence: 'P', level: 2, kind: 'business', alert: { matchers: ['a="1"'] } },
            ],
          },
        }),
        NOW,
      );
      expect(problems.map((p) => p.path)).toEqual(['levels.rules.1']);
    });
  });
});

describe('KPI watch lint', () => {
  const base = {
    version: 1,
    catalog: {
      businessLines: [
        { id: 'b', modules: [{ id: 'm', tier: 'core', volume: 'high', services: [{ id: 's', team: 't' }] }] },
      ],
    },
    teams: [{ id: 't', members: [{ name: 'A', email: 'a@example.com' }], oncall: ['a@example.com'] }],
  };
  const lint = (kpiWatches: unknown[], extra: Record<string, unknown> = {}) =>
    lintConfig(FaultlineConfig.parse({ ...base, kpiWatches, ...extra }), NOW).filter((p) =>
      p.path.startsWith('kpiWatches'),
    );

  it('accepts a watch on a known module with prometheus configured', () => {
    const w = { id: 'w', module: 'm', query: 'up', baseline: { kind: 'static', value: 1 } };
    expect(lint([w], { prometheus: { url: 'http://127.0.0.1:9090' } })).toEqual([]);
  });
  it('reports an unknown module, a service outside the module, duplicates and a missing prometheus', () => {
    const w = (id: string, extra: Record<string, unknown>) => ({
      id,
      module: 'm',
      query: 'up',
      baseline: { kind: 'static', value: 1 },
      ...extra,
    });
    const problems = lint([w('a', { module: 'nope' }), w('b', { service: 'elsewhere' }), w('b', {})]);
    expect(problems.map((p) => [p.path, p.severity])).toEqual(
      expect.arrayContaining([
        ['kpiWatches.0.module', 'error'],
        ['kpiWatches.1.service', 'error'],
        ['kpiWatches.2.id', 'error'],
        ['kpiWatches.1.source', 'error'],
      ]),
    );
  });
});
