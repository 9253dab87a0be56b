/**
 * The page a mute held back (DESIGN §5; issue "a silence ending while firing pages once"). Alertmanager's
 * rule, which Faultline keeps: a muted alert does not notify, and when the mute ends while the alert still
 * fires, it notifies then. The peers' traps this guards against: staying suppressed after the end (Keep), and
 * paging twice when both the end-of-mute timer and the alert's next repeat notice the end.
 *
 * The engine keeps one fact per alert, `heldSince` (when a firing, not-yet-paged alert was first muted in
 * this episode), and asks `decideHeldPage` whenever something may have changed: each signal of the alert, the
 * timer at `recheckAt`, a silence expired or edited by hand, an inhibiting source resolving. The answer's
 * idempotency key names the episode, so however many of those race, the release pages once.
 */
import type { MuteReason } from './types.ts';
import { describeMute } from './types.ts';

/** What the engine knows about one alert when it asks. */
export interface HeldPageInput {
  /** The alert's id, for the idempotency key. */
  readonly alertId: string | number;
  /** The alert is firing now (false: resolved). */
  readonly firing: boolean;
  /** Set while a page is held back: when this mute episode began. */
  readonly heldSince: Date | null;
  /** The alert's incident has already paged for it (a held page is then owed to no one). */
  readonly alreadyPaged: boolean;
  /** Why the alert is muted at `now` (silences, maintenance, inhibition); empty when it is not. */
  readonly mutedBy: readonly MuteReason[];
  readonly now: Date;
}

/**
 * - `hold`: muted; do not page; store `heldSince`; re-ask at `recheckAt` (null: only an event can end the
 *   mute, e.g. an inhibiting source resolving).
 * - `page`: the mute ended while the alert fires: page now, with `idempotencyKey`, and clear `heldSince`.
 * - `drop`: clear `heldSince`, page nothing (the alert resolved while muted, or its incident already paged).
 * - `none`: nothing held and nothing muted: convergence pages as usual.
 */
export type HeldPageDecision =
  | { readonly action: 'hold'; readonly heldSince: Date; readonly recheckAt: Date | null; readonly why: string[] }
  | { readonly action: 'page'; readonly idempotencyKey: string; readonly why: string }
  | { readonly action: 'drop'; readonly why: string }
  | { readonly action: 'none' };

/**
 * Decides what to do with an alert's held page at `now`.
 * @returns the decision; pure, so asking twice with the same input answers the same (and `page` carries the
 *   same key both times)
 */
export function decideHeldPage(input: HeldPageInput): HeldPageDecision {
  const { heldSince, mutedBy, now } = input;
  if (!input.firing) {
    return heldSince ? { action: 'drop', why: 'resolved while muted: nothing to page' } : { action: 'none' };
  }
  if (input.alreadyPaged) {
    return heldSince ? { action: 'drop', why: 'its incident has already paged' } : { action: 'none' };
  }
  if (mutedBy.length > 0) {
    return {
      action: 'hold',
      heldSince: heldSince ?? now,
      recheckAt: earliestEnd(mutedBy),
      why: mutedBy.map(describeMute),
    };
  }
  if (!heldSince) return { action: 'none' };
  return {
    action: 'page',
    idempotencyKey: `released:${input.alertId}:${heldSince.toISOString()}`,
    why: `muted since ${heldSince.toISOString()}; the mute ended at or before ${now.toISOString()} while the alert still fires`,
  };
}

/** The first instant one of the reasons ends on its own, or null when none has an end. */
function earliestEnd(reasons: readonly MuteReason[]): Date | null {
  let at: number | null = null;
  for (const r of reasons) {
    const until = r.kind === 'inhibition' ? null : r.until;
    if (until && (at === null || until.getTime() < at)) at = until.getTime();
  }
  return at === null ? null : new Date(at);
}
