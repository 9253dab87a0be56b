/**
 * A stored overlay: objects people store through the API (schedules, escalation policies…) that a node keeps
 * in memory and merges into the active config. Each node re-reads them after a change it made and every poll
 * interval for changes made through other nodes; a merge is cached until the config or the stored part
 * changes, and a poll that finds nothing new keeps the same objects (so the cache holds).
 */

/** One overlay: `load` reads the stored part, `merge` applies it to a config (pure). */
export interface OverlaySource<S, C> {
  empty: S;
  load(now: Date): Promise<S>;
  merge(base: C, stored: S): C;
}

export interface Overlay<S, C> {
  /** `base` with the stored part merged; the same object until either changes. */
  apply(base: C): C;
  /** The stored part as last loaded. */
  stored(): S;
  /** Re-reads the stored part. */
  load(now: Date): Promise<void>;
  /** Re-reads every `ms` until `stop()`; a failed read is passed to `onError` and retried next time. */
  poll(clock: { now(): Date }, ms: number, onError: (e: unknown) => void): void;
  stop(): void;
}

/** A text that changes whenever the stored part does (Maps as entry lists, Dates as ISO text). */
function fingerprint(s: unknown): string {
  return JSON.stringify(s, (_k, v: unknown) => (v instanceof Map ? [...v.entries()] : v));
}

/** Creates an overlay holding `source.empty`; call `load` before serving. */
export function createOverlay<S, C>(source: OverlaySource<S, C>): Overlay<S, C> {
  let stored = source.empty;
  let signature = fingerprint(stored);
  let cache: { base: C; stored: S; merged: C } | null = null;
  let timer: NodeJS.Timeout | null = null;
  const take = (next: S) => {
    const sig = fingerprint(next);
    if (sig !== signature) {
      stored = next;
      signature = sig;
    }
  };
  return {
    apply(base) {
      if (cache && cache.base === base && cache.stored === stored) return cache.merged;
      cache = { base, stored, merged: source.merge(base, stored) };
      return cache.merged;
    },
    stored: () => stored,
    async load(now) {
      take(await source.load(now));
    },
    poll(clock, ms, onError) {
      if (timer) clearInterval(timer);
      timer = setInterval(() => {
        source.load(clock.now()).then(take, onError);
      }, ms);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
