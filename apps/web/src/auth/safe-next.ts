/**
 * The console path to return to after signing in, taken from `?next=`. Only same-origin paths are
 * accepted (`/incidents/7`); anything else, including `//host` and absolute URLs, falls back to the list.
 */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/incidents';
  if (next.startsWith('/signin')) return '/incidents';
  return next;
}
