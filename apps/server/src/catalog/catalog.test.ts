import { describe, expect, it } from 'vitest';
import { FaultlineConfig } from '../config/schema.ts';
import { buildCatalog } from './catalog.ts';

const config = FaultlineConfig.parse({
  version: 1,
  catalog: {
    businessLines: [
      {
        id: 'commerce',
        modules: [
          {
            id: 'checkout',
            name: 'Checkout',
            tier: 'core',
            volume: 'high',
            services: [
              {
                id: 'checkout-api',
                name: 'Checkout API',
                team: 'payments',
                aliases: ['checkout', 'co'],
                dependsOn: ['payments-db'],
              },
              { id: 'payments-db', team: 'payments' },
            ],
          },
        ],
      },
      {
        id: 'content',
        modules: [
          {
            id: 'search',
            tier: 'non-core',
            volume: 'low',
            services: [
              { id: 'search-api', team: 'storefront', aliases: ['co', 'payments-db'] },
              // duplicate id: the first declaration wins
              { id: 'checkout-api', team: 'storefront' },
            ],
          },
        ],
      },
    ],
  },
  teams: [
    {
      id: 'payments',
      name: 'Payments',
      members: [
        { name: 'Alex', email: 'oncall@example.com', timeZone: 'Europe/Berlin' },
        { name: 'Kim', email: 'kim@example.com' },
      ],
      oncall: ['OnCall@example.com', 'ghost@example.com', 'oncall@example.com'],
    },
    { id: 'storefront', members: [], oncall: [] },
    { id: 'payments', members: [], oncall: [] },
  ],
});

describe('buildCatalog', () => {
  const catalog = buildCatalog(config);

  it('flattens a service with its module and business line', () => {
    expect(catalog.service('checkout-api')).toEqual({
      id: 'checkout-api',
      name: 'Checkout API',
      team: 'payments',
      module: 'checkout',
      businessLine: 'commerce',
      tier: 'core',
      volume: 'high',
      dependsOn: ['payments-db'],
      aliases: ['checkout', 'co'],
      escalationPolicy: null,
    });
    expect(catalog.service('search-api')).toMatchObject({
      module: 'search',
      businessLine: 'content',
      tier: 'non-core',
      volume: 'low',
    });
  });

  it('defaults a name to the id', () => {
    expect(catalog.service('payments-db')?.name).toBe('payments-db');
    expect(catalog.team('storefront')?.name).toBe('storefront');
    expect(catalog.module('search')?.name).toBe('search');
  });

  it('returns undefined for an unknown id', () => {
    expect(catalog.service('nope')).toBeUndefined();
    expect(catalog.team('nope')).toBeUndefined();
    expect(catalog.module('nope')).toBeUndefined();
  });

  it('lists services, modules and teams in config order, first declaration winning', () => {
    expect(catalog.services().map((s) => s.id)).toEqual(['checkout-api', 'payments-db', 'search-api']);
    expect(catalog.modules().map((m) => [m.id, m.businessLine, m.services])).toEqual([
      ['checkout', 'commerce', ['checkout-api', 'payments-db']],
      ['search', 'content', ['search-api', 'checkout-api']],
    ]);
    expect(catalog.teams().map((t) => t.id)).toEqual(['payments', 'storefront']);
    expect(catalog.service('checkout-api')?.team).toBe('payments');
  });

  describe('resolveService', () => {
    it('matches an id first', () => {
      expect(catalog.resolveService('payments-db')?.id).toBe('payments-db'); // also an alias of search-api
    });
    it('then an alias, the first declaring service winning', () => {
      expect(catalog.resolveService('checkout')?.id).toBe('checkout-api');
      expect(catalog.resolveService('co')?.id).toBe('checkout-api');
    });
    it('is exact and case-sensitive', () => {
      expect(catalog.resolveService('Checkout')).toBeUndefined();
      expect(catalog.resolveService('')).toBeUndefined();
      expect(catalog.resolveService('constructor')).toBeUndefined();
    });
  });

  it("resolves a team's on-call emails to members, case-insensitively, once each, dropping non-members", () => {
    const team = catalog.team('payments')!;
    expect(team.name).toBe('Payments');
    expect(team.members).toHaveLength(2);
    expect(team.oncall).toEqual([{ name: 'Alex', email: 'oncall@example.com', timeZone: 'Europe/Berlin' }]);
    expect(catalog.team('storefront')?.oncall).toEqual([]);
  });

  it('builds an empty catalog from a minimal config', () => {
    const empty = buildCatalog(FaultlineConfig.parse({ version: 1 }));
    expect(empty.services()).toEqual([]);
    expect(empty.teams()).toEqual([]);
    expect(empty.resolveService('x')).toBeUndefined();
  });
});
