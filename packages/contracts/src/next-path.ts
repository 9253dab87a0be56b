/**
 * Where to go after signing in (`?next=` of the console's sign-in page and of single sign-on): a path on
 * this server, checked the way a browser will read it, so it can never lead to another site (an open
 * redirect). Shared by the server (the single sign-on redirect) and the console (the sign-in page).
 */

/** Any origin works: only whether `next` keeps it matters. `.invalid` never resolves (RFC 2606). */
const BASE = 'http://faultline.invalid';

/**
 * `next` as a same-origin path (`/incidents/7?tab=timeline`), normalised as a browser resolves it, or null
 * when it is not one. Refused: anything that does not start with `/`; control characters and backslashes
 * (browsers drop tabs and newlines from URLs and read `\` as `/`, so `/\t/evil.example` and `/\evil.example`
 * name another host); whatever resolves to another origin (`//evil.example`, `https://…`); and a path that
 * resolves to one starting with `//` (`/.//evil.example`), which a browser given it as a redirect target would
 * read as a host.
 */
export function sameOriginPath(next: string | null | undefined): string | null {
  if (typeof next !== 'string' || !next.startsWith('/')) return null;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return null;
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('//') ? null : path;
}
