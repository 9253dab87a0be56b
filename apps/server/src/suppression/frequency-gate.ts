/**
 * The frequency gate (DESIGN §5 step 2): optionally, a group opens an incident only after N firings within M
 * minutes; below that it stays a risk (recorded, visible, never paging). A "firing" is an alert becoming firing
 * (a new alert, or one firing again after it resolved), not a sender's repeat of a still-firing alert, which
 * would let a chatty sender open the gate alone.
 */

/** Gate settings: `threshold` firings within `windowMs` milliseconds. A threshold of 1 or less means no gate. */
export interface FrequencyGateConfig {
  readonly threshold: number;
  readonly windowMs: number;
}

/** Whether the gate opens, and what to keep for the next decision. */
export interface GateDecision {
  /** Open an incident now (true), or record a risk (false). */
  readonly open: boolean;
  /** Firings counted in the window ending at `now`, this one included. */
  readonly count: number;
  /** The firing timestamps still inside the window, oldest first: what the store keeps for the group. */
  readonly keep: readonly Date[];
  /** The explanation recorded on the alert. */
  readonly reason: string;
}

/**
 * Decides the gate for a new firing at `now`, given the group's earlier firings.
 * A firing counts when it happened in the window `(now − windowMs, now]`.
 * @param earlier the group's earlier firing instants (any order; older ones are dropped from `keep`)
 */
export function frequencyGate(earlier: readonly Date[], config: FrequencyGateConfig, now: Date): GateDecision {
  const from = now.getTime() - config.windowMs;
  const keep = [...earlier, now]
    .filter((d) => d.getTime() > from && d.getTime() <= now.getTime())
    .sort((a, b) => a.getTime() - b.getTime());
  if (config.threshold <= 1) return { open: true, count: keep.length, keep: [], reason: 'no frequency gate' };
  const minutes = Math.round(config.windowMs / 60_000);
  const open = keep.length >= config.threshold;
  return {
    open,
    count: keep.length,
    keep: open ? [] : keep,
    reason: open
      ? `fired ${keep.length} times within ${minutes} min (gate: ${config.threshold}): incident opened`
      : `fired ${keep.length} of ${config.threshold} times within ${minutes} min: kept as a risk`,
  };
}
