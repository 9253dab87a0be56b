/**
 * Suspect-change ranking (issue 9 point 2; DESIGN §7 "Changes"): which recorded changes probably caused an
 * incident, each with its reasons in words and numbers. A pure function of the incident, the changes, the
 * catalog's dependencies and the verdict history; the formula is documented in docs/changes.md.
 *
 * score = 100 × time × topology × labels × rollout × history, where every factor is shown as a reason:
 * - time: 0.5^(minutes from the change's start to impact start / half-life of the change's kind); changes
 *   that started after impact start, or more than the look-back window before it, are not suspects;
 * - topology: same service 1; upstream (the incident's service depends on it) 0.7 per hop; downstream (it
 *   depends on the incident's service) 0.5 per hop; unrelated 0.05; unknown (incident without service) 0.3;
 * - labels: × 1.5 per label (region, cluster, environment…) where the change landed where the fault is,
 *   × 0.3 per label the change and the fault both carry with different values;
 * - rollout: × 1.5 while the change was still rolling out at impact start (no end, or ended after it);
 * - history: 2 × (caused + 1) / (caused + dismissed + 2) over earlier verdicts on changes of the same source
 *   (a Laplace-smoothed hit rate: 1 with no history, towards 2 for a source whose changes were often the
 *   cause, towards 0 for one whose changes were always dismissed).
 *
 * The source of the recovery rule "if a change triggered it, roll it back" and of ranking by time and place
 * is seed 001/003 (locate the cause second; recent releases first); the weights are ours and configurable
 * only by changing this file.
 */

/** A change kind (DESIGN §2 "change"). */
export type ChangeKind = 'deploy' | 'config' | 'flag' | 'migration' | 'infra';

/** Half-life of the time factor per change kind, minutes: a flag flip bites at once, a migration later. */
export const HALF_LIFE_MIN: Readonly<Record<ChangeKind, number>> = {
  deploy: 60,
  config: 30,
  flag: 15,
  migration: 120,
  infra: 60,
};

/** How far before impact start a change may have started and still be a suspect, ms (24 h). */
export const LOOKBACK_MS = 24 * 3_600_000;

/** Topology weights: same service, per upstream hop, per downstream hop, unrelated, unknown. */
export const TOPOLOGY = { same: 1, upstream: 0.7, downstream: 0.5, unrelated: 0.05, unknown: 0.3 } as const;

/** Label factors: the change landed where the fault is / somewhere else. */
export const LABEL_MATCH = 1.5;
export const LABEL_MISMATCH = 0.3;

/** Factor while a change was still rolling out at impact start. */
export const ROLLING_OUT = 1.5;

/** A change as the ranking sees it. */
export interface RankChange {
  id: number;
  kind: ChangeKind;
  summary: string;
  /** Service ids the change landed on (at least one for a ranked change; none = unrelated). */
  services: readonly string[];
  /** Where it landed: region, cluster, environment… */
  labels: Readonly<Record<string, string>>;
  startedAt: Date;
  /** null while it is still rolling out. */
  endedAt: Date | null;
  /** Where it came from, e.g. `cli`, `api`, `pagerduty:<key>`, `webhook:<key>`: the history's key. */
  source: string;
}

/** The incident as the ranking sees it. */
export interface RankIncident {
  /** The incident's service, or null when unknown. */
  service: string | null;
  /** When impact started (DESIGN §6 `impact_started_at`, else detection). */
  impactStartedAt: Date;
  /** Label values of the incident's alerts: label name → the values seen. */
  labels: Readonly<Record<string, readonly string[]>>;
}

/** Earlier verdicts per change source (on other incidents). */
export interface SourceHistory {
  caused: number;
  dismissed: number;
}

/** The catalog's dependencies: service id → the ids it depends on (its upstream). */
export type DependsOn = (service: string) => readonly string[];

/** One reason of a suspect: the signal, its factor in the product, and the words for people. */
export interface SuspectReason {
  signal: 'time' | 'topology' | 'labels' | 'rollout' | 'history';
  factor: number;
  text: string;
}

/** A ranked suspect. */
export interface Suspect {
  changeId: number;
  /** 0..~450; only the order and the reasons mean something. */
  score: number;
  /** 1 = most suspect. */
  rank: number;
  reasons: SuspectReason[];
}

/**
 * How far `to` is from `from` along dependencies: `upstream` when `from` (transitively) depends on `to`,
 * `downstream` when `to` depends on `from`; the nearest wins, upstream first on a tie. null when unrelated.
 */
export function topologyDistance(
  from: string,
  to: string,
  dependsOn: DependsOn,
): { direction: 'same' | 'upstream' | 'downstream'; hops: number } | null {
  if (from === to) return { direction: 'same', hops: 0 };
  const up = hopsAlong(from, to, dependsOn);
  const down = hopsAlong(to, from, dependsOn);
  if (up !== null && (down === null || up <= down)) return { direction: 'upstream', hops: up };
  if (down !== null) return { direction: 'downstream', hops: down };
  return null;
}

