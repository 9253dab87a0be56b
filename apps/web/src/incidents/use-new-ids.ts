import { useEffect, useRef, useState } from 'react';

/** How long a newly arrived incident row stays highlighted, in ms. */
export const NEW_ROW_HIGHLIGHT_MS = 6_000;

/**
 * Ids that appeared in `ids` since the first load of the current `scope` (e.g. the list filter), kept for
 * a few seconds so their rows can be highlighted. The first load and a scope change highlight nothing.
 */
export function useNewIds(ids: readonly number[] | undefined, scope: string): ReadonlySet<number> {
  const known = useRef<{ scope: string; ids: Set<number> } | null>(null);
  const timers = useRef<Array<ReturnType<typeof setTimeout>>>([]);
  const [fresh, setFresh] = useState<ReadonlySet<number>>(new Set());

  useEffect(() => {
    if (!ids) return;
    if (known.current === null || known.current.scope !== scope) {
      known.current = { scope, ids: new Set(ids) };
      setFresh(new Set());
      return;
    }
    const seen = known.current.ids;
    const added = ids.filter((id) => !seen.has(id));
    if (added.length === 0) return;
    for (const id of added) seen.add(id);
    setFresh((previous) => new Set([...previous, ...added]));
    const timer = setTimeout(() => {
      setFresh((previous) => new Set([...previous].filter((id) => !added.includes(id))));
    }, NEW_ROW_HIGHLIGHT_MS);
    timers.current.push(timer);
  }, [ids, scope]);

  useEffect(() => () => timers.current.forEach(clearTimeout), []);

  return fresh;
}
