/**
 * Once-only events. A calculator that is asked again and again ("is anything overdue now?") must not
 * escalate twice for the same thing. Every such event carries a stable `key`; the caller keeps the keys it
 * has already emitted (in the database: a table with a unique key and insert-or-skip, so several nodes
 * still act once) and passes them back. The calculators stay pure: same inputs, same answer.
 */

/** An event that may be emitted at most once: `key` names the occasion, not the moment it was observed. */
export interface OnceEvent {
  key: string;
}

/** What a once-only calculator returns: the new events, and the emitted keys including them. */
export interface Emission<E extends OnceEvent> {
  /** Events not emitted before, in the calculator's order; no two share a key. */
  events: E[];
  /** The previous keys plus the keys of `events`. */
  emitted: ReadonlySet<string>;
}

/**
 * Keeps the candidates whose key is not in `emitted` (and the first of any candidates sharing a key).
 * @param candidates every event that is due now, emitted before or not
 * @param emitted the keys emitted so far
 */
export function emitOnce<E extends OnceEvent>(candidates: readonly E[], emitted: Iterable<string>): Emission<E> {
  const seen = new Set(emitted);
  const events: E[] = [];
  for (const c of candidates) {
    if (seen.has(c.key)) continue;
    seen.add(c.key);
    events.push(c);
  }
  return { events, emitted: seen };
}
