/**
 * Topology (DESIGN §5 step 3): an alert on a service whose upstream dependency (in the catalog, `dependsOn`)
 * already has an open incident joins that incident instead of opening and paging a new one. The search walks
 * `dependsOn` breadth-first up to a configurable depth, so the nearest failing dependency wins; the catalog may
 * hold cycles (config lint only refuses a service depending on itself), which the walk tolerates.
 */

/** An open incident as topology sees it. */
export interface OpenIncidentRef {
  readonly id: number;
  /** The service the incident is open on. */
  readonly service: string;
  readonly openedAt: Date;
}

/** What `topologyJoin` needs. */
export interface TopologyInput {
  /** The service the new alert is routed to. */
  readonly service: string;
  /** Each service's upstream dependencies (the catalog's `dependsOn`); unknown ids have none. */
  readonly dependsOn: (service: string) => readonly string[];
  /** The open incidents, by the service they are open on. */
  readonly openIncidents: ReadonlyMap<string, readonly OpenIncidentRef[]>;
  /** How many hops upstream to look: 1 = direct dependencies only; 0 turns topology off. */
  readonly maxDepth: number;
}

/** The incident to join, and why. */
export interface TopologyJoin {
  readonly incident: OpenIncidentRef;
  /** The dependency path from the alert's service to the incident's: `[checkout-api, ledger, payments-db]`. */
  readonly path: readonly string[];
  /** Hops from the alert's service to the incident's (path length − 1). */
  readonly depth: number;
  /** The join reason recorded on the alert. */
  readonly reason: string;
}

/**
 * The open incident an alert on `service` joins through its dependencies, or null to converge as usual.
 * The nearest dependency with an open incident wins; among several at the same depth, the incident opened
 * first, then the lower incident id. Neighbours are visited in id order, so the reported path is stable.
 * The alert's own service is not searched: an incident open there is grouping's business, not topology's.
 */
export function topologyJoin(input: TopologyInput): TopologyJoin | null {
  if (input.maxDepth <= 0) return null;
  const parent = new Map<string, string | null>([[input.service, null]]);
  let frontier = [input.service];
  for (let depth = 1; depth <= input.maxDepth && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const from of frontier) {
      for (const dep of [...input.dependsOn(from)].sort()) {
        if (parent.has(dep)) continue;
        parent.set(dep, from);
        next.push(dep);
      }
    }
    const candidates = next.flatMap((s) => input.openIncidents.get(s) ?? []);
    if (candidates.length > 0) {
      const incident = candidates.reduce((best, c) =>
        c.openedAt.getTime() < best.openedAt.getTime() ||
        (c.openedAt.getTime() === best.openedAt.getTime() && c.id < best.id)
          ? c
          : best,
      );
      const path = pathTo(parent, incident.service);
      return { incident, path, depth, reason: reasonFor(incident, path) };
    }
    frontier = next;
  }
  return null;
}

function pathTo(parent: ReadonlyMap<string, string | null>, service: string): string[] {
  const path: string[] = [];
  for (let s: string | null = service; s !== null; s = parent.get(s) ?? null) path.unshift(s);
  return path;
}

function reasonFor(incident: OpenIncidentRef, path: readonly string[]): string {
  const [from, ...rest] = path;
  const via = rest.slice(0, -1);
  return (
    `topology: ${from} depends on ${incident.service}${via.length ? ` (through ${via.join(' → ')})` : ''}, ` +
    `which has open incident #${incident.id}`
  );
}

/**
 * Every service within `maxDepth` hops up `dependsOn` from any of `services` (the services themselves not
 * included unless another one reaches them): the services whose open incidents topology may join, read once
 * per convergence batch. Cycles are tolerated.
 */
export function upstreamWithin(
  services: Iterable<string>,
  dependsOn: (service: string) => readonly string[],
  maxDepth: number,
): Set<string> {
  const out = new Set<string>();
  for (const start of services) {
    const seen = new Set([start]);
    let frontier = [start];
    for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
      const next: string[] = [];
      for (const from of frontier)
        for (const dep of dependsOn(from)) {
          if (seen.has(dep)) continue;
          seen.add(dep);
          out.add(dep);
          next.push(dep);
        }
      frontier = next;
    }
  }
  return out;
}
