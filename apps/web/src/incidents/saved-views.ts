/**
 * Saved views of the incident list, per person: a name and the list's address query
 * (`level=P1&team=payments`). Kept in this browser's storage under the signed-in person's name, so two people
 * sharing a browser keep their own.
 */
import { useCallback, useState } from 'react';

export interface SavedView {
  name: string;
  query: string;
}

const keyOf = (person: string) => `faultline.incident-views.${person}`;

/** The saved views stored for `person`; anything unreadable counts as none. Pure apart from storage. */
export function readViews(storage: Pick<Storage, 'getItem'>, person: string): SavedView[] {
  try {
    const raw: unknown = JSON.parse(storage.getItem(keyOf(person)) ?? '[]');
    if (!Array.isArray(raw)) return [];
    return raw.filter(
      (v): v is SavedView =>
        typeof v === 'object' && v !== null && typeof v.name === 'string' && typeof v.query === 'string',
    );
  } catch {
    return [];
  }
}

/** `views` with `view` added, replacing one of the same name; names are trimmed, at most 60 characters. */
export function withView(views: readonly SavedView[], view: SavedView): SavedView[] {
  const name = view.name.trim().slice(0, 60);
  if (!name) return [...views];
  return [...views.filter((v) => v.name !== name), { name, query: view.query }].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
}

/** The saved views of `person`, with save and remove. */
export function useSavedViews(person: string) {
  const [views, setViews] = useState(() => readViews(localStorage, person));
  const store = useCallback(
    (next: SavedView[]) => {
      localStorage.setItem(keyOf(person), JSON.stringify(next));
      setViews(next);
    },
    [person],
  );
  return {
    views,
    save: (view: SavedView) => store(withView(views, view)),
    remove: (name: string) => store(views.filter((v) => v.name !== name)),
  };
}
