/**
 * Coalescing automatic upgrades (DESIGN §4–§5): successive automatic upgrades of one incident within a short
 * window page once, at the highest level reached, instead of once per step (a sudden KPI drop graded P3, P2
 * then P1 within ten seconds used to page the on-call three times and leadership twice).
 *
 * The first unpaged upgrade opens the window; the page goes out when the window closes, or at once when an
 * upgrade reaches the most severe level, since nothing can outrank it and waiting would only delay the worst
 * news.
 */

/** One automatic upgrade not yet paged. Lower `level` is more severe (P1 < P2). */
export interface PendingUpgrade {
  readonly at: Date;
  /** The level sequence (`P`, or a business sequence). */
  readonly sequence: string;
  readonly level: number;
  /** `P1`. */
  readonly label: string;
}

/** `wait` until `until` (set a timer there), then ask again; `page` now, once, at the highest levels. */
export type UpgradePageDecision =
  | { readonly action: 'none' }
  | { readonly action: 'wait'; readonly until: Date }
  | {
      readonly action: 'page';
      /** The most severe pending upgrade of each sequence, in sequence order. */
      readonly upgrades: readonly PendingUpgrade[];
      /** How many upgrades this one page stands for. */
      readonly coalesced: number;
      /** Notification step name, as `pagesFor` builds it: `upgrade-P1`. */
      readonly step: string;
    };

/**
 * Decides when the pending upgrades of one incident page.
 * @param pending the upgrades since the incident last paged (any order)
 * @param windowMs how long the first of them may wait for more (0: page every upgrade at once)
 * @param mostSevere the most severe level of any sequence (1 for P1)
 */
export function decideUpgradePage(
  pending: readonly PendingUpgrade[],
  windowMs: number,
  now: Date,
  mostSevere = 1,
): UpgradePageDecision {
  if (pending.length === 0) return { action: 'none' };
  const first = Math.min(...pending.map((u) => u.at.getTime()));
  const until = first + windowMs;
  const reachedTop = pending.some((u) => u.level <= mostSevere);
  if (now.getTime() < until && !reachedTop) return { action: 'wait', until: new Date(until) };
  const best = new Map<string, PendingUpgrade>();
  for (const u of pending) {
    const b = best.get(u.sequence);
    if (!b || u.level < b.level || (u.level === b.level && u.at.getTime() < b.at.getTime())) best.set(u.sequence, u);
  }
  const upgrades = [...best.values()].sort((a, b) => (a.sequence < b.sequence ? -1 : a.sequence > b.sequence ? 1 : 0));
  return {
    action: 'page',
    upgrades,
    coalesced: pending.length,
    step: `upgrade-${upgrades.map((u) => u.label).join('-')}`,
  };
}

/**
 * The levels an upgrade page names, as pending upgrades at `at`: `upgrade-P2-D3` (on-call) → P2 and D3,
 * `leadership-P1` → P1 (the step names of incident `pagesFor`). Any other step (`initial`, a reopen) is not
 * an upgrade: null.
 */
export function upgradeStepLevels(step: string, at: Date): PendingUpgrade[] | null {
  const m = /^(?:upgrade|leadership)-(.+)$/.exec(step);
  if (!m) return null;
  const out: PendingUpgrade[] = [];
  for (const label of m[1]!.split('-')) {
    const l = /^([A-Za-z][A-Za-z0-9_]*?)([1-9][0-9]*)$/.exec(label);
    if (!l) return null;
    out.push({ at, sequence: l[1]!, level: Number(l[2]), label });
  }
  return out.length > 0 ? out : null;
}

/**
 * Whether a delayed upgrade page is overtaken: the incident has since become more severe in a sequence the
 * page names, so the later upgrade's page (sent, or waiting its own window) stands for it.
 * @param current the incident's levels now (`{ P: 1 }`)
 */
export function upgradeSuperseded(
  pending: readonly PendingUpgrade[],
  current: Readonly<Record<string, number>>,
): boolean {
  return pending.some((u) => current[u.sequence] !== undefined && current[u.sequence]! < u.level);
}
