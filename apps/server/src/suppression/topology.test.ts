import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { topologyJoin, upstreamWithin, type OpenIncidentRef } from './topology.ts';

const graph: Record<string, string[]> = {
  'checkout-api': ['payments-api', 'cart-api'],
  'payments-api': ['payments-db', 'ledger'],
  'cart-api': ['cache'],
  ledger: ['payments-db'],
  'payments-db': [],
  cache: ['checkout-api'], // a cycle back to the start
};
const dependsOn = (s: string) => graph[s] ?? [];
const inc = (id: number, service: string, openedAt = '2026-11-21T12:00:00Z'): OpenIncidentRef => ({
  id,
  service,
  openedAt: new Date(openedAt),
});
const open = (...list: OpenIncidentRef[]) => {
  const m = new Map<string, OpenIncidentRef[]>();
  for (const i of list) m.set(i.service, [...(m.get(i.service) ?? []), i]);
  return m;
};

describe('topologyJoin', () => {
  it('joins the open incident of a direct dependency, saying so', () => {
    expect(
      topologyJoin({ service: 'checkout-api', dependsOn, openIncidents: open(inc(42, 'payments-api')), maxDepth: 2 }),
    ).toEqual({
      incident: inc(42, 'payments-api'),
      path: ['checkout-api', 'payments-api'],
      depth: 1,
      reason: 'topology: checkout-api depends on payments-api, which has open incident #42',
    });
  });

  it('looks deeper only within maxDepth, and names the path', () => {
    const incidents = open(inc(7, 'payments-db'));
    expect(topologyJoin({ service: 'checkout-api', dependsOn, openIncidents: incidents, maxDepth: 1 })).toBeNull();
    const j = topologyJoin({ service: 'checkout-api', dependsOn, openIncidents: incidents, maxDepth: 2 });
    expect(j?.path).toEqual(['checkout-api', 'payments-api', 'payments-db']);
    expect(j?.reason).toBe(
      'topology: checkout-api depends on payments-db (through payments-api), which has open incident #7',
    );
    expect(topologyJoin({ service: 'checkout-api', dependsOn, openIncidents: incidents, maxDepth: 0 })).toBeNull();
  });

  it('prefers the nearest dependency over an older incident further up', () => {
    const j = topologyJoin({
      service: 'checkout-api',
      dependsOn,
      openIncidents: open(inc(1, 'payments-db', '2026-11-21T08:00:00Z'), inc(2, 'cart-api', '2026-11-21T11:00:00Z')),
      maxDepth: 3,
    });
    expect(j?.incident.id).toBe(2);
  });

  it('breaks ties at one depth by the incident opened first, then the lower id', () => {
    const j = topologyJoin({
      service: 'checkout-api',
      dependsOn,
      openIncidents: open(inc(9, 'payments-api', '2026-11-21T10:00:00Z'), inc(5, 'cart-api', '2026-11-21T11:00:00Z')),
      maxDepth: 1,
    });
    expect(j?.incident.id).toBe(9);
    const tie = topologyJoin({
      service: 'checkout-api',
      dependsOn,
      openIncidents: open(inc(9, 'payments-api'), inc(5, 'cart-api'), inc(3, 'cart-api')),
      maxDepth: 1,
    });
    expect(tie?.incident.id).toBe(3);
  });

  it("ignores an incident on the alert's own service, and survives the cycle back to it", () => {
    expect(
      topologyJoin({ service: 'checkout-api', dependsOn, openIncidents: open(inc(1, 'checkout-api')), maxDepth: 10 }),
    ).toBeNull();
    expect(
      topologyJoin({ service: 'cache', dependsOn, openIncidents: open(inc(1, 'checkout-api')), maxDepth: 10 })?.path,
    ).toEqual(['cache', 'checkout-api']);
  });

  it('on any graph, joins an incident at the shortest distance, along a real path (property)', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const g = fc.dictionary(fc.constantFrom(...names), fc.subarray(names), { maxKeys: 6 });
    fc.assert(
      fc.property(
        g,
        fc.subarray(names),
        fc.constantFrom(...names),
        fc.integer({ min: 0, max: 6 }),
        (edges, withIncident, from, maxDepth) => {
          const deps = (s: string) => edges[s] ?? [];
          const incidents = open(...withIncident.map((s, i) => inc(i + 1, s)));
          const j = topologyJoin({ service: from, dependsOn: deps, openIncidents: incidents, maxDepth });
          // reference: plain BFS distances
          const dist = new Map([[from, 0]]);
          const queue = [from];
          while (queue.length) {
            const s = queue.shift()!;
            for (const d of deps(s)) {
              if (dist.has(d)) continue;
              dist.set(d, dist.get(s)! + 1);
              queue.push(d);
            }
          }
          const reachable = withIncident.filter((s) => s !== from && dist.has(s) && dist.get(s)! <= maxDepth);
          if (reachable.length === 0) {
            expect(j).toBeNull();
            return;
          }
          const best = Math.min(...reachable.map((s) => dist.get(s)!));
          expect(j?.depth).toBe(best);
          expect(dist.get(j!.incident.service)).toBe(best);
          for (let k = 1; k < j!.path.length; k++) expect(deps(j!.path[k - 1]!)).toContain(j!.path[k]);
        },
      ),
    );
  });
});

describe('upstreamWithin', () => {
  it('collects the services within the depth up dependsOn, through cycles, never a start it does not reach', () => {
    expect([...upstreamWithin(['checkout-api'], dependsOn, 1)].sort()).toEqual(['cart-api', 'payments-api']);
    expect([...upstreamWithin(['checkout-api'], dependsOn, 2)].sort()).toEqual([
      'cache',
      'cart-api',
      'ledger',
      'payments-api',
      'payments-db',
    ]);
    // cache → checkout-api → cart-api → cache is a cycle: the walk ends, and cache is not its own upstream.
    expect([...upstreamWithin(['cache'], dependsOn, 3)].sort()).toEqual([
      'cart-api',
      'checkout-api',
      'ledger',
      'payments-api',
      'payments-db',
    ]);
    expect(upstreamWithin(['checkout-api'], dependsOn, 0).size).toBe(0);
  });

  it('holds every service topologyJoin may join (property)', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...names), fc.subarray(names), { maxKeys: 5 }),
        fc.constantFrom(...names),
        fc.integer({ min: 1, max: 5 }),
        (edges, from, maxDepth) => {
          const deps = (s: string) => edges[s] ?? [];
          const everywhere = open(...names.map((s, i) => inc(i + 1, s)));
          const scope = upstreamWithin([from], deps, maxDepth);
          for (const target of names) {
            const only = new Map([...everywhere].filter(([s]) => s === target));
            const j = topologyJoin({ service: from, dependsOn: deps, openIncidents: only, maxDepth });
            if (j) expect(scope.has(j.incident.service)).toBe(true);
          }
        },
      ),
    );
  });
});
