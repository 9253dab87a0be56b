/**
 * Flapping (DESIGN §5 step 2): an alert that fires again shortly after its incident resolved reopens that
 * incident instead of opening a new one, so a flapping check is one incident with a history, not a page each
 * time it flips.
 */

/** The latest incident of the alert's group key, as the reopen decision needs it. */
export interface RecentIncident {
  readonly id: number;
  readonly status: 'triggered' | 'acknowledged' | 'mitigated' | 'resolved' | 'closed';
  /** When it resolved; null while open. */
  readonly resolvedAt: Date | null;
}

/** Reopen settings (configurable; `windowMs` 0 turns reopening off). */
export interface FlappingConfig {
  /** How long after resolving an incident may be reopened, in milliseconds. */
  readonly windowMs: number;
}

/** `reopen` the incident, or `open-new` one; `reason` goes to the timeline and the alert's join reason. */
export type FlappingDecision =
  | { readonly action: 'reopen'; readonly incidentId: number; readonly reason: string }
  | { readonly action: 'open-new'; readonly reason: string };

/**
 * Decides whether a firing alert with no open incident for its group key reopens the latest resolved one.
 * It reopens when that incident is `resolved` (not `closed`: a closed incident has been reviewed) and `now` is
 * strictly less than `windowMs` after its resolution.
 */
export function decideReopen(latest: RecentIncident | null, config: FlappingConfig, now: Date): FlappingDecision {
  if (!latest) return { action: 'open-new', reason: 'no earlier incident for this group' };
  if (config.windowMs <= 0) return { action: 'open-new', reason: 'reopening is turned off' };
  if (latest.status !== 'resolved' || !latest.resolvedAt) {
    return { action: 'open-new', reason: `incident #${latest.id} is ${latest.status}, not resolved` };
  }
  const since = now.getTime() - latest.resolvedAt.getTime();
  const minutes = (ms: number): string => `${Math.round(ms / 60_000)} min`;
  if (since < config.windowMs) {
    return {
      action: 'reopen',
      incidentId: latest.id,
      reason: `fired again ${minutes(since)} after incident #${latest.id} resolved (within ${minutes(config.windowMs)}): reopened`,
    };
  }
  return {
    action: 'open-new',
    reason: `incident #${latest.id} resolved ${minutes(since)} ago, beyond the ${minutes(config.windowMs)} reopen window`,
  };
}