/** Breadth-first hops from `start` to `goal` following dependsOn edges; null when unreachable. */
function hopsAlong(start: string, goal: string, dependsOn: DependsOn): number | null {
  const seen = new Set([start]);
  let frontier = [start];
  for (let hops = 1; frontier.length > 0; hops++) {
    const next: string[] = [];
    for (const s of frontier) {
      for (const d of dependsOn(s)) {
        if (d === goal) return hops;
        if (!seen.has(d)) {
          seen.add(d);
          next.push(d);
        }
      }
    }
    frontier = next;
  }
  return null;
}

const round = (n: number, digits = 3): number => Math.round(n * 10 ** digits) / 10 ** digits;

function timeReason(change: RankChange, incident: RankIncident): SuspectReason {
  const halfLife = HALF_LIFE_MIN[change.kind];
  const minutes = (incident.impactStartedAt.getTime() - change.startedAt.getTime()) / 60_000;
  const factor = 0.5 ** (minutes / halfLife);
  return {
    signal: 'time',
    factor: round(factor),
    text: `started ${round(minutes, 1)} min before impact (${change.kind} half-life ${halfLife} min)`,
  };
}

function topologyReason(change: RankChange, incident: RankIncident, dependsOn: DependsOn): SuspectReason {
  if (incident.service === null)
    return { signal: 'topology', factor: TOPOLOGY.unknown, text: 'the incident has no service: place unknown' };
  let best: SuspectReason = {
    signal: 'topology',
    factor: TOPOLOGY.unrelated,
    text: `${change.services.join(', ') || 'no service'} is not connected to ${incident.service}`,
  };
  for (const svc of change.services) {
    const d = topologyDistance(incident.service, svc, dependsOn);
    if (!d) continue;
    const factor =
      d.direction === 'same'
        ? TOPOLOGY.same
        : d.direction === 'upstream'
          ? TOPOLOGY.upstream ** d.hops
          : TOPOLOGY.downstream ** d.hops;
    if (factor <= best.factor) continue;
    const text =
      d.direction === 'same'
        ? `on ${svc}, the incident's service`
        : d.direction === 'upstream'
          ? `on ${svc}, upstream of ${incident.service} (${d.hops} hop${d.hops > 1 ? 's' : ''}: ${incident.service} depends on it)`
          : `on ${svc}, downstream of ${incident.service} (${d.hops} hop${d.hops > 1 ? 's' : ''}: it depends on ${incident.service})`;
    best = { signal: 'topology', factor: round(factor), text };
  }
  return best;
}

function labelReasons(change: RankChange, incident: RankIncident): SuspectReason[] {
  const reasons: SuspectReason[] = [];
  for (const [name, value] of Object.entries(change.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const seen = incident.labels[name];
    if (!seen || seen.length === 0) continue;
    if (seen.includes(value))
      reasons.push({ signal: 'labels', factor: LABEL_MATCH, text: `landed in ${name}=${value}, where the fault is` });
    else
      reasons.push({
        signal: 'labels',
        factor: LABEL_MISMATCH,
        text: `landed in ${name}=${value}; the fault is in ${name}=${[...seen].sort().join('|')}`,
      });
  }
  return reasons;
}

function historyReason(history: SourceHistory | undefined, source: string): SuspectReason | null {
  if (!history || history.caused + history.dismissed === 0) return null;
  const factor = (2 * (history.caused + 1)) / (history.caused + history.dismissed + 2);
  return {
    signal: 'history',
    factor: round(factor),
    text: `earlier changes from ${source}: ${history.caused} caused, ${history.dismissed} dismissed`,
  };
}

/**
 * Ranks the changes that could have caused the incident, most suspect first.
 *
 * A change is a candidate when it started at or before impact start and at most `lookbackMs` before it.
 * Ties (equal scores) go to the change that started later, then the higher id, so the order is total.
 * @param history earlier verdicts per change `source` (on other incidents)
 * @returns suspects with `rank` 1..n and every factor as a reason; empty when no change is a candidate
 */
export function rankSuspects(
  incident: RankIncident,
  changes: readonly RankChange[],
  dependsOn: DependsOn,
  history: ReadonlyMap<string, SourceHistory> = new Map(),
  lookbackMs = LOOKBACK_MS,
): Suspect[] {
  const impact = incident.impactStartedAt.getTime();
  const scored = changes
    .filter((c) => c.startedAt.getTime() <= impact && impact - c.startedAt.getTime() <= lookbackMs)
    .map((c) => {
      const rolling = c.endedAt === null || c.endedAt.getTime() > impact;
      const reasons: SuspectReason[] = [timeReason(c, incident), topologyReason(c, incident, dependsOn)];
      reasons.push(...labelReasons(c, incident));
      if (rolling)
        reasons.push({
          signal: 'rollout',
          factor: ROLLING_OUT,
          text: c.endedAt === null ? 'still rolling out' : `was still rolling out at impact start`,
        });
      const h = historyReason(history.get(c.source), c.source);
      if (h) reasons.push(h);
      const score = round(100 * reasons.reduce((p, r) => p * r.factor, 1), 2);
      return { change: c, score, reasons };
    })
    .sort(
      (a, b) =>
        b.score - a.score || b.change.startedAt.getTime() - a.change.startedAt.getTime() || b.change.id - a.change.id,
    );
  return scored.map((s, i) => ({ changeId: s.change.id, score: s.score, rank: i + 1, reasons: s.reasons }));
}
